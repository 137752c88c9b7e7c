package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One Tomcat (the drop-in jar) and one Jetty node sharing a Redis and a namespace: a session
 * started on either continues on the other, counter and cart included, and so does a FORM login:
 * the login page, the credentials and the page returned to may each be served by either container.
 */
class CrossContainerIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static TomcatNode tomcat() {
    return TomcatNode.builder(Path.of(property("handoff.tomcat11.home"))).name("tomcat")
        .war(JettyNode.war(), "app").libJar(Path.of(property("handoff.dropin.jar")))
        .skipJarScan("handoff-*.jar")
        .manager("dev.handoff.tomcat.RedisSessionManager", Map.of("address", REDIS.topology().uri(),
            "namespace", "shop", "sessionKey", dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY))
        .systemProperty("handoff.node", "tomcat").build();
  }

  private static JettyNode jetty() throws Exception {
    return JettyNode.startForTomcatNeighbours("jetty", f -> f.set("address", REDIS.topology().uri())
        .set("namespace", "shop"));
  }

  @Test
  void sessionStartedOnTomcat_continuesOnJetty_andBack() throws Exception {
    try (TomcatNode tomcat = tomcat(); JettyNode jetty = jetty()) {
      tomcat.start();
      String onTomcat = tomcat.baseUrl() + "/app";
      for (String[] way : new String[][] {{onTomcat, jetty.url("")}, {jetty.url(""), onTomcat}}) {
        Browser browser = new Browser();
        assertEquals(1, counter(browser.get(way[0] + "/counter?format=json").json()));
        browser.get(way[0] + "/cart?format=json&add=book");
        assertEquals(2, counter(browser.get(way[1] + "/counter?format=json").json()), "counter carried over");
        Map<String, Object> cart = browser.get(way[1] + "/cart?format=json&add=pen").json();
        assertEquals(2, ((Number) cart.get("itemCount")).intValue(), "cart carried over: " + cart);
        assertEquals(3, counter(browser.get(way[0] + "/counter?format=json").json()), "and back");
        Map<String, Object> back = browser.get(way[0] + "/cart?format=json").json();
        assertEquals(2, ((Number) back.get("itemCount")).intValue(), "and back: " + back);
      }
    }
  }

  /**
   * An inactivity limit set on one container holds on the other, whichever created the session:
   * Jetty reads the limit Tomcat wrote over Jetty's own fields (issue 12: Jetty's metadata is named
   * fields, shared where the meaning is the same), and Tomcat reads the one Jetty wrote.
   */
  @Test
  void inactivityLimitSetOnTheOtherContainer_holdsOnTheOneThatCreatedTheSession() throws Exception {
    try (TomcatNode tomcat = tomcat(); JettyNode jetty = jetty()) {
      tomcat.start();
      String onTomcat = tomcat.baseUrl() + "/app";
      for (String[] way : new String[][] {{jetty.url(""), onTomcat}, {onTomcat, jetty.url("")}}) {
        Browser browser = new Browser();
        assertEquals(1, counter(browser.get(way[0] + "/counter?format=json").json()));
        assertEquals(2, counter(browser.get(way[1] + "/counter?format=json&maxInactive=2").json()));
        assertEquals(3, counter(browser.get(way[0] + "/counter?format=json").json()), "within the limit");
        Thread.sleep(3_500);
        assertEquals(1, counter(browser.get(way[0] + "/counter?format=json").json()),
            "idle past the limit the other container set: a new session (" + way[0] + ")");
      }
    }
  }

  /**
   * Every way of spreading a FORM login over the two containers: the protected page and login
   * form on one, the credentials posted to one, the page returned to on one; then the login holds
   * on both (user, auth type, role), and a logout on one is a logout on both.
   */
  @Test
  void formLogin_spreadOverBothContainers_holdsOnBoth_andLogoutEndsItOnBoth() throws Exception {
    try (TomcatNode tomcat = tomcat(); JettyNode jetty = jetty()) {
      tomcat.start();
      Map<String, String> apps = Map.of("tomcat", tomcat.baseUrl() + "/app", "jetty", jetty.url(""));
      List<String> names = List.of("tomcat", "jetty");
      for (String form : names) {
        for (String credentials : names) {
          for (String landing : names) {
            String way = "form on " + form + ", credentials to " + credentials + ", back on " + landing;
            Browser browser = new Browser();
            Browser.Response page = browser.follow(browser.get(apps.get(form) + "/secure/?format=json"));
            assertEquals(200, page.status(), way + ": " + page);
            assertTrue(page.body().contains("j_security_check"), way + ": not the login form: " + page.body());
            Browser.Response posted = browser.post(on(apps.get(credentials), page.uri().resolve("j_security_check")),
                Map.of("j_username", "alice", "j_password", "secret"));
            assertTrue(posted.isRedirect(), way + ": the login did not redirect: " + posted);
            URI back = posted.uri().resolve(posted.location().orElseThrow());
            assertTrue(back.getPath().endsWith("/app/secure/"), way + ": returns to " + back);
            Browser.Response landed = browser.follow(browser.get(on(apps.get(landing), back)));
            assertEquals(200, landed.status(), way + ": " + landed);
            for (String node : names) {
              Browser.Response response = browser.get(apps.get(node) + "/secure/?format=json");
              assertEquals(200, response.status(), way + ", then on " + node + ": not logged in: " + response);
              Map<String, Object> secure = response.json();
              assertEquals(node, secure.get("node"), way);
              assertEquals("alice", secure.get("user"), way + ", then on " + node + ": " + secure);
              assertEquals("FORM", secure.get("authType"), way + ", then on " + node);
              assertEquals(Boolean.TRUE, secure.get("userInRole"), way + ", then on " + node);
            }
            String other = form.equals("tomcat") ? "jetty" : "tomcat";
            assertEquals(Boolean.TRUE, browser.get(apps.get(form) + "/logout?format=json").json().get("loggedOut"), way);
            Browser.Response after = browser.follow(browser.get(apps.get(other) + "/secure/?format=json"));
            assertTrue(after.body().contains("j_security_check"), way + ": still logged in on " + other + " after logout");
          }
        }
      }
    }
  }

  /**
   * "Log out everywhere" from a shell ({@code bin/handoff-admin}, on the Tomcat drop-in jar): alice
   * logged in on Tomcat from one browser and on Jetty from another; both sessions are listed and
   * ended, and each browser is logged out on both containers; bob stays logged in. A misspelled
   * setting is refused with exit status 2, naming it.
   */
  @Test
  void logoutEverywhere_fromTheCommandLine_endsAUsersSessionsOnBothContainers() throws Exception {
    try (TomcatNode tomcat = tomcat(); JettyNode jetty = jetty()) {
      tomcat.start();
      Map<String, String> apps = Map.of("tomcat", tomcat.baseUrl() + "/app", "jetty", jetty.url(""));
      Browser onTomcat = new Browser();
      Browser onJetty = new Browser();
      Browser bob = new Browser();
      onTomcat.formLogin(apps.get("tomcat") + "/secure/?format=json", "alice", "secret");
      onJetty.formLogin(apps.get("jetty") + "/secure/?format=json", "alice", "secret");
      bob.formLogin(apps.get("jetty") + "/secure/?format=json", "bob", "secret");
      List<String> settings = List.of("address=" + REDIS.topology().uri(), "namespace=shop",
          "sessionKey=" + dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY);

      Admin listed = admin(settings, "sessions-of", "alice");
      assertEquals(0, listed.status(), listed.toString());
      assertTrue(listed.out().startsWith("alice: 2 sessions in shop"), listed.toString());
      assertEquals(3, listed.out().lines().count(), listed.toString());
      Admin ended = admin(settings, "logout-everywhere", "alice");
      assertEquals("alice: 2 sessions ended in shop", ended.out().strip(), ended.toString());
      for (Browser alice : List.of(onTomcat, onJetty)) {
        for (String app : apps.values()) {
          assertTrue(alice.follow(alice.get(app + "/secure/?format=json")).body().contains("j_security_check"),
              "alice is logged out on " + app);
        }
      }
      for (String app : apps.values()) {
        assertEquals("bob", bob.get(app + "/secure/?format=json").json().get("user"), "bob is not, on " + app);
      }
      Admin typo = admin(List.of("adress=" + REDIS.topology().uri(), "namespace=shop"), "count");
      assertEquals(2, typo.status(), typo.toString());
      assertTrue(typo.err().contains("unknown setting 'adress' (did you mean address?)"), typo.toString());
    }
  }

  private record Admin(int status, String out, String err) {
  }

  /** Runs bin/handoff-admin with the drop-in jar the tests use. */
  private static Admin admin(List<String> settings, String... command) throws Exception {
    List<String> line = new java.util.ArrayList<>(List.of("bash", Path.of("..", "bin", "handoff-admin").toString()));
    line.addAll(settings);
    line.addAll(List.of(command));
    ProcessBuilder builder = new ProcessBuilder(line);
    builder.environment().put("HANDOFF_JAR", property("handoff.dropin.jar"));
    Process process = builder.start();
    java.util.concurrent.CompletableFuture<String> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    });
    String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("bin/handoff-admin did not end within 60 s");
    }
    return new Admin(process.exitValue(), out, err.get());
  }

  /** The same path and query on another node's origin. */
  private static String on(String app, URI uri) {
    URI origin = URI.create(app);
    return origin.getScheme() + "://" + origin.getRawAuthority() + uri.getRawPath()
        + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }

  private static String property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException("system property " + name + " is not set; run through mvn verify");
    }
    return value;
  }
}
