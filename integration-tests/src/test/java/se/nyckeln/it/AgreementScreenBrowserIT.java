package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The procurement screens in a real browser: "find the overcharged lines for a supplier". A supplier of its
 * own (so that it does not touch other tests' figures) sells PRINT-LIC at 300 kr on RA-BROWSER-1 and invoices
 * 50 at 350 kr: one WRONG_PRICE line with 50 × 50 kr = 2 500 kr at stake.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class AgreementScreenBrowserIT extends BrowserTestBase {

    private static final Api PROC = Api.as("procurement");
    private static final String SUPPLIER = "Skrivarservice i Norden AB";
    private static boolean ready;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    static synchronized void data() {
        if (ready) {
            return;
        }
        assertEquals(201, PROC.postJson("/api/v1/suppliers", "{\"name\":\"" + SUPPLIER
                + "\",\"orgNumber\":\"556000-1116\"}").status());
        Api.Reply a = PROC.upload("/api/v1/agreements/imports/agreements", "avtal.csv", ("""
                reference;supplier;kind;title;valid_from;valid_to;notice_months;owner_unit
                RA-BROWSER-1;556000-1116;DIRECT;Skrivarlicenser;2025-01-01;;0;KS
                """).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, a.status(), a.toString());
        Api.Reply p = PROC.upload("/api/v1/agreements/imports/price-list", "pris.csv", ("""
                agreement_reference;sku;product_name;unit_price;valid_from
                RA-BROWSER-1;PRINT-LIC;Utskriftslicens;300,00;2025-01-01
                """).getBytes(StandardCharsets.UTF_8));
        assertEquals(200, p.status(), p.toString());
        long ks = Licensing.unitIds().get("KS");
        assertEquals(200, PROC.putJson("/api/v1/purchases/buyer-references", "{\"reference\":\"BR-KS\",\"unitId\":"
                + ks + "}").status());
        String xml = new String(AgreementMatchingIT.resource("atea-inv-1002.xml"), StandardCharsets.UTF_8)
                .replace("5564480282", "5560001116").replace("Atea Sverige AB", SUPPLIER)
                .replace("<cbc:ID>1002</cbc:ID>", "<cbc:ID>7001</cbc:ID>").replace("SISAB-IT", "BR-KS")
                .replace("RA-ATEA-2025", "RA-BROWSER-1").replace("M365-E3", "PRINT-LIC")
                .replace("Microsoft 365 E3", "Utskriftslicens");
        // a licence product for the line, so that invoice 7001 buys an entitlement of 50 seats
        Licensing.product("PRINT-LIC", "NAMED_USER", "PRINT-LIC");
        Api.Reply i = PROC.upload("/api/v1/purchases/invoices", "skrivare-7001.xml", xml.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, i.status(), i.toString());
        assertEquals(1, i.json().getInt("entitlements"), i.toString());
        // credit note K-7001 credits 20 of those seats (at the agreed 300 kr, so the line is no overcharge)
        String credit = new String(AgreementMatchingIT.creditNote("K-7001", "7001", 20), StandardCharsets.UTF_8)
                .replace("5562374594", "5560001116").replace("Dustin Sverige AB", SUPPLIER)
                .replace("SOD-IT", "BR-KS").replace("Microsoft Visio Plan 2", "Utskriftslicens")
                .replace("VISIO-P2", "PRINT-LIC").replace(">100.00<", ">300.00<").replace(">2000.00<", ">6000.00<");
        Api.Reply k = PROC.upload("/api/v1/purchases/invoices", "skrivare-k-7001.xml",
                credit.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, k.status(), k.toString());
        assertEquals(1, k.json().getInt("credits"), k.toString());
        ready = true;
    }

    @Test
    void procurementFindsTheOverchargedLinesOfASupplier() throws IOException {
        data();
        browser.logIn("procurement");
        driver.get(Api.base() + "/agreements/purchases.xhtml");
        new Select(browser.visible(By.id("filter:verdict"))).selectByValue("WRONG_PRICE");
        new Select(driver.findElement(By.id("filter:supplier"))).selectByVisibleText(SUPPLIER);
        driver.findElement(By.id("filter:search")).click();
        wait.until(d -> d.findElement(By.id("lines-heading")).getText().contains("(1 st)"));
        List<List<String>> rows = driver.findElements(By.cssSelector("#filter\\:lines tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("7001/1", rows.get(0).get(0));
        assertEquals("Fel pris", rows.get(0).get(6));
        assertEquals("2500.00", rows.get(0).get(7));
        assertTrue(rows.get(0).get(8).contains("överdebitering 2500.00 kr"), rows.toString());
        String totals = driver.findElement(By.id("filter:totals")).getText();
        assertTrue(totals.contains("Fel pris 1 2500.00 17500.00"), totals);
        browser.screenshot("agreements-overcharged.png");
    }

    /**
     * The purchases screen shows what a credit note did to a licence line: 7001/1 bought 50 seats, K-7001 credited
     * 20 of them, 30 remain; the credit line says how many seats it took back from which invoice.
     */
    @Test
    void aCreditedLineShowsItsCreditedSeatsAndTheCreditNote() throws IOException {
        data();
        browser.logIn("procurement");
        driver.get(Api.base() + "/agreements/purchases.xhtml");
        new Select(browser.visible(By.id("filter:supplier"))).selectByVisibleText(SUPPLIER);
        driver.findElement(By.id("filter:search")).click();
        wait.until(d -> d.findElement(By.id("lines-heading")).getText().contains("(2 st)"));
        java.util.Map<String, String> seats = new java.util.HashMap<>();
        for (WebElement tr : driver.findElements(By.cssSelector("#filter\\:lines tbody tr"))) {
            List<WebElement> td = tr.findElements(By.tagName("td"));
            seats.put(td.get(0).getText(), td.get(9).getText());
        }
        assertEquals("Köpta 50, krediterade 20, kvar 30\nKrediterade genom K-7001", seats.get("7001/1"), seats.toString());
        assertEquals("Krediterar 20 platser köpta på faktura 7001", seats.get("K-7001/1"), seats.toString());
        assertEquals("Licensplatser", driver.findElement(By.cssSelector("#filter\\:lines thead th:nth-child(10)"))
                .getText());
        browser.screenshot("agreements-credited-seats.png");
    }

    @Test
    void theAgreementsScreenShowsThePriceListOfAnAgreement() {
        data();
        browser.logIn("auditor");
        driver.get(Api.base() + "/agreements/index.xhtml");
        browser.visible(By.id("list:agreements")).findElement(By.linkText("RA-BROWSER-1")).click();
        WebElement prices = browser.visible(By.id("prices"));
        assertTrue(prices.getText().contains("PRINT-LIC"), prices.getText());
        assertTrue(prices.getText().contains("300.00 SEK"), prices.getText());
        assertTrue(browser.visible(By.id("suppliers")).getText().contains("556000-1116"));
    }

}
