package dev.baton.web;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Headless Chromium for the browser tests: Debian's {@code chromium} and {@code chromium-driver}
 * packages, installed with {@code apt-get} when they are missing (as the storage tests install
 * Azurite), driven by Selenium with both paths given, so Selenium never downloads anything. Where
 * they cannot be installed the tests fail saying what to install; they are never skipped. {@code
 * BATON_CHROMIUM} and {@code BATON_CHROMEDRIVER} point at other binaries.
 */
final class Chromium {

  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(10);

  private Chromium() {}

  /** A new headless browser, installing Chromium first when it is not there. */
  static ChromeDriver start() {
    Path browser = path("BATON_CHROMIUM", "/usr/bin/chromium");
    Path driver = path("BATON_CHROMEDRIVER", "/usr/bin/chromedriver");
    if (!Files.isExecutable(browser) || !Files.isExecutable(driver)) {
      install(browser, driver);
    }
    var options = new ChromeOptions();
    options.setBinary(browser.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // root in containers and CI has no user namespace for the sandbox
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1360,900",
        "--lang=en-GB");
    var service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(driver.toFile())
            .usingAnyFreePort()
            .build();
    return new ChromeDriver(service, options);
  }

  private static Path path(String variable, String fallback) {
    String v = System.getenv(variable);
    return Path.of(v == null || v.isBlank() ? fallback : v);
  }

  /** {@code apt-get install -y chromium chromium-driver}, after an update when that fails. */
  private static void install(Path browser, Path driver) {
    String howTo =
        "The dashboard's browser tests need Chromium and its driver: on Debian or Ubuntu run (as"
            + " root) 'apt-get install -y chromium chromium-driver', or set BATON_CHROMIUM and"
            + " BATON_CHROMEDRIVER to a Chromium and a matching chromedriver.";
    if (!new File("/usr/bin/apt-get").canExecute()) {
      throw new IllegalStateException(
          "Chromium is missing ("
              + browser
              + ", "
              + driver
              + ") and apt-get is not here. "
              + howTo);
    }
    String first = run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
    if (first != null) {
      String update = run(List.of("apt-get", "update"));
      String second =
          update != null
              ? update
              : run(List.of("apt-get", "install", "-y", "chromium", "chromium-driver"));
      if (second != null) {
        throw new IllegalStateException(
            "could not install Chromium with apt-get (are the tests running as root, with the"
                + " Debian mirrors reachable?): "
                + second
                + "\n"
                + howTo);
      }
    }
    if (!Files.isExecutable(browser) || !Files.isExecutable(driver)) {
      throw new IllegalStateException(
          "apt-get installed chromium and chromium-driver but "
              + browser
              + " or "
              + driver
              + " is still missing. "
              + howTo);
    }
  }

  /** Runs a command; {@code null} when it succeeded, else what went wrong with its output's end. */
  private static String run(List<String> command) {
    try {
      Path log = Files.createTempFile("baton-apt", ".log");
      try {
        var pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("DEBIAN_FRONTEND", "noninteractive");
        Process p = pb.start();
        if (!p.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          p.destroyForcibly();
          return String.join(" ", command) + " did not finish in " + INSTALL_TIMEOUT;
        }
        if (p.exitValue() == 0) {
          return null;
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        return String.join(" ", command)
            + " exited with "
            + p.exitValue()
            + ": "
            + out.substring(Math.max(0, out.length() - 1500));
      } finally {
        Files.deleteIfExists(log);
      }
    } catch (IOException e) {
      return String.join(" ", command) + " could not run: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return String.join(" ", command) + " was interrupted";
    }
  }
}
