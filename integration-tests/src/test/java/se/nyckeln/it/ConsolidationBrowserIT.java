package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Procurement reviews the tail of 2021 in a real browser. Data of its own (ledger CSV, kronor): Stor IT AB
 * (556400-0049) 100 000 kr on two invoices; Liten Leverantör AB (556500-0055) one invoice of 800 kr (CPV 72,
 * IT services) and one line of 400 kr of office furniture (CPV 39, not IT: awaits review). With the tail at
 * 10 % and a threshold of 1 000 kr, Liten is in the Pareto tail, under the threshold and a one-off supplier.
 * In 2022 Bildskärmsbolaget Nord AB (556840-0005) and Bildskärmsbolaget Nord (VAT FI12345678): a duplicate proposal.
 * In 2023 Stor IT AB sells ring binders (CPV 30197000, office supplies: awaits review, never decided here), so the
 * review list always has a pending line. The IT account editor changes the city-wide list and restores it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ConsolidationBrowserIT extends BrowserTestBase {

    private static final Api PROC = Api.as("procurement");
    private static final Api AUDITOR = Api.as("auditor");
    private static final String C = "/api/v1/suppliers/consolidation";
    private static boolean ready;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    static synchronized void data() {
        if (ready) {
            return;
        }
        long sod = Licensing.unitIds().get("SDN-SODERMALM");
        assertEquals(200, PROC.putJson("/api/v1/purchases/buyer-references", "{\"reference\":\"BR-SOD-TAIL\",\"unitId\":"
                + sod + "}").status());
        String ledger = """
                supplier;supplier_name;invoice_number;invoice_date;buyer_reference;line_id;item_name;classification;quantity;unit_price;line_amount
                556400-0049;Stor IT AB;SVANS-S-1;2021-03-01;BR-SOD-TAIL;1;Drift;72000000-5;1;60000,00;60000,00
                556400-0049;Stor IT AB;SVANS-S-2;2021-04-01;BR-SOD-TAIL;1;Drift;72000000-5;1;40000,00;40000,00
                556500-0055;Liten Leverantör AB;SVANS-T-1;2021-05-01;BR-SOD-TAIL;1;Supporttimme;72000000-5;1;800,00;800,00
                556500-0055;Liten Leverantör AB;SVANS-T-1;2021-05-01;BR-SOD-TAIL;2;Kontorsstol;39110000-6;1;400,00;400,00
                556840-0005;Bildskärmsbolaget Nord AB;SVANS-B-1;2022-02-01;BR-SOD-TAIL;1;Skärm;30213100-6;1;2000,00;2000,00
                FI12345678;Bildskärmsbolaget Nord;SVANS-B-2;2022-03-01;BR-SOD-TAIL;1;Skärm;30213100-6;1;2100,00;2100,00
                556400-0049;Stor IT AB;SVANS-P-1;2023-02-01;BR-SOD-TAIL;1;Pärmar;30197000-6;10;20,00;200,00
                """;
        Api.Reply l = PROC.post("/api/v1/purchases/ledger?fileName=svans.csv", "text/csv",
                ledger.getBytes(StandardCharsets.UTF_8));
        assertEquals(200, l.status(), l.toString());
        Api.Reply n = PROC.post("/api/v1/suppliers/consolidation/normalise", "application/json", new byte[0]);
        assertEquals(200, n.status(), n.toString());
        ready = true;
    }

    @Test
    void procurementReviewsTheTail() throws IOException {
        data();
        browser.logIn("procurement");
        driver.get(Api.base() + "/suppliers/index.xhtml?year=2021&percent=10&threshold=1000");
        WebElement tail = browser.visible(By.id("tail-table"));
        List<List<String>> rows = tail.findElements(By.cssSelector("tbody tr")).stream()
                .map(tr -> tr.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList())
                .toList();
        assertEquals(1, rows.size(), rows.toString());
        assertEquals("Liten Leverantör AB", rows.get(0).get(0));
        assertEquals(List.of("ja", "ja", "ja"), rows.get(0).subList(4, 7), rows.toString());
        assertTrue(rows.get(0).get(3).contains("SDN-SODERMALM"), rows.toString());
        assertTrue(driver.findElement(By.id("top-table")).getText().contains("Stor IT AB"));
        assertTrue(driver.findElement(By.id("count-chart")).isDisplayed());
        List<List<String>> perCategory = driver.findElements(By.cssSelector("#category-count-table tbody tr")).stream()
                .map(tr -> tr.findElements(By.cssSelector("th, td")).stream().map(WebElement::getText).toList())
                .toList();
        assertEquals(List.of(List.of("IT-tjänster", "2")), perCategory); // the chair's category awaits review
        // the office chair awaits review; procurement decides it is not IT
        WebElement review = browser.visible(By.id("review-table"));
        // (other test classes sharing the server may add office chairs of their own: this one is invoice SVANS-T-1)
        String chair = ".//tr[contains(., 'SVANS-T-1') and contains(., 'Kontorsstol')]";
        assertEquals(1, review.findElements(By.xpath(chair)).size(), review.getText());
        browser.screenshot("consolidation-tail.png");
        review.findElement(By.xpath(chair + "//input[@value='Inte IT']")).click();
        assertEquals("Beslutet är sparat.", browser.visible(By.id("consolidation-message")).getText());
        assertEquals(0, browser.visible(By.id("review-table")).findElements(By.xpath(chair)).size(),
                driver.findElement(By.id("review-table")).getText());
        // drill down to the supplier's lines
        browser.visible(By.id("tail-table")).findElement(By.linkText("Liten Leverantör AB")).click();
        WebElement lines = browser.visible(By.id("line-table"));
        assertTrue(lines.getText().contains("Supporttimme"), lines.getText());
        assertTrue(!lines.getText().contains("Kontorsstol"), lines.getText());
    }

    @Test
    void procurementDismissesADuplicateProposalAndUndoesIt() {
        data();
        browser.logIn("procurement");
        driver.get(Api.base() + "/suppliers/index.xhtml?year=2022");
        WebElement duplicates = browser.visible(By.id("duplicate-table"));
        assertTrue(duplicates.getText().contains("Bildskärmsbolaget Nord (VAT:FI12345678)"), duplicates.getText());
        duplicates.findElement(By.xpath(".//tr[contains(., 'FI12345678')]//input[@value='Inte en dubblett']")).click();
        assertEquals("Förslaget är avfärdat: leverantörerna föreslås inte längre som dubbletter.",
                browser.visible(By.id("consolidation-message")).getText());
        assertTrue(!driver.findElement(By.id("duplicate-table")).getText().contains("FI12345678"));
        WebElement dismissed = browser.visible(By.id("dismissal-table"));
        assertTrue(dismissed.getText().contains("Bildskärmsbolaget Nord AB"), dismissed.getText());
        dismissed.findElement(By.xpath(".//tr[contains(., 'Bildskärmsbolaget Nord AB')]//input[@value='Ångra']")).click();
        assertEquals("Beslutet är ångrat: leverantörerna kan föreslås som dubbletter igen.",
                browser.visible(By.id("consolidation-message")).getText());
        assertTrue(browser.visible(By.id("duplicate-table")).getText().contains("FI12345678"));
        assertTrue(driver.findElements(By.xpath("//table[@id='dismissal-table']//tr[contains(., 'Bildskärmsbolaget')]"
                + "//input[@value='Ångra']")).isEmpty(), "an undone decision has no undo button");
    }

    @Test
    void aUnitViewerSeesTheDashboardWithoutDecisions() {
        data();
        browser.logIn("viewer");
        driver.get(Api.base() + "/suppliers/index.xhtml?year=2021&percent=10&threshold=1000");
        assertTrue(browser.visible(By.id("top-table")).getText().contains("Stor IT AB"));
        assertTrue(driver.findElements(By.id("duplicate-table")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector("#review-table input")).isEmpty());
        // the IT accounts are shown, not editable (PUT is procurement's and the administrator's)
        WebElement accounts = browser.visible(By.id("it-account-table"));
        assertTrue(accounts.getText().contains("6540"), accounts.getText());
        assertTrue(driver.findElements(By.cssSelector("#it-account-table input")).isEmpty());
        assertTrue(driver.findElements(By.id("it-account-form:save")).isEmpty());
    }

    private List<String> prefixesOnThePage() {
        return driver.findElements(By.cssSelector("#it-account-table input.it-account-prefix")).stream()
                .map(e -> e.getAttribute("value")).toList();
    }

    private static List<String> prefixes() {
        Api.Reply r = PROC.get(C + "/it-accounts");
        assertEquals(200, r.status(), r.toString());
        return r.array().stream().map(v -> v.asJsonObject().getString("prefix")).toList();
    }

    private static int auditEntries() {
        Api.Reply r = AUDITOR.get("/api/v1/audit?entityType=ItAccounts&entityId=it-accounts&limit=1000");
        assertEquals(200, r.status(), r.toString());
        return r.array().size();
    }

    @Test
    void procurementEditsTheItAccountsWithMessagesAndAudit() {
        data();
        Api.Reply before = PROC.get(C + "/it-accounts");
        assertEquals(200, before.status(), before.toString());
        int audited = auditEntries();
        try {
            browser.logIn("procurement");
            driver.get(Api.base() + "/suppliers/index.xhtml?year=2021");
            browser.visible(By.id("it-account-table"));
            assertEquals(List.of("1012", "4023", "5420", "6540", "68"), prefixesOnThePage());
            // a new row, an invalid prefix: the bundle's message, nothing saved, the rows kept as entered
            driver.findElement(By.id("it-account-form:add")).click();
            wait.until(d -> prefixesOnThePage().size() == 6);
            driver.findElements(By.cssSelector("#it-account-table input.it-account-prefix")).get(5).sendKeys("99-1");
            driver.findElements(By.cssSelector("#it-account-table input.it-account-name")).get(5).sendKeys("Testkonto");
            driver.findElement(By.id("it-account-form:save")).click();
            assertEquals("Kontot 99-1 ska bestå av siffror och bokstäver.",
                    browser.visible(By.id("it-account-error")).getText());
            assertEquals(List.of("1012", "4023", "5420", "6540", "68", "99-1"), prefixesOnThePage());
            assertEquals(List.of("1012", "4023", "5420", "6540", "68"), prefixes());
            // a duplicate
            WebElement sixth = driver.findElements(By.cssSelector("#it-account-table input.it-account-prefix")).get(5);
            sixth.clear();
            sixth.sendKeys("68");
            driver.findElement(By.id("it-account-form:save")).click();
            wait.until(d -> d.findElement(By.id("it-account-error")).getText().contains("68"));
            assertEquals("Kontot 68 står mer än en gång i listan.", browser.visible(By.id("it-account-error")).getText());
            assertEquals(audited, auditEntries(), "a refused list is not audited");
            // corrected, and the row of 4023 removed: saved, shown in order, audited
            sixth = driver.findElements(By.cssSelector("#it-account-table input.it-account-prefix")).get(5);
            sixth.clear();
            sixth.sendKeys("9999");
            driver.findElement(By.xpath("//table[@id='it-account-table']//tr[.//input[@value='4023']]"
                    + "//input[contains(@class, 'it-account-remove')]")).click();
            wait.until(d -> prefixesOnThePage().size() == 5 && !prefixesOnThePage().contains("4023"));
            assertEquals(List.of("1012", "5420", "6540", "68", "9999"), prefixesOnThePage(), "the entered 9999 is kept");
            browser.screenshot("consolidation-it-accounts.png");
            driver.findElement(By.id("it-account-form:save")).click();
            assertEquals("IT-kontona är sparade.", browser.visible(By.id("consolidation-message")).getText());
            assertEquals(List.of("1012", "5420", "6540", "68", "9999"), prefixesOnThePage());
            assertEquals(List.of("1012", "5420", "6540", "68", "9999"), prefixes());
            Api.Reply saved = PROC.get(C + "/it-accounts");
            assertTrue(saved.body().contains("Testkonto"), saved.toString());
            assertEquals(audited + 1, auditEntries());
        } finally {
            Api.Reply restore = PROC.putJson(C + "/it-accounts", before.body());
            assertEquals(200, restore.status(), restore.toString());
        }
        assertEquals(List.of("1012", "4023", "5420", "6540", "68"), prefixes());
    }

    @Test
    void theReviewListShowsItsPageAndTotal() {
        data();
        Api.Reply r = PROC.get(C + "/review?limit=1");
        assertEquals(200, r.status(), r.toString());
        long total = r.json().getJsonNumber("total").longValue();
        assertTrue(total >= 1 && total <= 50, "the IT data fit on one page of the screen: " + total);
        browser.logIn("procurement");
        // a page past the end shows the last page
        driver.get(Api.base() + "/suppliers/index.xhtml?year=2021&reviewPage=7");
        assertEquals("Rad 1–" + total + " av " + total, browser.visible(By.id("review-position")).getText());
        assertEquals(total, driver.findElements(By.cssSelector("#review-table tbody tr")).size());
        assertTrue(driver.findElements(By.id("review-next")).isEmpty());
        assertTrue(driver.findElements(By.id("review-previous")).isEmpty());
    }

}
