package se.nyckeln.it;

import java.io.IOException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A fresh headless Chromium for every test method of a browser IT, closed after it: the {@link Browser} helper, its
 * driver and its wait. Subclasses keep their own {@code @Deployment} and Arquillian annotations.
 */
abstract class BrowserTestBase {

    protected Browser browser;
    protected WebDriver driver;
    protected WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws IOException {
        browser = Browser.start();
        driver = browser.driver();
        wait = browser.await();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }
}
