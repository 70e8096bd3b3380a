package se.nyckeln.it;

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

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harvest-approval journey in a real browser: the administrator opens the proposals, ticks two, approves them
 * with one button, sees them gone and the pool's free count up by two.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class HarvestScreenBrowserIT extends BrowserTestBase {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void adminApprovesTwoProposalsAndThePoolGetsTheSeatsBack() throws IOException {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long sodermalm = units.get("SDN-SODERMALM");
        long product = Licensing.product("BRW-" + s, "NAMED_USER");
        long pool = Licensing.entitle(product, units.get("KOMMUN"), 10, null);
        assertEquals(200, Licensing.allocate(Licensing.ADMIN, pool, sodermalm, 3).status());
        java.time.LocalDate today = java.time.LocalDate.parse(Licensing.pool(Licensing.ADMIN, pool).getString("asOf"));
        for (int i = 0; i < 3; i++) {
            long person = Licensing.person("brw" + i + "-" + s.toLowerCase() + "@stad.se", sodermalm);
            Api.Reply r = Licensing.ADMIN.postJson("/api/v1/pools/" + pool + "/assignments", "{\"unitId\":" + sodermalm
                    + ",\"personId\":" + person + ",\"from\":\"" + today.minusDays(200) + "\"}");
            assertEquals(201, r.status(), r.toString());
        }
        assertEquals(200, Licensing.ADMIN.postJson("/api/v1/harvest/runs", "{}").status());
        List<Long> ids = Licensing.ADMIN.get("/api/v1/harvest/proposals?poolId=" + pool).array().stream()
                .map(JsonValue::asJsonObject).map(o -> o.getJsonNumber("id").longValue()).sorted().toList();
        assertEquals(3, ids.size(), ids.toString());

        browser.logIn("admin", Api.PASSWORD);
        driver.get(Api.base() + "/licensing/pools.xhtml");
        assertEquals("7", browser.visible(By.cssSelector(".free[data-pool='" + pool + "']")).getText());

        browser.visible(By.id("nav-licensing-harvest")).click();
        browser.visible(By.id("harvest:proposals"));
        for (long id : ids.subList(0, 2)) {
            WebElement box = driver.findElement(By.cssSelector("input[data-proposal='" + id + "']"));
            ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", box);
            box.click();
        }
        browser.screenshot("harvest-selected.png");
        driver.findElement(By.id("harvest:approve")).click();
        WebElement messages = browser.visible(By.id("harvest:messages"));
        assertTrue(messages.getText().contains("2 förslag godkända"), messages.getText());
        for (long id : ids.subList(0, 2)) {
            assertTrue(driver.findElements(By.cssSelector("input[data-proposal='" + id + "']")).isEmpty(),
                    "approved proposal " + id + " is gone");
        }
        assertFalse(driver.findElements(By.cssSelector("input[data-proposal='" + ids.get(2) + "']")).isEmpty(),
                "the third stays open");
        browser.screenshot("harvest-approved.png");

        browser.visible(By.id("nav-licensing-pools")).click();
        assertEquals("9", browser.visible(By.cssSelector(".free[data-pool='" + pool + "']")).getText());
        JsonObject after = Licensing.pool(Licensing.ADMIN, pool);
        assertEquals(9, after.getJsonNumber("free").longValue());
    }

    @Test
    void adminReallocatesWithTheFormAndMeetsARequestFromFreeSeats() throws IOException {
        String s = Fixtures.suffix();
        Map<String, Long> units = Licensing.unitIds();
        long sodermalm = units.get("SDN-SODERMALM");
        long bromma = units.get("SDN-BROMMA");
        String sku = "BRR-" + s;
        long product = Licensing.product(sku, "NAMED_USER");
        long pool = Licensing.entitle(product, units.get("KOMMUN"), 10, null);
        assertEquals(200, Licensing.allocate(Licensing.ADMIN, pool, sodermalm, 4).status());

        browser.logIn("admin", Api.PASSWORD);
        driver.get(Api.base() + "/licensing/pools.xhtml");
        browser.visible(By.cssSelector("a[data-pool='" + pool + "']")).click();
        browser.visible(By.id("pools:reallocate"));
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("pools:fromUnit")))
                .selectByVisibleText("SDN-SODERMALM");
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("pools:toUnit")))
                .selectByVisibleText("SDN-BROMMA");
        driver.findElement(By.id("pools:quantity")).sendKeys("2");
        driver.findElement(By.id("pools:reason")).sendKeys("Omorganisation av hemtjänsten");
        browser.screenshot("pools-reallocate.png");
        driver.findElement(By.id("pools:move")).click();
        WebElement moved = browser.visible(By.id("pools:messages"));
        assertTrue(moved.getText().contains("2 licenser flyttade från SDN-SODERMALM till SDN-BROMMA"), moved.getText());
        Map<Long, Long> held = Licensing.allocations(Licensing.pool(Licensing.ADMIN, pool));
        assertEquals(2, held.get(sodermalm), held.toString());
        assertEquals(2, held.get(bromma), held.toString());

        browser.visible(By.id("nav-licensing-requests")).click();
        WebElement unit = browser.visible(By.id("requests:unit"));
        new org.openqa.selenium.support.ui.Select(unit).getOptions().stream()
                .filter(o -> o.getText().startsWith("SDN-BROMMA ")).findFirst().orElseThrow().click();
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("requests:product"))).getOptions().stream()
                .filter(o -> o.getText().contains(sku)).findFirst().orElseThrow().click();
        driver.findElement(By.id("requests:quantity")).sendKeys("3");
        driver.findElement(By.id("requests:submit")).click();
        WebElement met = browser.visible(By.id("requests:messages"));
        // 10 entitled, 4 allocated: 3 come from the free seats, 3 × 125,00 kr saved
        assertTrue(met.getText().contains("3 licenser tilldelade ur poolen"), met.getText());
        assertTrue(met.getText().contains("375,00"), met.getText());
        assertTrue(driver.findElements(By.cssSelector("#savings tbody tr")).stream().map(WebElement::getText)
                .anyMatch(row -> row.contains("Produkt " + sku) && row.contains("375,00")), "the saving is listed");
        browser.screenshot("requests-met.png");
        assertEquals(5, Licensing.allocations(Licensing.pool(Licensing.ADMIN, pool)).get(bromma));
    }

    @Test
    void aUnitViewerSeesItsOwnProposalsWithoutTheDecisionButtons() {
        browser.logIn("viewer", Api.PASSWORD);
        driver.get(Api.base() + "/licensing/harvest.xhtml");
        browser.visible(By.id("summary-heading"));
        assertTrue(driver.findElements(By.id("harvest:approve")).isEmpty(), "no approval for a viewer");
        assertTrue(driver.findElements(By.id("harvest:run")).isEmpty());
        assertTrue(driver.findElements(By.cssSelector("input[data-proposal]")).isEmpty(), "no checkboxes");
        driver.get(Api.base() + "/licensing/pools.xhtml");
        browser.visible(By.id("units-heading"));
        assertTrue(driver.findElements(By.cssSelector(".free[data-pool]")).isEmpty(), "no city-wide pool figures");
    }

}
