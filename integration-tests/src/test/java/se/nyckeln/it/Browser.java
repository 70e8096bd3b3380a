package se.nyckeln.it;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;

/**
 * One headless Debian Chromium (driven by Debian's chromedriver) for a browser test, with the few moves every browser
 * test makes: log in through the login page, wait for an element (and on failure say which page the browser was on
 * instead), take a screenshot into {@code target/screenshots}. Each instance has its own throw-away profile directory,
 * removed on {@link #close()}. The explicit browser and driver paths keep Selenium Manager from looking anything up
 * on the network.
 */
final class Browser implements AutoCloseable {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private final WebDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    private Browser(WebDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, PATIENCE);
        // a condition may read an element the page is just replacing (a postback re-renders the form): ask again
        this.wait.ignoring(StaleElementReferenceException.class);
    }

    /** Starts Chromium (headless, 1400×1000, no sandbox: the tests may run as root). */
    static Browser start() throws IOException {
        System.setProperty("SE_AVOID_STATS", "true");
        Path profile = Files.createTempDirectory("nyckeln-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1400,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        WebDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(PATIENCE);
        return new Browser(driver, profile);
    }

    WebDriver driver() {
        return driver;
    }

    /** Waits up to a minute (the machine may be busy); an element gone stale under a condition is asked for again. */
    WebDriverWait await() {
        return wait;
    }

    /** Logs in as a demo user with the demo password and waits until the login page is left. */
    void logIn(String user) {
        logIn(user, Api.PASSWORD);
    }

    void logIn(String user, String password) {
        driver.get(Api.base() + "/login.xhtml");
        fillLogin(user, password);
        wait.until(d -> !d.getCurrentUrl().contains("/login.xhtml"));
    }

    /** Fills and submits the login form on the current page, without waiting for the outcome. */
    void fillLogin(String user, String password) {
        visible(By.id("login:username")).sendKeys(user);
        driver.findElement(By.id("login:password")).sendKeys(password);
        driver.findElement(By.id("login:submit")).click();
    }

    /** Waits for an element to be visible; on failure says what page the browser was on instead. */
    WebElement visible(By by) {
        try {
            return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
        } catch (TimeoutException e) {
            String page = driver.getPageSource();
            throw new AssertionError("no " + by + " on " + driver.getCurrentUrl() + ":\n"
                    + (page.length() > 4000 ? page.substring(0, 4000) : page), e);
        }
    }

    /** Saves a screenshot as {@code name} in {@code nyckeln.screenshots} (default target/screenshots). */
    Path screenshot(String name) {
        try {
            Path dir = Path.of(System.getProperty("nyckeln.screenshots", "target/screenshots"));
            Files.createDirectories(dir);
            Path target = dir.resolve(name);
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), target,
                    StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
