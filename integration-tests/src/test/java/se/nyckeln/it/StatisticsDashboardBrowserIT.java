package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The statistics dashboards in a real browser: the demo viewer's department dashboard (its own nämnd, charts with
 * their tables, no other unit), the city view's drill-down to seats, and axe-core (injected from its WebJar) on
 * the dashboards and the organisation page: no serious or critical WCAG 2.1 A/AA violation.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StatisticsDashboardBrowserIT {

    private static String productName;
    private static long productId;

    private Browser browser;
    private WebDriver driver;
    private WebDriverWait wait;

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    /** The period of the chargeback run whose statement the department dashboard links (no other test uses it). */
    private static final String STATEMENT_PERIOD = "2024-08";

    /**
     * Today: 4 seats of our product held by Södermalm (one of them moved today to a subunit of Södermalm: a seat
     * reallocated), one assigned to a person of Södermalm, not used. A chargeback run for {@value #STATEMENT_PERIOD}
     * charges Södermalm 1 234.56 kr (its only connection measure).
     */
    private static synchronized void data() {
        if (productName != null) {
            return;
        }
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long sodermalm = units.get("SDN-SODERMALM");
        productId = Licensing.product("STB-" + s, "NAMED_USER");
        long pool = Licensing.entitle(productId, units.get("KOMMUN"), 10, null);
        assertEquals(200, Licensing.allocate(Licensing.ADMIN, pool, sodermalm, 4).status());
        long person = Licensing.person("stb-" + s.toLowerCase() + "@stad.se", sodermalm);
        assertEquals(201, Licensing.assign(Licensing.ADMIN, pool, sodermalm, "personId", person).status());
        Api.Reply subunit = Licensing.ADMIN.postJson("/api/v1/units", "{\"code\":\"STB-"
                + s + "\",\"name\":\"Delenhet STB-" + s + "\",\"kind\":\"SUBUNIT\",\"parentId\":" + sodermalm
                + ",\"validFrom\":\"2020-01-01\"}");
        assertEquals(201, subunit.status(), subunit.toString());
        long sub = subunit.json().getJsonNumber("id").longValue();
        Api.Reply moved = Licensing.ADMIN.postJson("/api/v1/pools/" + pool + "/reallocations", "{\"fromUnitId\":"
                + sodermalm + ",\"toUnitId\":" + sub + ",\"quantity\":1,\"from\":\"" + java.time.LocalDate.parse(
                Licensing.pool(Licensing.ADMIN, pool).getString("asOf")) + "\",\"reason\":\"Test\"}");
        assertEquals(201, moved.status(), moved.toString());
        Api finance = Api.as("finance");
        assertEquals(200, finance.putJson("/api/v1/chargeback/cost-types/STB-" + s, "{\"name\":\"Test STB-" + s
                + "\",\"category\":\"Test\",\"account\":\"7540\",\"models\":{\"CONNECTION\":1}}").status());
        Api.Reply pool2 = finance.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + STATEMENT_PERIOD
                + "\",\"costType\":\"STB-" + s + "\",\"amountOre\":123456,\"sourceReference\":\"STB-" + s + "\"}");
        assertEquals(201, pool2.status(), pool2.toString());
        Api.Reply measures = finance.upload("/api/v1/chargeback/imported-measures/import", "ports.csv",
                ("period;measure;unit;quantity\n" + STATEMENT_PERIOD + ";CONNECTION;SDN-SODERMALM;10\n")
                        .getBytes(StandardCharsets.UTF_8));
        assertEquals(200, measures.status(), measures.toString());
        Api.Reply run = finance.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + STATEMENT_PERIOD + "\"}");
        assertEquals(201, run.status(), run.toString());
        productName = "Produkt STB-" + s;
    }

    @BeforeEach
    void startBrowser() throws IOException {
        browser = Browser.start();
        driver = browser.driver();
        wait = browser.await();
        data();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void theViewerSeesItsOwnNamndWithChartsTablesAndTheComparison() {
        browser.logIn("viewer");
        driver.findElement(By.id("nav-statistics")).click();
        WebElement heading = browser.visible(By.id("unit-heading"));
        assertTrue(heading.getText().startsWith("Södermalms stadsdelsnämnd"), heading.getText());
        // no way up to the city for a viewer, and no other nämnd anywhere on the page
        assertTrue(driver.findElements(By.id("to-city")).isEmpty());
        String page = driver.findElement(By.id("main")).getText();
        assertFalse(page.contains("Bromma") || page.contains("Farsta") || page.contains("Enskede"), page);

        WebElement row = productRow(productName);
        List<String> cells = row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals("4", cells.get(0), cells.toString());      // allocated
        assertEquals("1", cells.get(1), cells.toString());      // assigned
        assertEquals("0", cells.get(2), cells.toString());      // in use
        assertEquals("0,0 %", cells.get(3), cells.toString());  // utilisation, Swedish decimal comma
        assertEquals("1", cells.get(4), cells.toString());      // shelfware
        assertEquals("125,00 kr", cells.get(6), cells.toString()); // one unused seat at 125.00 kr

        // twelve months in the trend table behind the charts; every chart has a text alternative and is drawn
        assertEquals(12, driver.findElements(By.cssSelector("#trend-table tbody tr")).size());
        assertEquals("function", js("return typeof Chart;"), "Chart.js is served from its WebJar");
        for (String id : List.of("trend-chart", "shelfware-chart", "product-chart")) {
            WebElement canvas = driver.findElement(By.id(id));
            assertEquals("img", canvas.getAttribute("role"));
            assertFalse(canvas.getAttribute("aria-label").isBlank(), id);
            assertEquals(Boolean.TRUE, js("return Chart.getChart(arguments[0]) !== undefined;", canvas), id);
        }
        assertTrue(driver.findElement(By.id("comparison-table")).getText().contains("Median"));
        assertTrue(driver.findElement(By.id("trend-csv")).getAttribute("href").contains("/trend.csv"));
        browser.screenshot("statistics-department.png");
        assertTrue(driver.findElement(By.id("products-csv")).getAttribute("href").contains("/products.csv"));
    }

    @Test
    void theViewerSeesReuseAgreementFidelityAndWhatItPays() {
        browser.logIn("viewer");
        driver.get(Api.base() + "/statistics/index.xhtml");
        browser.visible(By.id("unit-heading"));
        // this month: at least the seat moved today to the subunit of Södermalm is reallocated
        List<WebElement> reuse = driver.findElements(By.cssSelector("#reuse-table tbody tr"));
        assertEquals(12, reuse.size());
        List<String> now = reuse.get(11).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertTrue(Long.parseLong(now.get(1).replaceAll("\\D", "")) >= 1, now.toString());
        assertEquals(12, driver.findElements(By.cssSelector("#fidelity-table tbody tr")).size());
        for (String id : List.of("reuse-chart", "fidelity-chart")) {
            WebElement canvas = driver.findElement(By.id(id));
            assertEquals("img", canvas.getAttribute("role"));
            assertFalse(canvas.getAttribute("aria-label").isBlank(), id);
            assertEquals(Boolean.TRUE, js("return Chart.getChart(arguments[0]) !== undefined;", canvas), id);
        }
        assertTrue(driver.findElement(By.id("outcomes-csv")).getAttribute("href").contains("/outcomes.csv"));
        String page = driver.findElement(By.id("main")).getText();
        assertFalse(page.contains("Bromma") || page.contains("Farsta") || page.contains("Enskede"), page);

        // the month of the chargeback run: a link to Södermalm's statement and its PDF
        driver.get(Api.base() + "/statistics/index.xhtml?month=" + STATEMENT_PERIOD);
        WebElement statements = browser.visible(By.id("statements-table"));
        assertTrue(statements.getText().contains("1 234,56 kr") || statements.getText().contains("1\u00a0234,56 kr"),
                statements.getText());
        long sodermalm = Licensing.unitIds().get("SDN-SODERMALM");
        WebElement pdf = statements.findElement(By.cssSelector("a.statement-pdf"));
        String href = pdf.getAttribute("href");
        assertTrue(href.endsWith("/statements/" + sodermalm + ".pdf"), href);
        Api.Reply file = Api.as("viewer").get(href.substring(href.indexOf("/api/v1/")));
        assertEquals(200, file.status(), file.toString());
        assertTrue(file.contentType().startsWith("application/pdf"), file.contentType());
        assertTrue(statements.findElement(By.cssSelector("a.statement-link")).getText()
                .contains("Södermalms stadsdelsnämnd"));
        js("arguments[0].scrollIntoView();", driver.findElement(By.id("reuse-heading")));
        browser.screenshot("statistics-department-outcomes.png");
    }

    @Test
    void theMonthIsChosenWithTheKeyboard() {
        browser.logIn("viewer");
        driver.get(Api.base() + "/statistics/index.xhtml");
        browser.visible(By.id("unit-heading"));
        WebElement select = driver.findElement(By.id("month"));
        select.sendKeys(Keys.ARROW_DOWN); // one month back
        String chosen = select.getAttribute("value");
        driver.findElement(By.id("show-month")).sendKeys(Keys.ENTER);
        wait.until(d -> d.getCurrentUrl().contains("month=" + chosen));
        assertTrue(browser.visible(By.id("unit-heading")).getText().endsWith(chosen), driver.getCurrentUrl());
    }

    @Test
    void anotherUnitIsNotFoundForTheViewer() {
        browser.logIn("viewer");
        long bromma = Licensing.unitIds().get("SDN-BROMMA");
        driver.get(Api.base() + "/statistics/index.xhtml?unit=" + bromma);
        browser.visible(By.id("statistics-not-found"));
        assertFalse(driver.getPageSource().contains("Bromma"));
    }

    @Test
    void theCityViewDrillsDownToTheSeats() {
        browser.logIn("admin");
        driver.get(Api.base() + "/statistics/index.xhtml");
        browser.visible(By.id("city-heading"));
        browser.screenshot("statistics-city.png");
        driver.findElement(By.linkText("Södermalms stadsdelsnämnd")).click();
        browser.visible(By.id("unit-heading"));
        assertNotNull(driver.findElement(By.id("to-city")));
        productRow(productName).findElement(By.tagName("a")).click();
        browser.visible(By.id("seat-table"));
        List<WebElement> seats = driver.findElements(By.cssSelector("#seat-table tbody tr"));
        assertEquals(1, seats.size());
        assertTrue(seats.get(0).getText().contains("Aldrig"), seats.get(0).getText());
    }

    @Test
    void theCityViewLeadsToAProductsLicencePositionTrend() {
        browser.logIn("finance");
        driver.get(Api.base() + "/statistics/index.xhtml");
        browser.visible(By.id("city-heading"));
        productRow(productName).findElement(By.tagName("a")).click();
        WebElement heading = browser.visible(By.id("position-heading"));
        assertTrue(heading.getText().endsWith(productName), heading.getText());
        List<WebElement> months = driver.findElements(By.cssSelector("#position-table tbody tr"));
        assertEquals(12, months.size());
        // this month: 10 entitled, 4 held, 6 surplus, 1 assigned, 0 in use
        List<String> cells = months.get(11).findElements(By.tagName("td")).stream().map(WebElement::getText).toList();
        assertEquals(List.of("10", "4", "6", "1", "0", "1", "0,0 %"), cells);
        assertEquals(Boolean.TRUE, js("return Chart.getChart(document.getElementById('position-chart')) !== undefined;"));

        driver.manage().deleteAllCookies();
        browser.logIn("viewer");
        driver.get(Api.base() + "/statistics/product.xhtml?product=" + productId);
        browser.visible(By.id("statistics-not-found"));
        assertTrue(driver.findElements(By.id("position-table")).isEmpty());
    }

    @Test
    void theDashboardsAndTheOrganisationPageHaveNoSeriousAccessibilityViolations() throws IOException {
        String axe = axeSource();
        browser.logIn("viewer");
        driver.get(Api.base() + "/statistics/index.xhtml");
        browser.visible(By.id("unit-heading"));
        assertNoSeriousViolations(axe, "department dashboard");
        driver.get(Api.base() + "/statistics/index.xhtml?month=" + STATEMENT_PERIOD);
        browser.visible(By.id("statements-table"));
        assertNoSeriousViolations(axe, "department dashboard with statement links");
        driver.get(Api.base() + "/organisation/index.xhtml");
        browser.visible(By.id("tree-form:tree"));
        assertNoSeriousViolations(axe, "organisation page (viewer)");

        driver.manage().deleteAllCookies();
        browser.logIn("admin");
        driver.get(Api.base() + "/statistics/index.xhtml");
        browser.visible(By.id("city-heading"));
        assertNoSeriousViolations(axe, "city dashboard");
        long sodermalm = Licensing.unitIds().get("SDN-SODERMALM");
        driver.get(Api.base() + "/statistics/seats.xhtml?unit=" + sodermalm + "&product=" + productId);
        browser.visible(By.id("seat-table"));
        assertNoSeriousViolations(axe, "seats page");
        driver.get(Api.base() + "/statistics/product.xhtml?product=" + productId);
        browser.visible(By.id("position-table"));
        assertNoSeriousViolations(axe, "licence position page");
    }

    private static String axeSource() throws IOException {
        String path = "META-INF/resources/webjars/axe-core/" + System.getProperty("nyckeln.axe.version", "4.6.3")
                + "/axe.min.js";
        try (InputStream in = StatisticsDashboardBrowserIT.class.getClassLoader().getResourceAsStream(path)) {
            assertNotNull(in, path + " on the test class path (org.webjars.npm:axe-core)");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private void assertNoSeriousViolations(String axe, String what) {
        js(axe);
        Object result = ((JavascriptExecutor) driver).executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                        + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
                        + ".then(function (r) { done(r.violations.filter(function (v) {"
                        + "  return v.impact === 'serious' || v.impact === 'critical'; })"
                        + ".map(function (v) { return v.impact + ' ' + v.id + ': ' + v.help + ' ' + v.nodes.map("
                        + "  function (n) { return n.target.join(' '); }).join(' | '); })); })"
                        + ".catch(function (e) { done(['axe failed: ' + e]); });");
        assertTrue(result instanceof List<?>, String.valueOf(result));
        assertEquals(List.of(), result, what + " has serious or critical violations");
    }

    private WebElement productRow(String name) {
        return driver.findElements(By.cssSelector("#product-table tbody tr")).stream()
                .filter(tr -> tr.findElement(By.tagName("th")).getText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + driver.findElement(By.id("product-table")).getText()));
    }

    private Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

}
