package se.nyckeln.chargeback.output;

import java.time.YearMonth;
import java.util.List;

/** What the kommun invoices one bolag for a period: its lines, net, VAT and gross in öre. */
public record InvoiceBasis(String bolagCode, String bolagName, String bolagOrgNr, YearMonth period,
        String runReference, List<InvoiceBasisLine> lines, long netOre, long vatOre, long grossOre) {

    public InvoiceBasis {
        lines = lines == null ? List.of() : List.copyOf(lines);
    }
}
