package dev.handoff.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

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

  private static ChromeOptions options() throws IOException {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--window-size=1200,1300",
        "--user-data-dir=" + Files.createTempDirectory("handoff-chromium"));
    return options;
  }

  private static ChromeDriverService service() {
    return new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
  }

  @Test
  void loginCartAndReloads_throughTheBalancer_inARealBrowser() throws IOException {
    try (Fleet fleet = Fleet.start(DemoBuild.locate(), null, 0)) {
      ChromeDriverService service = service();
      WebDriver browser = new ChromeDriver(service, options());
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

  /**
   * The demo's own page as a newcomer uses it: the three servers side by side, the one that
   * answered each click highlighted, the session's login, counter and cart, the Redis round trips
   * each click cost; a server stopped from the page is skipped and the session goes on, and it
   * starts again from the page. The screenshot is {@code target/demo-page.png}.
   */
  @Test
  void demoPage_showsTheServersTheSessionAndTheRoundTrips_andStopsAndStartsAServer() throws Exception {
    try (Fleet fleet = Fleet.start(DemoBuild.locate(), null, 0)) {
      ChromeDriverService service = service();
      WebDriver browser = new ChromeDriver(service, options());
      try {
        browser.get(fleet.pageUrl().replace("/demo/", "/"));
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> d.findElements(By.cssSelector(".node")).size() == 3);
        assertEquals(List.of("tomcat-a", "tomcat-b", "jetty-c"), texts(browser, ".node .name"), "the servers side by side");
        assertEquals(List.of("running", "running", "running"), texts(browser, ".node .status"));

        click(browser, wait, "login");
        wait.until(d -> d.findElement(By.id("user")).getText().equals("alice"));
        List<String> login = texts(browser, "#click li");
        assertEquals(3, login.size(), "the login form, the credentials, the page it redirects to: " + login);
        assertTrue(login.get(1).matches("POST /app/j_security_check answered by \\S+ \\(HTTP 30[23]\\): \\d+ round trips?"),
            login.toString());
        assertTrue(browser.findElement(By.id("click-total")).getText().matches("In all \\d+ round trips? to Redis for this click\\."),
            browser.findElement(By.id("click-total")).getText());

        click(browser, wait, "add-apple");
        click(browser, wait, "add-pear");
        wait.until(d -> texts(d, "#cart li").equals(List.of("1 x apple @ 120c", "1 x pear @ 90c")));
        Set<String> answered = new HashSet<>();
        for (int visit = 1; visit <= 3; visit++) {
          click(browser, wait, "count");
          String expected = String.valueOf(visit);
          wait.until(d -> d.findElement(By.id("counter")).getText().equals(expected));
          List<String> highlighted = texts(browser, ".node.served .name");
          assertEquals(1, highlighted.size(), "one server highlighted: " + highlighted);
          assertTrue(browser.findElement(By.id("session-title")).getText().endsWith(highlighted.get(0) + " saw it"));
          answered.add(highlighted.get(0));
          assertTrue(browser.findElement(By.cssSelector("#click li")).getText()
              .matches("GET /app/counter answered by " + highlighted.get(0) + " \\(HTTP 200\\): \\d+ round trips?"),
              texts(browser, "#click li").toString());
        }
        assertEquals(Set.of("tomcat-a", "tomcat-b", "jetty-c"), answered, "each click on the next server");
        assertFalse(browser.getPageSource().contains("SessionAuthentication") || browser.getPageSource().contains("org.apache.catalina"),
            "no container internals on the page");

        browser.findElement(By.cssSelector(".node[data-node='tomcat-b'] button")).click();
        wait.until(d -> d.findElement(By.cssSelector(".node[data-node='tomcat-b'] .status")).getText().equals("stopped"));
        for (int visit = 4; visit <= 6; visit++) {
          click(browser, wait, "count");
          String expected = String.valueOf(visit);
          wait.until(d -> d.findElement(By.id("counter")).getText().equals(expected));
          assertFalse(texts(browser, ".node.served .name").contains("tomcat-b"), "the stopped server answered nothing");
        }
        assertEquals("alice", browser.findElement(By.id("user")).getText(), "still logged in with one server stopped");
        Path shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, Path.of("target/demo-page.png"), StandardCopyOption.REPLACE_EXISTING);
        BufferedImage image = ImageIO.read(Path.of("target/demo-page.png").toFile());
        assertTrue(image.getWidth() >= 1000 && distinctColours(image) > 50, "a rendered page, not a blank one");

        browser.findElement(By.cssSelector(".node[data-node='tomcat-b'] button")).click();
        new WebDriverWait(browser, Duration.ofSeconds(90)).until(
            d -> d.findElement(By.cssSelector(".node[data-node='tomcat-b'] .status")).getText().equals("running"));
        click(browser, wait, "logout");
        wait.until(d -> d.findElement(By.id("user")).getText().equals("not logged in"));
      } finally {
        browser.quit();
        service.stop();
      }
    }
  }

  /** Clicks an action button and waits until the click is done (the buttons are enabled again). */
  private static void click(WebDriver browser, WebDriverWait wait, String id) {
    browser.findElement(By.id(id)).click();
    wait.until(d -> d.findElement(By.id(id)).isEnabled() && !d.findElement(By.id("click-total")).getText().isEmpty()
        && !d.findElement(By.id("click-total")).getText().contains("..."));
  }

  private static List<String> texts(WebDriver browser, String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(e -> e.getText()).toList();
  }

  private static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 4) {
      for (int x = 0; x < image.getWidth(); x += 4) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
