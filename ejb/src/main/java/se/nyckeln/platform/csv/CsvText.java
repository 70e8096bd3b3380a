package se.nyckeln.platform.csv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Decodes an uploaded file as Swedish offices produce them: a BOM decides (UTF-8, UTF-16LE, UTF-16BE);
 * without one, strict UTF-8 is tried and Windows-1252 (Excel's "CSV (semikolonavgränsad)") is the fallback.
 * Decoding never guesses past an error: every undecodable byte sequence is reported with its line, and the
 * file is then refused by the caller.
 */
public final class CsvText {

    public static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    private CsvText() {
    }

    /** A byte sequence the chosen charset cannot decode, on a (1-based) line. */
    public record Undecodable(long line, String bytesHex) {
    }

    public record Decoded(String text, Charset charset, List<Undecodable> problems) {
    }

    public static Decoded decode(byte[] data) {
        if (startsWith(data, 0xEF, 0xBB, 0xBF)) {
            return decode(data, 3, StandardCharsets.UTF_8);
        }
        if (startsWith(data, 0xFF, 0xFE)) {
            return decode(data, 2, StandardCharsets.UTF_16LE);
        }
        if (startsWith(data, 0xFE, 0xFF)) {
            return decode(data, 2, StandardCharsets.UTF_16BE);
        }
        Decoded utf8 = decode(data, 0, StandardCharsets.UTF_8);
        if (utf8.problems().isEmpty()) {
            return utf8;
        }
        return decode(data, 0, WINDOWS_1252);
    }

    static Decoded decode(byte[] data, int offset, Charset charset) {
        CharsetDecoder decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(data, offset, data.length - offset);
        CharBuffer out = CharBuffer.allocate(Math.max(16, data.length));
        List<Undecodable> problems = new ArrayList<>();
        long line = 1;
        int counted = 0;
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isOverflow()) {
                CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
                out.flip();
                bigger.put(out);
                out = bigger;
                continue;
            }
            if (r.isError()) {
                for (int i = counted; i < out.position(); i++) {
                    if (out.get(i) == '\n') {
                        line++;
                    }
                }
                counted = out.position() + 1;
                byte[] bad = new byte[r.length()];
                in.get(bad);
                problems.add(new Undecodable(line, HexFormat.of().withUpperCase().formatHex(bad)));
                if (out.remaining() < 1) {
                    CharBuffer bigger = CharBuffer.allocate(out.capacity() * 2 + 16);
                    out.flip();
                    bigger.put(out);
                    out = bigger;
                }
                out.put('\uFFFD');
                continue;
            }
            break;
        }
        decoder.flush(out);
        out.flip();
        return new Decoded(out.toString(), charset, problems);
    }

    private static boolean startsWith(byte[] data, int... prefix) {
        if (data.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((data[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Semicolon or comma, whichever the header line (outside quotes) has more of; comma on a tie. */
    public static char delimiter(String text) {
        int semicolons = 0;
        int commas = 0;
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                if (!quoted) {
                    break;
                }
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == ';') {
                semicolons++;
            } else if (!quoted && c == ',') {
                commas++;
            }
        }
        return semicolons > commas ? ';' : ',';
    }
}
