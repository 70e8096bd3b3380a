package se.nyckeln.it;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finance maintains the chargeback set-up on the Swedish screens, and what it entered is what the REST API then
 * answers: a cost type with models 4 and 5 at 1:1 (50 % each), a key version effective from a month (weights,
 * pupil-device weight, fixed 60/40 percentages, the decision), a system in the portfolio, a cost pool of
 * "1 234,50" kr = 123 450 öre changed to 2 000 kr = 200 000 öre (audited as an UPDATE with before and after), a pool
 * imported from CSV, a rejected CSV with its line report, a duplicate pool refused with the Swedish problem text, and
 * the keys page naming the draft that used the new version. Access: a unit viewer is refused (403) on every set-up
 * page and is not offered the link; an auditor sees the pages without any edit control.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChargebackSetupBrowserIT extends BrowserTestBase {

    private static final List<String> PAGES = List.of("/chargeback/pools.xhtml", "/chargeback/cost-types.xhtml",
            "/chargeback/keys.xhtml", "/chargeback/portfolio.xhtml");

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void financeEntersCostTypeKeyVersionSystemAndPoolsOnTheScreens() throws IOException {
        String s = Fixtures.suffix();
        // a month of its own far ahead: key versions are unique per start month, runs per period
        String period = (2060 + ThreadLocalRandom.current().nextInt(30)) + "-"
                + String.format("%02d", 1 + ThreadLocalRandom.current().nextInt(12));
        String type = "UI-CT-" + s;
        Api finance = Api.as("finance");
        browser.logIn("finance");

        // ---------------------------------------------------------------- cost type
        driver.get(Api.base() + "/chargeback/cost-types.xhtml");
        browser.visible(By.id("ct:code")).sendKeys(type);
        driver.findElement(By.id("ct:name")).sendKeys("Nät och användare " + s);
        driver.findElement(By.id("ct:category")).sendKeys("LAN");
        driver.findElement(By.id("ct:account")).sendKeys("7541");
        driver.findElement(By.cssSelector("input.share-USER")).sendKeys("1");
        driver.findElement(By.cssSelector("input.share-CONNECTION")).sendKeys("1");
        driver.findElement(By.id("ct:save")).click();
        wait.until(d -> d.findElement(By.id("ct:messages")).getText().contains("Kostnadstypen " + type + " är sparad"));
        assertTrue(driver.findElement(By.id("ct:list")).getText().contains(type));
        JsonObject costType = find(finance.get("/api/v1/chargeback/cost-types").array(), "code", type);
        assertEquals("7541", costType.getString("account"));
        JsonArray models = costType.getJsonArray("models");
        assertEquals(2, models.size(), models.toString());
        for (JsonValue m : models) {
            assertEquals(0, new BigDecimal("50").compareTo(m.asJsonObject().getJsonNumber("percent").bigDecimalValue()),
                    models.toString());
        }

        // change it: only model 5 (per connection) from now on
        browser.visible(By.xpath("//table[@id='ct:list']//tr[td[1][normalize-space()='" + type + "']]"))
                .findElement(By.linkText("Ändra")).click();
        wait.until(d -> type.equals(d.findElement(By.id("ct:code")).getAttribute("value")));
        assertEquals("1", driver.findElement(By.cssSelector("input.share-USER")).getAttribute("value"));
        driver.findElement(By.cssSelector("input.share-USER")).clear();
        driver.findElement(By.id("ct:save")).click();
        wait.until(d -> d.findElement(By.id("ct:messages")).getText().contains("Kostnadstypen " + type + " är sparad"));
        JsonArray onlyConnection = find(finance.get("/api/v1/chargeback/cost-types").array(), "code", type)
                .getJsonArray("models");
        assertEquals(1, onlyConnection.size(), onlyConnection.toString());
        assertEquals("CONNECTION", onlyConnection.getJsonObject(0).getString("model"));
        assertEquals(0, new BigDecimal("100").compareTo(onlyConnection.getJsonObject(0).getJsonNumber("percent")
                .bigDecimalValue()));
        // no model at all is refused with the Swedish problem text
        browser.visible(By.xpath("//table[@id='ct:list']//tr[td[1][normalize-space()='" + type + "']]"))
                .findElement(By.linkText("Ändra")).click();
        wait.until(d -> type.equals(d.findElement(By.id("ct:code")).getAttribute("value")));
        driver.findElement(By.cssSelector("input.share-CONNECTION")).clear();
        driver.findElement(By.id("ct:save")).click();
        wait.until(d -> d.findElement(By.id("ct:messages")).getText()
                .contains("En kostnadstyp behöver minst en fördelningsmodell"));

        // ---------------------------------------------------------------- key version from the month
        driver.get(Api.base() + "/chargeback/keys.xhtml");
        fill(By.id("keys:valid-from"), period);
        fill(By.id("keys:guld"), "8");
        fill(By.id("keys:silver"), "4");
        fill(By.id("keys:brons"), "2");
        fill(By.id("keys:koppar"), "1");
        fill(By.id("keys:pupil"), "0,5");
        fill(By.id("keys:fixed"), "SDN-SODERMALM 60\nSDN-BROMMA 40");
        fill(By.id("keys:decided-by"), "Kommunstyrelsen");
        fill(By.id("keys:decided-on"), "2025-06-12");
        fill(By.id("keys:reference"), "KS-" + s);
        driver.findElement(By.id("keys:save")).click();
        wait.until(d -> d.findElement(By.id("keys:messages")).getText().contains("är skapad"));
        JsonObject version = find(finance.get("/api/v1/chargeback/key-versions").array(), "decisionReference",
                "KS-" + s);
        assertEquals(period + "-01", version.getString("validFrom"));
        assertEquals(0, new BigDecimal("8").compareTo(version.getJsonObject("tierWeights").getJsonNumber("GULD")
                .bigDecimalValue()));
        assertEquals(0, new BigDecimal("0.5").compareTo(version.getJsonNumber("pupilDeviceWeight").bigDecimalValue()));
        assertEquals("Kommunstyrelsen", version.getString("decidedBy"));
        assertEquals("finance", version.getString("createdBy"));
        JsonObject sodermalm = find(version.getJsonArray("fixedShares"), "unitCode", "SDN-SODERMALM");
        assertEquals(0, new BigDecimal("60").compareTo(sodermalm.getJsonNumber("percent").bigDecimalValue()));
        // a second version from the same month is refused with the Swedish problem text
        fill(By.id("keys:valid-from"), period);
        fill(By.id("keys:decided-by"), "Kommunstyrelsen");
        driver.findElement(By.id("keys:save")).click();
        wait.until(d -> d.findElement(By.id("keys:messages")).getText().contains("Det finns redan en nyckelversion från"));

        // ---------------------------------------------------------------- a system in the portfolio
        driver.get(Api.base() + "/chargeback/portfolio.xhtml");
        fill(By.id("pf:code"), "UI-SYS-" + s);
        fill(By.id("pf:name"), "Ärendesystem " + s);
        new Select(driver.findElement(By.id("pf:tier"))).selectByVisibleText("Silver");
        Select owner = new Select(driver.findElement(By.id("pf:owner")));
        owner.getOptions().stream().filter(o -> o.getText().startsWith("SDN-SODERMALM –")).findFirst()
                .orElseThrow(() -> new AssertionError("Södermalm is not offered as owner")).click();
        fill(By.id("pf:valid-from"), LocalDate.now().withDayOfMonth(1).toString());
        driver.findElement(By.id("pf:save")).click();
        wait.until(d -> d.findElement(By.id("pf:messages")).getText().contains("Systemet UI-SYS-" + s + " är sparat"));
        JsonObject system = find(finance.get("/api/v1/chargeback/systems").array(), "code", "UI-SYS-" + s);
        assertEquals("SILVER", system.getString("tier"));
        assertEquals("SDN-SODERMALM", system.getString("ownerUnitCode"));
        assertTrue(driver.findElement(By.id("pf:systems")).getText().contains("UI-SYS-" + s));

        // ---------------------------------------------------------------- cost pools of the month
        driver.get(Api.base() + "/chargeback/pools.xhtml");
        fill(By.id("pools:period"), period);
        driver.findElement(By.id("pools:show")).click();
        wait.until(d -> d.findElement(By.id("list-heading")).getText().contains(period));
        new Select(driver.findElement(By.id("pools:cost-type"))).selectByVisibleText(type);
        fill(By.id("pools:amount"), "1 234,50");
        fill(By.id("pools:source"), "UI-POOL-" + s);
        fill(By.id("pools:description"), "Nätdrift " + s);
        driver.findElement(By.id("pools:save")).click();
        wait.until(d -> d.findElement(By.id("pools:list")).getText().contains("UI-POOL-" + s));
        JsonObject pool = find(finance.get("/api/v1/chargeback/pools?period=" + period).array(), "sourceReference",
                "UI-POOL-" + s);
        assertEquals(123_450L, pool.getJsonNumber("amountOre").longValue());
        assertEquals(type, pool.getString("costType"));
        assertEquals("finance", pool.getString("createdBy"));

        // the same source reference again: refused, Swedish text from problems.properties
        new Select(driver.findElement(By.id("pools:cost-type"))).selectByVisibleText(type);
        fill(By.id("pools:amount"), "10");
        fill(By.id("pools:source"), "UI-POOL-" + s);
        driver.findElement(By.id("pools:save")).click();
        wait.until(d -> d.findElement(By.id("pools:messages")).getText()
                .contains("har redan en kostnadspool med källreferensen UI-POOL-" + s));

        // change the amount of the pool
        browser.visible(By.xpath("//table[@id='pools:list']//tr[td[1][normalize-space()='UI-POOL-" + s + "']]"))
                .findElement(By.linkText("Ändra")).click();
        wait.until(d -> d.findElement(By.id("editor-heading")).getText().contains("UI-POOL-" + s));
        assertEquals("1234,50", driver.findElement(By.id("pools:amount")).getAttribute("value"));
        fill(By.id("pools:amount"), "2000");
        driver.findElement(By.id("pools:save")).click();
        wait.until(d -> d.findElement(By.id("pools:messages")).getText().contains("är ändrad"));
        JsonObject changed = find(finance.get("/api/v1/chargeback/pools?period=" + period).array(), "sourceReference",
                "UI-POOL-" + s);
        assertEquals(pool.getJsonNumber("id").longValue(), changed.getJsonNumber("id").longValue());
        assertEquals(200_000L, changed.getJsonNumber("amountOre").longValue());
        assertEquals("Nätdrift " + s, changed.getString("description"));
        JsonArray audit = Api.as("auditor").get("/api/v1/audit?entityType=ChargebackCostPool&action=UPDATE&entityId="
                + pool.getJsonNumber("id").longValue()).array();
        assertEquals(1, audit.size(), audit.toString());
        assertEquals("finance", audit.getJsonObject(0).getString("actor"));
        assertEquals(123_450L, audit.getJsonObject(0).getJsonObject("before").getJsonNumber("amountOre").longValue());
        assertEquals(200_000L, audit.getJsonObject(0).getJsonObject("after").getJsonNumber("amountOre").longValue());

        // a pool from the CSV import
        Path csv = Files.createTempFile("kostnadspooler", ".csv");
        Path bad = Files.createTempFile("kostnadspooler-fel", ".csv");
        try {
            Files.writeString(csv, "period;cost_type;amount_ore;source_reference;description\n" + period + ";" + type
                    + ";5000;CSV-" + s + ";Från fil\n", StandardCharsets.UTF_8);
            driver.findElement(By.id("pools-import:file")).sendKeys(csv.toString());
            driver.findElement(By.id("pools-import:upload")).click();
            wait.until(d -> d.findElement(By.id("pools:messages")).getText().contains("är inläst"));
            assertTrue(driver.findElement(By.id("pools:list")).getText().contains("CSV-" + s));
            assertEquals(5000L, find(finance.get("/api/v1/chargeback/pools?period=" + period).array(),
                    "sourceReference", "CSV-" + s).getJsonNumber("amountOre").longValue());
            // a file with an unknown cost type: nothing imported, the line reported
            Files.writeString(bad, "period;cost_type;amount_ore;source_reference\n" + period + ";OKAND-" + s
                    + ";100;BAD-" + s + "\n", StandardCharsets.UTF_8);
            driver.findElement(By.id("pools-import:file")).sendKeys(bad.toString());
            driver.findElement(By.id("pools-import:upload")).click();
            String report = browser.visible(By.id("import-errors")).getText();
            assertTrue(report.contains("Okänd kostnadstyp OKAND-" + s) && report.contains("cost_type"), report);
            assertFalse(finance.get("/api/v1/chargeback/pools?period=" + period).body().contains("BAD-" + s));
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(bad);
        }

        // the imported pool removed again (no run uses it yet)
        long csvPoolId = find(finance.get("/api/v1/chargeback/pools?period=" + period).array(), "sourceReference",
                "CSV-" + s).getJsonNumber("id").longValue();
        browser.visible(By.xpath("//table[@id='pools:list']//tr[td[1][normalize-space()='CSV-" + s + "']]"))
                .findElement(By.linkText("Ta bort")).click();
        wait.until(d -> d.findElement(By.id("pools:messages")).getText().contains("Kostnadspoolen är borttagen"));
        assertFalse(finance.get("/api/v1/chargeback/pools?period=" + period).body().contains("CSV-" + s));
        assertEquals(1, Api.as("auditor").get("/api/v1/audit?entityType=ChargebackCostPool&action=DELETE&entityId="
                + csvPoolId).array().size());

        // pools from licence purchases: the month has no licence invoices, so none are created
        new Select(driver.findElement(By.id("pools:purchase-type"))).selectByVisibleText("LICENS-PLATSDAGAR");
        driver.findElement(By.id("pools:from-purchases")).click();
        wait.until(d -> d.findElement(By.id("pools:messages")).getText()
                .contains("0 nya kostnadspooler från licensfakturor för " + period));

        // ---------------------------------------------------------------- which runs used the version
        Api.Reply draft = finance.postJson("/api/v1/chargeback/runs", "{\"period\":\"" + period + "\"}");
        assertEquals(201, draft.status(), draft.toString());
        assertEquals(version.getJsonNumber("id").longValue(), draft.json().getJsonNumber("keyVersionId").longValue());
        driver.get(Api.base() + "/chargeback/keys.xhtml");
        String row = browser.visible(By.xpath("//table[@id='keys:versions']//tr[td[1][normalize-space()='" + period
                + "-01']]")).getText();
        assertTrue(row.contains(period + " (Utkast)") && row.contains("KS-" + s), row);
    }

    @Test
    void viewerIsRefusedAndAuditorHasNoEditControls() {
        for (String page : PAGES) {
            assertEquals(403, Api.as("viewer").get(page).status(), page);
            Api.Reply finance = Api.as("finance").get(page);
            assertEquals(200, finance.status(), page);
            assertTrue(finance.body().contains(":save\""), page + " offers finance no save button");
            Api.Reply auditor = Api.as("auditor").get(page);
            assertEquals(200, auditor.status(), page);
            for (String control : List.of(":save\"", ":edit\"", ":delete\"", ":upload\"", ":from-purchases\"")) {
                assertFalse(auditor.body().contains(control), page + " offers " + control + " to an auditor");
            }
        }

        browser.logIn("viewer");
        driver.get(Api.base() + "/chargeback/index.xhtml");
        browser.visible(By.id("cb:runs"));
        assertTrue(driver.findElements(By.id("nav-chargeback-setup")).isEmpty(), "set-up offered to a viewer");
        assertTrue(driver.findElements(By.id("cbnav-pools")).isEmpty(), "set-up offered to a viewer");
        for (String page : PAGES) {
            driver.get(Api.base() + page);
            String h1 = browser.visible(By.tagName("h1")).getText();
            assertTrue(h1.equals("Åtkomst nekad") || h1.equals("Forbidden"), page + ": " + h1);
        }

        // a month with a pool, so that the auditor's table has a row it could have changed
        String s = Fixtures.suffix();
        String period = (2030 + ThreadLocalRandom.current().nextInt(30)) + "-"
                + String.format("%02d", 1 + ThreadLocalRandom.current().nextInt(12));
        Api.Reply created = Api.as("finance").postJson("/api/v1/chargeback/pools", "{\"period\":\"" + period
                + "\",\"costType\":\"LICENS-PLATSDAGAR\",\"amountOre\":100,\"sourceReference\":\"AUD-" + s + "\"}");
        assertEquals(201, created.status(), created.toString());

        driver.manage().deleteAllCookies();
        browser.logIn("auditor");
        driver.get(Api.base() + "/chargeback/index.xhtml");
        browser.visible(By.id("nav-chargeback-setup")).click();
        fill(By.id("pools:period"), period);
        driver.findElement(By.id("pools:show")).click();
        wait.until(d -> d.findElement(By.id("pools:list")).getText().contains("AUD-" + s));
        String pools = browser.visible(By.id("list-heading")).getText();
        assertTrue(pools.startsWith("Kostnadspooler"), pools);
        assertTrue(driver.findElements(By.linkText("Ändra")).isEmpty());
        assertTrue(driver.findElements(By.linkText("Ta bort")).isEmpty());
        assertTrue(driver.findElements(By.id("pools:save")).isEmpty());
        assertTrue(driver.findElements(By.id("pools-import:upload")).isEmpty());
        driver.findElement(By.id("cbnav-cost-types")).click();
        String types = browser.visible(By.id("ct:list")).getText();
        assertTrue(types.contains("LICENS-PLATSDAGAR"), types); // the Mölndal defaults are there
        assertTrue(driver.findElements(By.id("ct:save")).isEmpty());
        assertTrue(driver.findElements(By.linkText("Ändra")).isEmpty());
        driver.findElement(By.id("cbnav-keys")).click();
        assertNotNull(browser.visible(By.id("keys:versions")));
        assertTrue(driver.findElements(By.id("keys:save")).isEmpty());
        driver.findElement(By.id("cbnav-portfolio")).click();
        assertNotNull(browser.visible(By.id("pf:systems")));
        assertTrue(driver.findElements(By.id("pf:save")).isEmpty());
        assertTrue(driver.findElements(By.linkText("Ny version")).isEmpty());
    }

    private static JsonObject find(JsonArray array, String field, String value) {
        return array.stream().map(JsonValue::asJsonObject)
                .filter(o -> o.containsKey(field) && !o.isNull(field) && value.equals(o.getString(field)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + field + "=" + value + " in " + array));
    }

    private void fill(By by, String text) {
        WebElement e = browser.visible(by);
        e.clear();
        e.sendKeys(text);
    }

}
