package se.nyckeln.chargeback.output.sie;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any set of balanced vouchers survives write → read unchanged, checksum included. */
class SieRoundTripPropertiesTest {

    /** Letters CP437 has, including Swedish ones, plus the characters quoting must handle. */
    static final String ALPHABET = "abcxyzABCXYZ0189åäöÅÄÖéü \"\\{}#;-.,'";

    @Property(tries = 300)
    void balancedVouchersRoundTrip(@ForAll("vouchers") List<SieVoucher> vouchers, @ForAll("texts") String company) {
        SieFile f = new SieFile("Nyckeln", "1.0", LocalDate.of(2026, 11, 30), "nyckeln", "212000-0142", company,
                null, null, List.of(), List.of(), List.of(), vouchers);
        SieFile back = SieReader.read(new ByteArrayInputStream(SieWriter.toBytes(f)));
        assertEquals(f, back);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMinLength(0).ofMaxLength(30);
    }

    Arbitrary<String> codes() {
        return Arbitraries.strings().withChars("0123456789ABCÅÄÖ -\"".toCharArray()).ofMinLength(1).ofMaxLength(8);
    }

    Arbitrary<SieTransaction> transaction(long amount) {
        return Combinators.combine(
                Arbitraries.strings().numeric().ofMinLength(4).ofMaxLength(5),
                Arbitraries.maps(Arbitraries.integers().between(1, 40), codes()).ofMaxSize(3),
                texts().injectNull(0.2))
                .as((account, objects, text) -> new SieTransaction(account, new TreeMap<>(objects), amount, text));
    }

    @Provide
    Arbitrary<List<SieVoucher>> vouchers() {
        Arbitrary<SieVoucher> voucher = Arbitraries.longs().between(-100_000_000_000L, 100_000_000_000L)
                .list().ofMinSize(1).ofMaxSize(6)
                .flatMap(amounts -> {
                    long sum = amounts.stream().mapToLong(Long::longValue).sum();
                    List<Long> all = new ArrayList<>(amounts);
                    all.add(-sum);
                    List<Arbitrary<SieTransaction>> ts = all.stream().map(this::transaction).toList();
                    Arbitrary<List<SieTransaction>> list = Combinators.combine(ts).as(x -> x);
                    return Combinators.combine(
                            Arbitraries.of("L", "A", "Ö"),
                            Arbitraries.strings().numeric().ofMaxLength(8),
                            Arbitraries.integers().between(0, 3000).map(d -> LocalDate.of(2025, 1, 1).plusDays(d)),
                            texts(), list)
                            .as(SieVoucher::new);
                });
        return voucher.list().ofMaxSize(5);
    }
}
