package se.nyckeln.chargeback.output.sie;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;

/**
 * Writes an SIE 4I file (vouchers for import into the ledger), per {@code shared/reference/formats.md} §1:
 * {@code #FLAGGA 0}, an opening {@code #KSUMMA}, identification ({@code #PROGRAM #FORMAT PC8 #GEN #SIETYP 4
 * #FNAMN #ORGNR #RAR #VALUTA}), chart ({@code #KONTO #DIM #OBJEKT}), vouchers ({@code #VER} with {@code {}}
 * and {@code #TRANS}), and the closing {@code #KSUMMA <crc>}. Bytes are IBM CP437 (characters CP437 lacks
 * become '?'), lines end in CRLF whatever the platform. Optional records with no value ({@code #ORGNR},
 * {@code #RAR}) are omitted, never written as null.
 *
 * <p>Checksum: CRC-32 ({@link CRC32}) over every record after the opening {@code #KSUMMA} and before the
 * closing one, each record contributing its label and its field contents as CP437 bytes — without the
 * whitespace between fields, the enclosing quotes, the escape backslashes and the {@code {}} braces (the
 * voucher block's brace lines contribute nothing). Written as an unsigned decimal.
 */
public final class SieWriter {

    /** An unquoted field's characters: no whitespace, quotes or braces (compiled once, not per field). */
    private static final Pattern TOKEN = Pattern.compile("[^\\s\"{}]+");

    private SieWriter() {
    }

    /** @throws IllegalArgumentException for a voucher whose transactions do not sum to zero, or one with none */
    public static void write(SieFile f, OutputStream out) {
        validate(f);
        Out o = new Out();
        o.raw("#FLAGGA 0");
        o.raw("#KSUMMA");
        o.rec("#PROGRAM", q(nz(f.program(), "Nyckeln")), q(nz(f.programVersion(), "")));
        o.rec("#FORMAT", b("PC8"));
        if (f.generatedBy() == null || f.generatedBy().isEmpty()) {
            o.rec("#GEN", b(Sie.date(req(f.generated(), "generated"))));
        } else {
            o.rec("#GEN", b(Sie.date(req(f.generated(), "generated"))), q(f.generatedBy()));
        }
        o.rec("#SIETYP", b("4"));
        o.rec("#FNAMN", q(nz(f.companyName(), "")));
        if (f.orgNr() != null && !f.orgNr().isBlank()) {
            o.rec("#ORGNR", b(token(f.orgNr(), "orgNr")));
        }
        if (f.fiscalYearStart() != null && f.fiscalYearEnd() != null) {
            o.rec("#RAR", b("0"), b(Sie.date(f.fiscalYearStart())), b(Sie.date(f.fiscalYearEnd())));
        }
        o.rec("#VALUTA", b("SEK"));
        for (SieAccount a : f.accounts()) {
            o.rec("#KONTO", b(token(a.number(), "account")), q(nz(a.name(), "")));
        }
        for (SieDimension d : f.dimensions()) {
            o.rec("#DIM", b(Integer.toString(d.number())), q(nz(d.name(), "")));
        }
        for (SieObject ob : f.objects()) {
            o.rec("#OBJEKT", b(Integer.toString(ob.dimension())), q(nz(ob.code(), "")), q(nz(ob.name(), "")));
        }
        for (SieVoucher v : f.vouchers()) {
            String date = Sie.date(v.date());
            if (f.generated() != null) {
                o.rec("#VER", q(nz(v.series(), "")), q(nz(v.number(), "")), b(date), q(nz(v.text(), "")),
                        b(Sie.date(f.generated())));
            } else {
                o.rec("#VER", q(nz(v.series(), "")), q(nz(v.number(), "")), b(date), q(nz(v.text(), "")));
            }
            o.raw("{");
            for (SieTransaction t : v.transactions()) {
                List<Field> fields = new ArrayList<>();
                fields.add(b(token(t.account(), "account")));
                fields.add(objects(t.objects()));
                fields.add(b(Sie.amount(t.amountOre())));
                fields.add(b(date));
                if (t.text() != null) {
                    fields.add(q(t.text()));
                }
                o.rec("#TRANS", fields.toArray(Field[]::new));
            }
            o.raw("}");
        }
        o.raw("#KSUMMA " + o.crc.getValue());
        try {
            out.write(o.bytes.toByteArray());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] toBytes(SieFile f) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(f, out);
        return out.toByteArray();
    }

    static void validate(SieFile f) {
        req(f.generated(), "generated");
        for (SieVoucher v : f.vouchers()) {
            req(v.date(), "voucher date");
            if (v.transactions().isEmpty()) {
                throw new IllegalArgumentException("voucher " + v.series() + " " + v.number() + " has no transactions");
            }
            long sum = 0;
            for (SieTransaction t : v.transactions()) {
                sum = Math.addExact(sum, t.amountOre());
            }
            if (sum != 0) {
                throw new IllegalArgumentException("voucher " + v.series() + " " + v.number()
                        + " is unbalanced: its transactions sum to " + Sie.amount(sum));
            }
        }
    }

    private static <T> T req(T value, String what) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is required");
        }
        return value;
    }

    private static String nz(String s, String dflt) {
        return s == null ? dflt : s;
    }

    /** An unquoted field (account numbers, orgnr): must be non-empty and free of whitespace, quotes and braces. */
    private static String token(String s, String what) {
        if (s == null || s.isEmpty() || !TOKEN.matcher(s).matches()) {
            throw new IllegalArgumentException(what + " must be a single token: " + s);
        }
        return s;
    }

    /** A field: how it is written and what the checksum covers. */
    record Field(String written, String covered) {
    }

    private static Field b(String s) {
        return new Field(s, s);
    }

    private static Field q(String s) {
        return new Field(Sie.quote(s), Sie.cleaned(s));
    }

    private static Field objects(Map<Integer, String> objects) {
        StringBuilder w = new StringBuilder("{");
        StringBuilder c = new StringBuilder();
        boolean first = true;
        for (Map.Entry<Integer, String> e : objects.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            if (!first) {
                w.append(' ');
            }
            first = false;
            w.append(e.getKey()).append(' ').append(Sie.quote(e.getValue()));
            c.append(e.getKey()).append(Sie.cleaned(e.getValue()));
        }
        return new Field(w.append('}').toString(), c.toString());
    }

    private static boolean ascii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static final class Out {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final CRC32 crc = new CRC32();
        final CharsetEncoder encoder = Sie.CP437.newEncoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .replaceWith(new byte[] {'?'});

        void raw(String line) {
            bytes.writeBytes(encode(line));
            bytes.writeBytes(new byte[] {'\r', '\n'});
        }

        void rec(String label, Field... fields) {
            StringBuilder line = new StringBuilder(label);
            crc.update(encode(label));
            for (Field f : fields) {
                line.append(' ').append(f.written());
                crc.update(encode(f.covered()));
            }
            raw(line.toString());
        }

        byte[] encode(String s) {
            if (ascii(s)) {
                return s.getBytes(StandardCharsets.US_ASCII); // CP437 is ASCII below 0x80
            }
            try {
                ByteBuffer bb = encoder.reset().encode(CharBuffer.wrap(s));
                byte[] out = new byte[bb.remaining()];
                bb.get(out);
                return out;
            } catch (CharacterCodingException e) {
                throw new IllegalStateException(e); // cannot happen with REPLACE
            }
        }
    }
}
