package se.nyckeln.chargeback.output.sie;

import java.time.LocalDate;
import java.util.List;

/** An SIE 4I file: identification, optional chart (accounts, dimensions, objects) and vouchers. */
public record SieFile(String program, String programVersion, LocalDate generated, String generatedBy,
        String orgNr, String companyName, LocalDate fiscalYearStart, LocalDate fiscalYearEnd,
        List<SieAccount> accounts, List<SieDimension> dimensions, List<SieObject> objects,
        List<SieVoucher> vouchers) {

    public SieFile {
        accounts = accounts == null ? List.of() : List.copyOf(accounts);
        dimensions = dimensions == null ? List.of() : List.copyOf(dimensions);
        objects = objects == null ? List.of() : List.copyOf(objects);
        vouchers = vouchers == null ? List.of() : List.copyOf(vouchers);
    }
}
