package se.nyckeln.agreements.infrastructure;

import org.junit.jupiter.api.Test;
import se.nyckeln.platform.problem.ImportError;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UblReaderTest {

    static byte[] resource(String name) throws IOException {
        try (InputStream in = UblReaderTest.class.getResourceAsStream("/peppol/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void readsTheFieldsOfAPeppolInvoice() throws IOException {
        UblReader.Result r = UblReader.read("atea-inv-1001.xml", resource("atea-inv-1001.xml"));
        assertEquals(0, r.errors().size(), r.errors().toString());
        UblInvoice inv = r.invoice();
        assertEquals("1001", inv.number());
        assertEquals("INVOICE", inv.documentType());
        assertEquals(LocalDate.of(2025, 3, 10), inv.issueDate());
        assertEquals("SEK", inv.currency());
        assertEquals("SOD-IT", inv.buyerReference());
        assertEquals("NA", inv.orderReference());
        assertEquals("RA-ATEA-2025", inv.contractReference());
        assertEquals("0007:5564480282", inv.supplierKey());
        assertEquals("Atea Sverige AB", inv.supplierName());
        assertEquals(4, inv.lines().size());
        UblInvoice.Line first = inv.lines().get(0);
        assertEquals("1", first.id());
        assertEquals("Microsoft 365 E3", first.itemName());
        assertEquals("M365-E3", first.sellerItemId());
        assertEquals("48000000-8", first.classification());
        assertEquals("STI", first.classificationList());
        assertEquals(0, new BigDecimal("60").compareTo(first.quantity()));
        assertEquals(40000, first.unitPriceOre());
        assertEquals(2400000, first.lineAmountOre());
        assertEquals("S", first.vatCategory());
        assertEquals(0, new BigDecimal("25").compareTo(first.vatPercent()));
    }

    @Test
    void aDoctypeIsRefusedBeforeAnyEntityIsRead() throws IOException {
        UblReader.Result r = UblReader.read("xxe.xml", resource("xxe.xml"));
        assertNull(r.invoice());
        assertEquals(1, r.errors().size());
        ImportError e = r.errors().get(0);
        assertEquals("xml-dtd-refused", e.reason());
        assertEquals("xxe.xml", e.file());
        assertEquals(2, e.line());
    }

    @Test
    void malformedXmlNamesTheFileAndLine() throws IOException {
        UblReader.Result r = UblReader.read("malformed.xml", resource("malformed.xml"));
        assertNull(r.invoice());
        assertEquals("xml-malformed", r.errors().get(0).reason());
        assertEquals(96, r.errors().get(0).line());
    }

    @Test
    void aMissingElementIsNamed() throws IOException {
        UblReader.Result r = UblReader.read("m.xml", resource("missing-issue-date.xml"));
        assertNull(r.invoice());
        assertEquals("xml-missing-element", r.errors().get(0).reason());
        assertEquals("cbc:IssueDate", r.errors().get(0).column());
    }

    @Test
    void aCreditNoteNegatesQuantitiesAndAmountsAndPriceUsesBaseQuantity() {
        String xml = """
                <CreditNote xmlns="urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2"
                  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:ID>K-9</cbc:ID><cbc:IssueDate>2025-06-01</cbc:IssueDate>
                  <cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode><cbc:BuyerReference>X</cbc:BuyerReference>
                  <cac:AccountingSupplierParty><cac:Party>
                    <cac:PartyTaxScheme><cbc:CompanyID>SE556448028201</cbc:CompanyID>
                      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
                  </cac:Party></cac:AccountingSupplierParty>
                  <cac:CreditNoteLine><cbc:ID>1</cbc:ID><cbc:CreditedQuantity unitCode="EA">3</cbc:CreditedQuantity>
                    <cbc:LineExtensionAmount currencyID="SEK">30.00</cbc:LineExtensionAmount>
                    <cac:Item><cbc:Name>Licens</cbc:Name></cac:Item>
                    <cac:Price><cbc:PriceAmount currencyID="SEK">100.00</cbc:PriceAmount>
                      <cbc:BaseQuantity unitCode="EA">10</cbc:BaseQuantity></cac:Price>
                  </cac:CreditNoteLine>
                </CreditNote>""";
        UblReader.Result r = UblReader.read("k.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, r.errors().size(), r.errors().toString());
        assertEquals("CREDIT_NOTE", r.invoice().documentType());
        assertEquals("0007:5564480282", r.invoice().supplierKey());
        UblInvoice.Line l = r.invoice().lines().get(0);
        assertEquals(0, new BigDecimal("-3").compareTo(l.quantity()));
        assertEquals(-3000, l.lineAmountOre());
        assertEquals(1000, l.unitPriceOre());
    }

    @Test
    void accountingCostIsTheLinesAccountAndTheLineWinsOverTheHeader() {
        String xml = """
                <Invoice xmlns="urn:oasis:names:specification:ubl:schema:xsd:Invoice-2"
                  xmlns:cac="urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2"
                  xmlns:cbc="urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2">
                  <cbc:ID>A-1</cbc:ID><cbc:IssueDate>2025-06-01</cbc:IssueDate>
                  <cbc:DocumentCurrencyCode>SEK</cbc:DocumentCurrencyCode>
                  <cbc:AccountingCost> 6540 </cbc:AccountingCost><cbc:BuyerReference>X</cbc:BuyerReference>
                  <cac:AccountingSupplierParty><cac:Party>
                    <cac:PartyTaxScheme><cbc:CompanyID>SE556448028201</cbc:CompanyID>
                      <cac:TaxScheme><cbc:ID>VAT</cbc:ID></cac:TaxScheme></cac:PartyTaxScheme>
                  </cac:Party></cac:AccountingSupplierParty>
                  <cac:InvoiceLine><cbc:ID>1</cbc:ID><cbc:InvoicedQuantity unitCode="EA">1</cbc:InvoicedQuantity>
                    <cbc:LineExtensionAmount currencyID="SEK">10.00</cbc:LineExtensionAmount>
                    <cbc:AccountingCost>4025:123 4343</cbc:AccountingCost>
                    <cac:Item><cbc:Name>Kontorsstol</cbc:Name></cac:Item>
                    <cac:Price><cbc:PriceAmount currencyID="SEK">10.00</cbc:PriceAmount></cac:Price>
                  </cac:InvoiceLine>
                  <cac:InvoiceLine><cbc:ID>2</cbc:ID><cbc:InvoicedQuantity unitCode="EA">1</cbc:InvoicedQuantity>
                    <cbc:LineExtensionAmount currencyID="SEK">20.00</cbc:LineExtensionAmount>
                    <cac:Item><cbc:Name>Licens</cbc:Name></cac:Item>
                    <cac:Price><cbc:PriceAmount currencyID="SEK">20.00</cbc:PriceAmount></cac:Price>
                  </cac:InvoiceLine>
                </Invoice>""";
        UblReader.Result r = UblReader.read("a.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(0, r.errors().size(), r.errors().toString());
        assertEquals("4025:1234343", r.invoice().lines().get(0).account(), "the line's BT-133, spaces removed");
        assertEquals("6540", r.invoice().lines().get(1).account(), "the document's BT-19 where the line has none");
        UblReader.Result none = UblReader.read("n.xml", xml.replaceAll("<cbc:AccountingCost>[^<]*</cbc:AccountingCost>",
                "").getBytes(StandardCharsets.UTF_8));
        assertNull(none.invoice().lines().get(0).account());
        assertNull(none.invoice().lines().get(1).account());
    }

    @Test
    void aWrongCurrencyOnAnAmountIsAnError() throws IOException {
        String xml = new String(resource("atea-inv-1001.xml"), StandardCharsets.UTF_8)
                .replaceFirst("<cbc:LineExtensionAmount currencyID=\"SEK\">24000.00", 
                        "<cbc:LineExtensionAmount currencyID=\"EUR\">24000.00");
        UblReader.Result r = UblReader.read("c.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals("xml-currency-mismatch", r.errors().get(0).reason(), r.errors().toString());
    }

    private static byte[] zip(String name, byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry(name));
            z.write(content);
            z.closeEntry();
        }
        return out.toByteArray();
    }

    @Test
    void aZipEntryThatClimbsOutOfItsFolderRefusesTheZip() throws IOException {
        for (String name : new String[] {"../evil.xml", "a/../../evil.xml", "/etc/evil.xml", "C:\\evil.xml"}) {
            InvoiceArchive.Opened o = InvoiceArchive.open("u.zip", zip(name, resource("atea-inv-1001.xml")));
            assertTrue(o.documents().isEmpty(), name);
            assertEquals("zip-entry-escapes", o.errors().get(0).reason(), name);
        }
        InvoiceArchive.Opened ok = InvoiceArchive.open("u.zip", zip("mars/atea.xml", resource("atea-inv-1001.xml")));
        assertEquals(1, ok.documents().size());
        assertEquals("u.zip!mars/atea.xml", ok.documents().get(0).name());
    }

    @Test
    void aZipBombIsStoppedAtTheRatio() throws IOException {
        byte[] zeros = new byte[5 * 1024 * 1024];
        InvoiceArchive.Opened o = InvoiceArchive.open("bomb.zip", zip("bomb.xml", zeros));
        assertTrue(o.documents().isEmpty());
        assertEquals("zip-expands-too-far", o.errors().get(0).reason());
    }

    @Test
    void aSingleDocumentOverTheLimitIsRefused() {
        byte[] big = new byte[InvoiceArchive.MAX_DOCUMENT_BYTES + 1];
        InvoiceArchive.Opened o = InvoiceArchive.open("big.xml", big);
        assertEquals("xml-too-large", o.errors().get(0).reason());
    }
}
