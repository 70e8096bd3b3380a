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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The organisation screen in a real browser: login, the unit tree, and the report of a rejected import. */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OrganisationScreenBrowserIT extends BrowserTestBase {

    @Deployment(testable = false)
    static EnterpriseArchive deployment() {
        return Deployments.ear();
    }

    @Test
    void adminSeesTheUnitTreeWithSwedishKindNames() throws IOException {
        browser.logIn("admin", Api.PASSWORD);
        driver.get(Api.base() + "/organisation/index.xhtml");
        WebElement tree = browser.visible(By.id("tree-form:tree"));
        assertTrue(tree.getText().contains("Södermalms stadsdelsnämnd"), tree.getText());
        assertTrue(tree.getText().contains("Stadsdelsnämnd"), "kinds are shown with their Swedish names");
        assertTrue(driver.findElements(By.id("import-heading")).size() == 1, "an administrator may import");
        Path treeShot = browser.screenshot("organisation-tree.png");

        // The README shows this tree. Refreshing the committed picture is asked for explicitly
        // (-Dnyckeln.readme.screenshot=true), so an ordinary test run leaves the work tree clean.
        if (Boolean.getBoolean("nyckeln.readme.screenshot")) {
            Path readmeImage = Path.of(System.getProperty("user.dir")).resolveSibling("docs/images/organisation.png");
            Files.createDirectories(readmeImage.getParent());
            Files.copy(treeShot, readmeImage, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void rejectedUnitsFileShowsTheErrorReportAndThatNothingWasImported() throws IOException {
        browser.logIn("admin", Api.PASSWORD);
        driver.get(Api.base() + "/organisation/index.xhtml");
        browser.visible(By.id("tree-form:tree"));

        Path csv = Files.createTempFile("enheter-fel", ".csv");
        Files.writeString(csv, """
                code;name;kind;parent_code;cost_centre;org_number;valid_from;valid_to
                ENH-TEST-1;Testenheten;SUBUNIT;FINNS-INTE;2299;;2026-01-01;
                BOLAG-TEST;Testbolaget AB;BOLAG;KOMMUN;9999;5560000002;2026-01-01;
                """, StandardCharsets.UTF_8);
        driver.findElement(By.cssSelector("#import input[type=file]")).sendKeys(csv.toString());
        driver.findElement(By.id("import:upload")).click();

        WebElement heading = browser.visible(By.id("nothing-imported"));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView()", heading);
        browser.screenshot("organisation-import-rejected.png");
        assertEquals("Filen avvisades – ingenting importerades", heading.getText());
        Map<String, List<String>> byLine = driver.findElements(By.cssSelector("#errors tbody tr")).stream()
                .map(tr -> tr.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .collect(Collectors.toMap(cells -> cells.get(1), cells -> cells, (a, b) -> a));
        assertTrue(byLine.containsKey("2") && byLine.containsKey("3"), "lines 2 and 3 are reported: " + byLine);
        assertEquals("parent_code", byLine.get("2").get(2), byLine.toString());
        assertEquals("org_number", byLine.get("3").get(2), byLine.toString());
        assertEquals("5560000002", byLine.get("3").get(3), byLine.toString());
        for (List<String> cells : byLine.values()) {
            assertEquals(csv.getFileName().toString(), cells.get(0));
            assertFalse(cells.get(4).isBlank() || cells.get(4).startsWith("import."),
                    "the reason is a text, not a key: " + cells);
        }
    }

    @Test
    void unitViewerSeesOnlyItsOwnPartOfTheTreeAndCannotImport() {
        browser.logIn("viewer", Api.PASSWORD);
        driver.get(Api.base() + "/organisation/index.xhtml");
        WebElement tree = browser.visible(By.id("tree-form:tree"));
        assertTrue(tree.getText().contains("Södermalms stadsdelsnämnd"), tree.getText());
        assertFalse(tree.getText().contains("Bromma"), "another district is not shown: " + tree.getText());
        assertFalse(tree.getText().contains("Stockholms stad\n"), "the kommun above the viewer's unit is not a row");
        assertTrue(driver.findElements(By.id("import-heading")).isEmpty(), "no import for a unit viewer");
    }

    @Test
    void wrongPasswordShowsTheSwedishErrorMessage() {
        driver.get(Api.base() + "/login.xhtml");
        browser.fillLogin("admin", "fel-lösenord");
        WebElement messages = browser.visible(By.cssSelector("#login\\:messages .ui-messages-error"));
        assertTrue(messages.getText().contains("Fel användarnamn eller lösenord."), messages.getText());
        assertTrue(driver.getCurrentUrl().contains("/login.xhtml"), driver.getCurrentUrl());
    }

}
