package se.nyckeln.chargeback.output.sie;

import java.time.LocalDate;
import java.util.List;

/** {@code #VER serie vernr verdatum "vertext"} with its {@code #TRANS} rows, which must sum to zero. */
public record SieVoucher(String series, String number, LocalDate date, String text,
        List<SieTransaction> transactions) {

    public SieVoucher {
        transactions = transactions == null ? List.of() : List.copyOf(transactions);
    }
}
