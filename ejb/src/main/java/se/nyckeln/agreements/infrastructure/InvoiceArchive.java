package se.nyckeln.agreements.infrastructure;

import se.nyckeln.platform.problem.ImportError;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * Opens an upload of invoices: one XML document, or a zip of them. Limits (docs/agreements.md, "Limits"): one
 * XML document at most {@link #MAX_DOCUMENT_BYTES}; a zip at most {@link #MAX_ENTRIES} entries, each entry
 * expanding to at most {@link #MAX_DOCUMENT_BYTES} and at most {@link #MAX_RATIO} times its compressed size,
 * and all entries together to at most {@link #MAX_EXPANDED_BYTES}. An entry whose name is absolute or climbs
 * out of its folder ({@code ..}) refuses the whole zip. Entries are counted while they inflate, so a zip bomb
 * is stopped at the limit rather than after it has filled memory.
 */
public final class InvoiceArchive {

    public static final int MAX_DOCUMENT_BYTES = 8 * 1024 * 1024;
    public static final long MAX_EXPANDED_BYTES = 200L * 1024 * 1024;
    public static final int MAX_RATIO = 100;
    public static final int MAX_ENTRIES = 10_000;

    /** One XML document and the name it came under. */
    public record Document(String name, byte[] bytes) {
    }

    public record Opened(List<Document> documents, List<ImportError> errors) {
    }

    private InvoiceArchive() {
    }

    public static boolean isZip(byte[] upload) {
        return upload.length >= 4 && upload[0] == 'P' && upload[1] == 'K' && upload[2] == 3 && upload[3] == 4;
    }

    public static Opened open(String fileName, byte[] upload) {
        if (!isZip(upload)) {
            if (upload.length > MAX_DOCUMENT_BYTES) {
                return refused(new ImportError(fileName, 0, null, String.valueOf(upload.length), "xml-too-large",
                        MAX_DOCUMENT_BYTES / (1024 * 1024) + " MiB"));
            }
            return new Opened(List.of(new Document(fileName, upload)), List.of());
        }
        List<Document> documents = new ArrayList<>();
        List<ImportError> errors = new ArrayList<>();
        long expanded = 0;
        int entries = 0;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(upload))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                String name = e.getName();
                String label = fileName + "!" + name;
                if (escapes(name)) {
                    return refused(new ImportError(fileName, 0, null, name, "zip-entry-escapes"));
                }
                if (++entries > MAX_ENTRIES) {
                    return refused(new ImportError(fileName, 0, null, String.valueOf(entries), "zip-too-many-entries",
                            MAX_ENTRIES));
                }
                if (e.isDirectory()) {
                    continue;
                }
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                byte[] buffer = new byte[64 * 1024];
                long size = 0;
                int n;
                while ((n = zip.read(buffer)) > 0) {
                    size += n;
                    expanded += n;
                    if (size > MAX_DOCUMENT_BYTES) {
                        return refused(new ImportError(label, 0, null, name, "zip-entry-too-large",
                                MAX_DOCUMENT_BYTES / (1024 * 1024) + " MiB"));
                    }
                    if (expanded > MAX_EXPANDED_BYTES || expanded > (long) MAX_RATIO * upload.length) {
                        return refused(new ImportError(label, 0, null, name, "zip-expands-too-far", MAX_RATIO,
                                MAX_EXPANDED_BYTES / (1024 * 1024) + " MiB"));
                    }
                    out.write(buffer, 0, n);
                }
                long compressed = e.getCompressedSize();
                if (compressed > 0 && size > (long) MAX_RATIO * compressed) {
                    return refused(new ImportError(label, 0, null, name, "zip-expands-too-far", MAX_RATIO,
                            MAX_EXPANDED_BYTES / (1024 * 1024) + " MiB"));
                }
                if (!name.toLowerCase(Locale.ROOT).endsWith(".xml")) {
                    errors.add(new ImportError(label, 0, null, name, "zip-entry-not-xml"));
                    continue;
                }
                documents.add(new Document(label, out.toByteArray()));
            }
        } catch (ZipException ex) {
            return refused(new ImportError(fileName, 0, null, null, "zip-unreadable", String.valueOf(ex.getMessage())));
        } catch (IOException ex) {
            return refused(new ImportError(fileName, 0, null, null, "zip-unreadable", String.valueOf(ex.getMessage())));
        }
        if (documents.isEmpty() && errors.isEmpty()) {
            errors.add(new ImportError(fileName, 0, null, null, "zip-empty"));
        }
        return new Opened(documents, errors);
    }

    /** An absolute name, a drive letter or a {@code ..} step leaves the archive's folder. */
    static boolean escapes(String name) {
        String n = name.replace('\\', '/');
        if (n.startsWith("/") || n.matches("^[A-Za-z]:.*") || n.indexOf('\0') >= 0) {
            return true;
        }
        for (String step : n.split("/")) {
            if ("..".equals(step)) {
                return true;
            }
        }
        return false;
    }

    private static Opened refused(ImportError e) {
        return new Opened(List.of(), List.of(e));
    }
}
