package se.nyckeln.chargeback.output.sie;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads an SIE 4 file with vouchers back into a {@link SieFile} (CP437). Verifies the {@code #KSUMMA}
 * checksum exactly as {@link SieWriter} documents it, accepting the value printed signed or unsigned
 * (compared modulo 2³²); rejects an opening {@code #KSUMMA} without a closing one (truncated file), a wrong
 * checksum, a first record other than {@code #FLAGGA}, and a voucher whose transactions do not sum to zero.
 * A file without any {@code #KSUMMA} is accepted (the record is optional in the spec). Unknown labels are
 * ignored (but covered by the checksum). Empty lines are ignored; CRLF and LF both end a line.
 */
public final class SieReader {

    private SieReader() {
    }

    /** @throws SieFormatException (an IllegalArgumentException) naming the line of the first problem */
    public static SieFile read(InputStream in) {
        byte[] data;
        try {
            data = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = new String(data, Sie.CP437);
        String[] lines = text.split("\n", -1);

        String program = null;
        String programVersion = null;
        LocalDate generated = null;
        String generatedBy = null;
        String orgNr = null;
        String companyName = null;
        LocalDate yearStart = null;
        LocalDate yearEnd = null;
        List<SieAccount> accounts = new ArrayList<>();
        List<SieDimension> dimensions = new ArrayList<>();
        List<SieObject> objects = new ArrayList<>();
        List<SieVoucher> vouchers = new ArrayList<>();

        CRC32 crc = null;
        boolean ksummaClosed = false;
        boolean first = true;
        String[] ver = null;          // series, number, date, text of the open voucher
        int verLine = 0;
        boolean inBlock = false;
        List<SieTransaction> transactions = null;

        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i];
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                continue;
            }
            if (ksummaClosed) {
                throw new SieFormatException(lineNo, "content after the closing #KSUMMA");
            }
            if (trimmed.equals("{")) {
                if (ver == null || inBlock) {
                    throw new SieFormatException(lineNo, "'{' without a #VER");
                }
                inBlock = true;
                transactions = new ArrayList<>();
                continue;
            }
            if (trimmed.equals("}")) {
                if (!inBlock) {
                    throw new SieFormatException(lineNo, "'}' without '{'");
                }
                long sum = 0;
                for (SieTransaction t : transactions) {
                    sum += t.amountOre();
                }
                if (sum != 0) {
                    throw new SieFormatException(verLine, "voucher " + ver[0] + " " + ver[1]
                            + " is unbalanced: its transactions sum to " + Sie.amount(sum));
                }
                vouchers.add(new SieVoucher(ver[0], ver[1], date(ver[2], verLine), ver[3], transactions));
                ver = null;
                inBlock = false;
                continue;
            }
            Record r = parse(trimmed, lineNo);
            if (first) {
                if (!r.label().equals("#FLAGGA")) {
                    throw new SieFormatException(lineNo, "an SIE file starts with #FLAGGA");
                }
                first = false;
                continue;
            }
            if (r.label().equals("#KSUMMA")) {
                if (r.fields().isEmpty()) {
                    if (crc != null) {
                        throw new SieFormatException(lineNo, "a second opening #KSUMMA");
                    }
                    crc = new CRC32();
                } else {
                    if (crc == null) {
                        throw new SieFormatException(lineNo, "closing #KSUMMA without an opening one");
                    }
                    long stated;
                    try {
                        stated = Long.parseLong(r.fields().get(0).text());
                    } catch (NumberFormatException e) {
                        throw new SieFormatException(lineNo, "#KSUMMA is not a number");
                    }
                    if ((stated & 0xFFFFFFFFL) != crc.getValue()) {
                        throw new SieFormatException(lineNo, "#KSUMMA " + stated + " does not match the content (computed "
                                + crc.getValue() + ")");
                    }
                    ksummaClosed = true;
                }
                continue;
            }
            if (crc != null) {
                crc.update(r.label().getBytes(Sie.CP437));
                for (Field f : r.fields()) {
                    crc.update(f.covered().getBytes(Sie.CP437));
                }
            }
            if (inBlock && !r.label().equals("#TRANS") && !r.label().equals("#RTRANS") && !r.label().equals("#BTRANS")) {
                throw new SieFormatException(lineNo, r.label() + " inside a voucher block");
            }
            switch (r.label()) {
                case "#PROGRAM" -> {
                    program = r.text(0);
                    programVersion = r.text(1);
                }
                case "#FORMAT" -> {
                    if (!"PC8".equals(r.text(0))) {
                        throw new SieFormatException(lineNo, "only #FORMAT PC8 is supported");
                    }
                }
                case "#GEN" -> {
                    generated = date(r.need(0, lineNo), lineNo);
                    generatedBy = r.text(1);
                }
                case "#SIETYP" -> {
                    if (!"4".equals(r.text(0))) {
                        throw new SieFormatException(lineNo, "expected #SIETYP 4, got " + r.text(0));
                    }
                }
                case "#FNAMN" -> companyName = r.text(0);
                case "#ORGNR" -> orgNr = r.text(0);
                case "#RAR" -> {
                    if ("0".equals(r.text(0))) {
                        yearStart = date(r.need(1, lineNo), lineNo);
                        yearEnd = date(r.need(2, lineNo), lineNo);
                    }
                }
                case "#KONTO" -> accounts.add(new SieAccount(r.need(0, lineNo), r.text(1)));
                case "#DIM" -> dimensions.add(new SieDimension(integer(r.need(0, lineNo), lineNo), r.text(1)));
                case "#OBJEKT" -> objects.add(new SieObject(integer(r.need(0, lineNo), lineNo), r.need(1, lineNo), r.text(2)));
                case "#VER" -> {
                    if (ver != null) {
                        throw new SieFormatException(lineNo, "#VER before the previous voucher's block");
                    }
                    ver = new String[] {r.textOr(0, ""), r.textOr(1, ""), r.need(2, lineNo), r.textOr(3, "")};
                    verLine = lineNo;
                }
                case "#TRANS" -> {
                    if (!inBlock) {
                        throw new SieFormatException(lineNo, "#TRANS outside a voucher block");
                    }
                    if (r.fields().size() < 3 || r.fields().get(1).objects() == null) {
                        throw new SieFormatException(lineNo, "#TRANS needs account, {object list} and amount");
                    }
                    transactions.add(new SieTransaction(r.need(0, lineNo), r.fields().get(1).objects(),
                            amount(r.need(2, lineNo), lineNo), r.text(4)));
                }
                default -> {
                    // #RTRANS/#BTRANS and unknown labels: ignored (importers must ignore unknown labels)
                }
            }
        }
        if (first) {
            throw new SieFormatException(0, "empty file");
        }
        if (ver != null) {
            throw new SieFormatException(verLine, "voucher without a complete { } block");
        }
        if (crc != null && !ksummaClosed) {
            throw new SieFormatException(0, "opening #KSUMMA without a closing #KSUMMA: the file is truncated");
        }
        return new SieFile(program, programVersion, generated, generatedBy, orgNr, companyName, yearStart, yearEnd,
                accounts, dimensions, objects, vouchers);
    }

    private static LocalDate date(String s, int line) {
        try {
            return LocalDate.parse(s, Sie.DATE);
        } catch (DateTimeParseException e) {
            throw new SieFormatException(line, "not a date YYYYMMDD: " + s);
        }
    }

    private static int integer(String s, int line) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new SieFormatException(line, "not a number: " + s);
        }
    }

    /** "38110.00", "-12.5", "7" → öre; more than two decimals or a comma is an error. */
    static long amount(String s, int line) {
        try {
            BigDecimal b = new BigDecimal(s);
            return b.movePointRight(2).setScale(0, java.math.RoundingMode.UNNECESSARY).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new SieFormatException(line, "not an amount with at most two decimals: " + s);
        }
    }

    /** One field: its text (unescaped) or, for {…}, its object list; and what the checksum covers. */
    record Field(String text, Map<Integer, String> objects, String covered) {
    }

    record Record(String label, List<Field> fields) {
        String text(int i) {
            return i < fields.size() ? fields.get(i).text() : null;
        }

        String textOr(int i, String dflt) {
            String t = text(i);
            return t == null ? dflt : t;
        }

        String need(int i, int line) {
            String t = text(i);
            if (t == null) {
                throw new SieFormatException(line, label + ": field " + (i + 1) + " is missing");
            }
            return t;
        }
    }

    static Record parse(String line, int lineNo) {
        int[] pos = {0};
        skipSpace(line, pos);
        int start = pos[0];
        while (pos[0] < line.length() && !isSpace(line.charAt(pos[0]))) {
            pos[0]++;
        }
        String label = line.substring(start, pos[0]).toUpperCase(java.util.Locale.ROOT);
        if (!label.startsWith("#")) {
            throw new SieFormatException(lineNo, "a record starts with a #label");
        }
        List<Field> fields = new ArrayList<>();
        while (true) {
            skipSpace(line, pos);
            if (pos[0] >= line.length()) {
                break;
            }
            char c = line.charAt(pos[0]);
            if (c == '{') {
                pos[0]++;
                Map<Integer, String> objects = new LinkedHashMap<>();
                StringBuilder covered = new StringBuilder();
                List<String> tokens = new ArrayList<>();
                while (true) {
                    skipSpace(line, pos);
                    if (pos[0] >= line.length()) {
                        throw new SieFormatException(lineNo, "object list without '}'");
                    }
                    if (line.charAt(pos[0]) == '}') {
                        pos[0]++;
                        break;
                    }
                    tokens.add(token(line, pos, lineNo, true));
                }
                if (tokens.size() % 2 != 0) {
                    throw new SieFormatException(lineNo, "object list needs pairs of dimension and object");
                }
                for (int k = 0; k < tokens.size(); k += 2) {
                    objects.put(integer(tokens.get(k), lineNo), tokens.get(k + 1));
                    covered.append(tokens.get(k)).append(tokens.get(k + 1));
                }
                fields.add(new Field(null, objects, covered.toString()));
            } else {
                String t = token(line, pos, lineNo, false);
                fields.add(new Field(t, null, t));
            }
        }
        return new Record(label, fields);
    }

    private static String token(String line, int[] pos, int lineNo, boolean inObjects) {
        StringBuilder sb = new StringBuilder();
        if (line.charAt(pos[0]) == '"') {
            pos[0]++;
            while (true) {
                if (pos[0] >= line.length()) {
                    throw new SieFormatException(lineNo, "string without a closing quote");
                }
                char ch = line.charAt(pos[0]++);
                if (ch == '\\' && pos[0] < line.length()) {
                    sb.append(line.charAt(pos[0]++));
                } else if (ch == '"') {
                    return sb.toString();
                } else {
                    sb.append(ch);
                }
            }
        }
        while (pos[0] < line.length()) {
            char ch = line.charAt(pos[0]);
            if (isSpace(ch) || (inObjects && ch == '}')) {
                break;
            }
            sb.append(ch);
            pos[0]++;
        }
        return sb.toString();
    }

    private static void skipSpace(String line, int[] pos) {
        while (pos[0] < line.length() && isSpace(line.charAt(pos[0]))) {
            pos[0]++;
        }
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t';
    }
}
