package se.nyckeln.agreements.infrastructure;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.csv.CsvTable;
import se.nyckeln.platform.problem.ImportError;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AgreementCsvTest {

    private static final Map<String, AgreementCsv.UnitRef> UNITS = Map.of(
            "ks", new AgreementCsv.UnitRef(10, "FACKNAMND"),
            "bolag-sisab", new AgreementCsv.UnitRef(20, "BOLAG"),
            "bolag-micasa", new AgreementCsv.UnitRef(21, "BOLAG"));

    private static CsvTable table(String text, List<String> columns) {
        return CsvTable.read("f.csv", text.getBytes(StandardCharsets.UTF_8), columns);
    }

    private static List<String> reasons(List<ImportError> errors) {
        return errors.stream().map(e -> e.line() + ":" + e.column() + ":" + e.reason()).toList();
    }

    @Test
    void aFrameworkWithBolagAndACallOffInTheSameFile() {
        var plan = AgreementCsv.agreements(table("""
                reference;supplier;kind;parent_reference;title;valid_from;valid_to;notice_months;owner_unit;kommun_may_call_off;call_off_units
                RA-1;Atea;FRAMEWORK;;Ramavtal;2025-01-01;2026-12-31;6;KS;ja;BOLAG-SISAB|bolag-micasa
                AV-1;Atea;call_off;RA-1;Avrop;2025-02-01;;;KS;nej;
                """, AgreementCsv.AGREEMENT_COLUMNS), Map.of("Atea", 7L), UNITS, Map.of());
        assertEquals(List.of(), plan.errors());
        assertEquals(2, plan.specs().size());
        var ra = plan.specs().get(0);
        assertEquals(List.of(20L, 21L), ra.callOffUnitIds());
        assertTrue(ra.kommunMayCallOff());
        assertEquals(6, ra.noticeMonths());
        assertEquals(LocalDate.of(2026, 12, 31), ra.validTo());
        var av = plan.specs().get(1);
        assertEquals("CALL_OFF", av.kind());
        assertEquals("RA-1", av.parentReference());
        assertFalse(av.kommunMayCallOff());
        assertEquals(0, av.noticeMonths());
    }

    @Test
    void everyProblemOfEveryRowIsListed() {
        var plan = AgreementCsv.agreements(table("""
                reference;supplier;kind;parent_reference;title;valid_from;valid_to;notice_months;owner_unit;kommun_may_call_off;call_off_units
                RA-1;Okänd AB;FRAMEWORK;;T;2025-01-01;2024-01-01;x;KS;kanske;BOLAG-X
                RA-1;Atea;CALL_OFF;RA-9;T;2025-01-01;;;NOPE;;
                """, AgreementCsv.AGREEMENT_COLUMNS), Map.of("Atea", 7L), UNITS, Map.of());
        assertEquals(List.of("2:supplier:unknown-supplier", "2:valid_to:date-order", "2:notice_months:bad-number",
                "2:kommun_may_call_off:bad-boolean", "2:call_off_units:unknown-unit",
                "3:reference:duplicate-key", "3:parent_reference:unknown-agreement", "3:owner_unit:unknown-unit"),
                reasons(plan.errors()));
        assertTrue(plan.specs().isEmpty());
    }

    @Test
    void priceRowsInKronorWithBandsAndDuplicatesRefused() {
        var plan = AgreementCsv.prices(table("""
                agreement_reference;sku;product_name;unit_price;currency;min_quantity;valid_from;valid_to
                ra-1;M365-E3;E3;"1 234,50";;;2025-01-01;
                RA-1;M365-E3;E3;350;SEK;100;2025-01-01;
                RA-1;m365-e3;E3;349;SEK;100;2025-01-01;
                RA-1;X;X;1,234;SEK;-1;2025-01-01;
                """, AgreementCsv.PRICE_COLUMNS), Map.of("ra-1", 5L));
        assertEquals(List.of("4:sku:duplicate-key", "5:unit_price:bad-amount", "5:min_quantity:bad-number"),
                reasons(plan.errors()));
        var first = plan.specs().get(0);
        assertEquals(123450, first.unitPriceOre());
        assertEquals("SEK", first.currency());
        assertEquals(1, first.minQuantity());
        assertEquals(5L, first.agreementId());
        assertEquals(100, plan.specs().get(1).minQuantity());
    }

    @Test
    void aLedgerGroupsLinesIntoInvoicesAndRefusesDisagreeingRows() {
        String header = "supplier;invoice_number;invoice_date;buyer_reference;line_id;item_name;seller_item_id;"
                + "quantity;unit_price;line_amount\n";
        var plan = LedgerCsv.plan(table(header
                + "556448-0282;F1;2025-03-01;SOD-IT;1;E3;M365-E3;2;400,00;800,00\n"
                + "SE556448028201;F1;2025-03-01;SOD-IT;2;Visio;VISIO-P2;1,5;120,00;180,00\n"
                + "556448-0282;F2;2025-03-02;SOD-IT;1;E3;M365-E3;1;400,00;400,00\n", LedgerCsv.COLUMNS));
        assertEquals(List.of(), plan.errors());
        assertEquals(2, plan.invoices().size());
        UblInvoice f1 = plan.invoices().get(0);
        assertEquals("0007:5564480282", f1.supplierKey());
        assertEquals(2, f1.lines().size());
        assertEquals(0, new java.math.BigDecimal("1.5").compareTo(f1.lines().get(1).quantity()));
        assertEquals(18000, f1.lines().get(1).lineAmountOre());

        var bad = LedgerCsv.plan(table(header
                + "556448-0282;F1;2025-03-01;SOD-IT;1;E3;M365-E3;2;400,00;800,00\n"
                + "556448-0282;F1;2025-03-05;SOD-IT;2;E3;M365-E3;2;400,00;800,00\n"
                + "556448-0282;F1;2025-03-01;SOD-IT;1;E3;M365-E3;2;400,00;800,00\n"
                + "Atea;F3;2025-03-01;SOD-IT;1;E3;M365-E3;2;400,00;800,00\n", LedgerCsv.COLUMNS));
        assertEquals(List.of("3:invoice_number:invoice-rows-disagree", "4:line_id:duplicate-key",
                "5:supplier:bad-supplier-id"), reasons(bad.errors()));
    }
}
