package se.nyckeln.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * Finance's month in a real browser: finance creates the draft of a period, cannot approve its own draft (the Swedish
 * four-eyes message), finance2 approves and posts it, and the download links of the posted run answer.
 * Pools: 10 000 öre (REST) and 100,00 kr (entered on the screen) by connections, Södermalm 1 and Bromma 3 ports →
 * 50,00 kr / 150,00 kr. Then the viewer sees its own statement only and explains a line.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ChargebackScreenBrowserIT extends BrowserTestBase {

    private static final String PERIOD = "2025-11";

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void financeMonthDraftApprovePostDownload() {
        String s = Fixtures.suffix();
        Api finance = Api.as("finance");
        assertEquals(200, finance.putJson("/api/v1/chargeback/cost-types/BR-" + s, "{\"name\":\"Nätverk\","
                + "\"category\":\"LAN\",\"account\":\"7540\",\"models\":{\"CONNECTION\":1}}").status());
        assertEquals(201, finance.postJson("/api/v1/chargeback/pools", "{\"period\":\"" + PERIOD + "\",\"costType\":"
                + "\"BR-" + s + "\",\"amountOre\":10000,\"sourceReference\":\"BR-" + s + "\"}").status());
        Api.Reply ports = finance.upload("/api/v1/chargeback/imported-measures/import", "portar.csv",
                ("period;measure;unit;quantity\n" + PERIOD + ";CONNECTION;SDN-SODERMALM;1\n" + PERIOD
                        + ";CONNECTION;SDN-BROMMA;3\n").getBytes(StandardCharsets.UTF_8));
        assertEquals(200, ports.status(), ports.toString());

        browser.logIn("finance");
        driver.get(Api.base() + "/chargeback/index.xhtml");
        WebElement period = browser.visible(By.id("cb:period"));
        period.clear();
        period.sendKeys(PERIOD);
        driver.findElement(By.id("cb:show-period")).click();
        wait.until(d -> d.findElement(By.id("cb:pools")).getText().contains("BR-" + s));
        // a second pool entered on the screen, in kronor
        new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("cb:pool-type"))).selectByVisibleText("BR-" + s);
        driver.findElement(By.id("cb:pool-amount")).sendKeys("100,00");
        driver.findElement(By.id("cb:pool-source")).sendKeys("UI-" + s);
        driver.findElement(By.id("cb:add-pool")).click();
        wait.until(d -> d.findElement(By.id("cb:pools")).getText().contains("UI-" + s));
        driver.findElement(By.id("cb:start")).click();
        WebElement heading = browser.visible(By.id("run-heading"));
        assertTrue(heading.getText().contains(PERIOD) && heading.getText().contains("Utkast"), heading.getText());
        String units = browser.visible(By.id("cb:units")).getText();
        assertTrue(units.contains("SDN-SODERMALM") && units.contains("50,00") && units.contains("150,00"), units);

        driver.findElement(By.id("cb:approve")).click();
        WebElement messages = browser.visible(By.id("cb:messages"));
        assertTrue(messages.getText().contains("måste godkännas av en annan person"), messages.getText());

        driver.manage().deleteAllCookies();
        browser.logIn("finance2");
        driver.get(Api.base() + "/chargeback/index.xhtml");
        WebElement row = browser.visible(By.xpath("//table[@id='cb:runs']//tr[td[1][normalize-space()='" + PERIOD + "']]"));
        row.findElement(By.linkText("Visa")).click();
        browser.visible(By.id("cb:approve")).click();
        wait.until(d -> d.findElement(By.id("run-heading")).getText().contains("Godkänd"));
        browser.visible(By.id("cb:post")).click();
        wait.until(d -> d.findElement(By.id("run-heading")).getText().contains("Bokförd"));
        String sieHref = browser.visible(By.id("cb:dl-sie")).getAttribute("href");
        String zipHref = driver.findElement(By.id("cb:dl-zip")).getAttribute("href");
        for (String href : java.util.List.of(sieHref, zipHref)) {
            Api.Reply r = finance.get(href.substring(href.indexOf("/api/v1")));
            assertEquals(200, r.status(), href + " " + r);
        }

        driver.manage().deleteAllCookies();
        browser.logIn("viewer");
        driver.get(Api.base() + "/chargeback/index.xhtml");
        browser.visible(By.xpath("//table[@id='cb:runs']//tr[td[1][normalize-space()='" + PERIOD + "']]"))
                .findElement(By.linkText("Visa")).click();
        String own = browser.visible(By.id("cb:units")).getText();
        assertTrue(own.contains("SDN-SODERMALM") && !own.contains("SDN-BROMMA"), own);
        assertTrue(driver.findElements(By.id("cb:approve")).isEmpty(), "a viewer cannot approve");
        driver.findElement(By.linkText("Visa rader")).click();
        assertEquals("50,00", browser.visible(By.id("statement-total")).getText());
        driver.findElements(By.linkText("Förklara")).get(0).click();
        String items = browser.visible(By.id("cb:items")).getText();
        assertTrue(items.contains("CONNECTION " + PERIOD), items);
    }

}
