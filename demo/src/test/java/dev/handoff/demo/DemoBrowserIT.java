package dev.handoff.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A person with a real browser (headless Chromium) logs in through the demo's balancer with the
 * login form, fills a cart, and reloads pages that land on one node after the other. A screenshot
 * is left in target/ for people to look at.
 */
class DemoBrowserIT {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  @BeforeAll
  static void installChromiumWhenMissing() throws Exception {
    if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
      return;
    }
    boolean root = "root".equals(System.getProperty("user.name"));
    List<String> sudo = root ? List.of() : List.of("sudo", "-n");
    for (List<String> command : List.of(List.of("apt-get", "update", "-qq"),
        List.of("apt-get", "install", "-y", "-qq", "chromium", "chromium-driver"))) {
      List<String> full = new java.util.ArrayList<>(sudo);
      full.addAll(command);
      Process p = new ProcessBuilder(full).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target/chromium-install.log").toFile())).start();
      if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
        throw new IllegalStateException("could not install chromium and chromium-driver (" + String.join(" ", full)
            + " failed, see target/chromium-install.log); install them: sudo apt-get install -y chromium chromium-driver");
      }
    }
  }

  @Test
  void loginCartAndReloads_throughTheBalancer_inARealBrowser() throws IOException {
    try (Fleet fleet = Fleet.start(DemoBuild.locate(), null, 0)) {
      ChromeOptions options = new ChromeOptions();
      options.setBinary(CHROMIUM.toFile());
      options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + Files.createTempDirectory("handoff-chromium"));
      ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
          .usingAnyFreePort().build();
      WebDriver browser = new ChromeDriver(service, options);
      try {
        String app = fleet.appUrl();
        browser.get(app + "secure/");
        browser.findElement(By.name("j_username")).sendKeys("alice");
        browser.findElement(By.name("j_password")).sendKeys("secret");
        browser.findElement(By.cssSelector("form")).submit();
        assertTrue(browser.getPageSource().contains("alice"), browser.getPageSource());

        browser.get(app + "cart?add=book");
        browser.get(app + "cart?add=pen");
        Set<String> nodes = new HashSet<>();
        for (int i = 0; i < 6; i++) {
          browser.get(app + "cart");
          nodes.add(browser.findElement(By.cssSelector("#node strong")).getText());
          assertTrue(browser.getPageSource().contains("book") && browser.getPageSource().contains("pen"),
              "the cart follows the user to every node: " + browser.getPageSource());
        }
        assertEquals(Set.of("tomcat-a", "tomcat-b", "jetty-c"), nodes, "reloads landed on every node");
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target/demo-browser.png"), StandardCopyOption.REPLACE_EXISTING);
      } finally {
        browser.quit();
        service.stop();
      }
    }
  }
}
