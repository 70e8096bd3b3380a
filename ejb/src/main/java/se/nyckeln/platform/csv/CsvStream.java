package se.nyckeln.platform.csv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import se.nyckeln.platform.problem.ImportError;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@link CsvTable} for files too large to hold: the same rows, header rules and problems, but read from a stream
 * one record at a time and handed to a {@link Handler}, so memory does not grow with the file.
 *
 * <p>One difference in decoding: a file without a byte-order mark is decoded <em>line by line</em> — a line that
 * is valid UTF-8 is read as UTF-8, any other as Windows-1252 (whose few undefined bytes are reported
 * {@code undecodable} with their line). {@link CsvTable} decides once for the whole file, which needs the whole
 * file; for a file in one encoding both read the same text. UTF-8 with BOM is strict (a bad byte is
 * {@code undecodable}); UTF-16 (BOM) is decoded as a stream and a malformed sequence ends the read with
 * {@code unreadable-csv}.
 */
public final class CsvStream {

    /** Receives the file's parts in order: problems (with their lines) may come between rows. */
    public interface Handler {
        /** The header names (lower-cased, trimmed); {@code missingColumns} when a required one is absent. */
        void header(List<String> headers, boolean missingColumns);

        void row(CsvTable.Row row);

        void error(ImportError error);
    }

    private CsvStream() {
    }

    /**
     * Reads the whole stream. Rows are not handed on when a required column is missing (each row's check would
     * only repeat that problem), but the file is still read to its end, so undecodable bytes are all reported.
     */
    public static void read(String file, InputStream data, List<String> requiredColumns, Handler handler) {
        BufferedInputStream in = new BufferedInputStream(data, 1 << 16);
        Reader reader;
        String firstLine;
        try {
            Charset bom = bom(in);
            if (bom == StandardCharsets.UTF_16LE || bom == StandardCharsets.UTF_16BE) {
                CharsetDecoder d = bom.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT);
                LineReader lines = new LineReader(new InputStreamReader(in, d));
                reader = lines;
                firstLine = lines.peekFirstLine();
            } else {
                LineDecodingReader lines = new LineDecodingReader(file, in, bom != null, handler);
                reader = lines;
                firstLine = lines.peekFirstLine();
            }
        } catch (IOException | UncheckedIOException e) {
            handler.error(new ImportError(file, 0, null, null, "unreadable-csv", String.valueOf(e.getMessage())));
            return;
        }
        if (firstLine == null) {
            handler.error(new ImportError(file, 1, null, null, "empty-file"));
            return;
        }
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(CsvText.delimiter(firstLine))
                .setIgnoreEmptyLines(true).get();
        List<String> headers = new ArrayList<>();
        boolean skipRows = false;
        try (CSVParser parser = CSVParser.builder().setReader(reader).setFormat(format).get()) {
            long nextLine = 1;
            boolean first = true;
            for (CSVRecord record : parser) {
                long line = nextLine;
                nextLine = parser.getCurrentLineNumber() + 1;
                if (first) {
                    for (String h : record) {
                        headers.add(h.trim().toLowerCase(Locale.ROOT));
                    }
                    first = false;
                    boolean missing = false;
                    for (String required : requiredColumns) {
                        if (!headers.contains(required.toLowerCase(Locale.ROOT))) {
                            handler.error(new ImportError(file, 1, required, null, "missing-column", required));
                            missing = true;
                        }
                    }
                    skipRows = missing;
                    handler.header(List.copyOf(headers), missing);
                    continue;
                }
                if (skipRows || record.size() == 1 && record.get(0).isBlank()) {
                    continue;
                }
                Map<String, String> values = new HashMap<>();
                for (int i = 0; i < headers.size() && i < record.size(); i++) {
                    String v = record.get(i).trim();
                    values.putIfAbsent(headers.get(i), v.isEmpty() ? null : v);
                }
                handler.row(new CsvTable.Row(line, values));
            }
            if (first) {
                handler.error(new ImportError(file, 1, null, null, "empty-file"));
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            handler.error(new ImportError(file, 0, null, null, "unreadable-csv", String.valueOf(e.getMessage())));
        }
    }

    /** Consumes a byte-order mark and names its charset; null when there is none. */
    private static Charset bom(BufferedInputStream in) throws IOException {
        in.mark(3);
        int a = in.read();
        int b = in.read();
        int c = in.read();
        if (a == 0xEF && b == 0xBB && c == 0xBF) {
            return StandardCharsets.UTF_8;
        }
        in.reset();
        if (a == 0xFF && b == 0xFE || a == 0xFE && b == 0xFF) {
            in.skip(2);
            return a == 0xFF ? StandardCharsets.UTF_16LE : StandardCharsets.UTF_16BE;
        }
        return null;
    }

    /** A reader over another that can show its first line before the parser starts. */
    private static final class LineReader extends Reader {
        private final Reader in;
        private String pending;
        private int pos;

        LineReader(Reader in) {
            this.in = in;
        }

        String peekFirstLine() throws IOException {
            StringBuilder sb = new StringBuilder();
            int ch;
            boolean any = false;
            while ((ch = in.read()) >= 0) {
                any = true;
                sb.append((char) ch);
                if (ch == '\n') {
                    break;
                }
            }
            pending = sb.toString();
            return any ? stripBom(pending) : null;
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            if (pending != null && pos < pending.length()) {
                int n = Math.min(len, pending.length() - pos);
                pending.getChars(pos, pos + n, buf, off);
                pos += n;
                return n;
            }
            return in.read(buf, off, len);
        }

        /** The caller owns the stream (it may read on, e.g. to finish a digest): closing the parser leaves it open. */
        @Override
        public void close() {
        }
    }

    private static String stripBom(String s) {
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    /**
     * Reads bytes line by line (split at {@code \n}) and decodes each line: UTF-8 when it is valid UTF-8,
     * else (no BOM) Windows-1252; undecodable bytes become U+FFFD and are reported with their line.
     */
    static final class LineDecodingReader extends Reader {
        private static final HexFormat HEX = HexFormat.of().withUpperCase();
        private final String file;
        private final InputStream in;
        private final boolean strictUtf8;
        private final Handler handler;
        private final CharsetDecoder utf8 = decoder(StandardCharsets.UTF_8);
        private final CharsetDecoder cp1252 = decoder(CsvText.WINDOWS_1252);
        private byte[] bytes = new byte[256];
        private CharBuffer chars = CharBuffer.allocate(256);
        private final byte[] inBuf = new byte[1 << 16];
        private int inPos;
        private int inLen;
        private long line;
        private boolean eof;

        LineDecodingReader(String file, InputStream in, boolean strictUtf8, Handler handler) {
            this.file = file;
            this.in = in;
            this.strictUtf8 = strictUtf8;
            this.handler = handler;
            chars.flip();
        }

        private static CharsetDecoder decoder(Charset cs) {
            return cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT);
        }

        String peekFirstLine() throws IOException {
            if (!nextLine()) {
                return null;
            }
            String first = chars.toString();
            return stripBom(first);
        }

        /** Decodes the next line into {@code chars}; false at the end of the stream. */
        private boolean nextLine() throws IOException {
            if (eof) {
                return false;
            }
            int n = 0;
            boolean newline = false;
            while (!newline) {
                if (inPos == inLen) {
                    inLen = in.read(inBuf, 0, inBuf.length);
                    inPos = 0;
                    if (inLen <= 0) {
                        inLen = 0;
                        eof = true;
                        break;
                    }
                }
                int end = inPos;
                while (end < inLen && inBuf[end] != '\n') {
                    end++;
                }
                if (end < inLen) {
                    end++; // take the newline
                    newline = true;
                }
                int k = end - inPos;
                if (n + k > bytes.length) {
                    bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, n + k));
                }
                System.arraycopy(inBuf, inPos, bytes, n, k);
                n += k;
                inPos = end;
            }
            if (eof && n == 0) {
                return false;
            }
            line++;
            if (chars.capacity() < n + 16) {
                chars = CharBuffer.allocate(n * 2 + 16);
            }
            chars.clear();
            if (!decodeStrict(utf8, n)) {
                chars.clear();
                decodeReporting(strictUtf8 ? utf8 : cp1252, n);
            }
            chars.flip();
            return true;
        }

        private boolean decodeStrict(CharsetDecoder d, int n) {
            d.reset();
            CoderResult r = d.decode(ByteBuffer.wrap(bytes, 0, n), chars, true);
            return !r.isError() && !r.isOverflow() && !d.flush(chars).isError();
        }

        private void decodeReporting(CharsetDecoder d, int n) {
            d.reset();
            ByteBuffer src = ByteBuffer.wrap(bytes, 0, n);
            while (true) {
                CoderResult r = d.decode(src, chars, true);
                if (r.isError()) {
                    byte[] bad = new byte[r.length()];
                    src.get(bad);
                    handler.error(new ImportError(file, line, null, HEX.formatHex(bad), "undecodable",
                            d.charset().name()));
                    chars.put('\uFFFD');
                    continue;
                }
                break;
            }
            d.flush(chars);
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            while (!chars.hasRemaining()) {
                if (!nextLine()) {
                    return -1;
                }
            }
            int k = Math.min(len, chars.remaining());
            chars.get(buf, off, k);
            return k;
        }

        /** The caller owns the stream (it may read on, e.g. to finish a digest): closing the parser leaves it open. */
        @Override
        public void close() {
        }
    }
}
