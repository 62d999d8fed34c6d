package io.orderpipeline.e2e;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} driven through its {@code chromedriver}, both found on the {@code PATH} (or named by
 * {@code CHROMIUM} and {@code CHROMEDRIVER}): nothing is downloaded at run time, so Selenium Manager never runs.
 */
final class HeadlessChromium {

    private HeadlessChromium() {}

    static WebDriver start() {
        ChromeOptions options = new ChromeOptions()
                .setBinary(executable("CHROMIUM", "chromium", "chromium-browser"))
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--no-first-run",
                        "--window-size=1400,1000");
        ChromeDriverService driver = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(executable("CHROMEDRIVER", "chromedriver")))
                .usingAnyFreePort()
                .build();
        ChromeDriver browser = new ChromeDriver(driver, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        return browser;
    }

    private static String executable(String variable, String... names) {
        Optional<String> named = Optional.ofNullable(System.getenv(variable));
        if (named.isPresent()) {
            return named.get();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        return Arrays.stream(path.split(File.pathSeparator))
                .flatMap(directory -> Arrays.stream(names).map(name -> Path.of(directory, name)))
                .filter(Files::isExecutable)
                .findFirst()
                .map(Path::toString)
                .orElseThrow(() -> new IllegalStateException(names[0] + " not found on the PATH (nor " + variable
                        + " set): install Debian's chromium and chromium-driver, as .ci/run does"));
    }
}
