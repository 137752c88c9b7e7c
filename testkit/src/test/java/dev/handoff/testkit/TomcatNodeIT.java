package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Real Tomcat 11 and 10.1 distributions (unpacked by the build) running the test webapp as
 * separate processes, without Handoff: the node and the browser do what they promise.
 */
class TomcatNodeIT {

  static final Path WAR = Path.of(required("handoff.test.war"));

  static Path catalinaHome(String line) {
    return Path.of(required("handoff.tomcat" + line + ".home"))
        .resolve("apache-tomcat-" + required("handoff.tomcat" + line + ".version"));
  }

  private static String required(String property) {
    String value = System.getProperty(property);
    if (value == null) {
      throw new IllegalStateException("system property " + property + " is not set; run through"
          + " mvn verify, which unpacks Tomcat and copies the test webapp (see testkit/pom.xml)");
    }
    return value;
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(path);
      }
    }
  }

  private static void deleteQuietly(Path root) {
    try {
      deleteRecursively(root);
    } catch (IOException e) {
      // leftovers under target/ go with mvn clean
    }
  }

  @Nested
  class Tomcat11 extends Scenarios {
    Tomcat11() {
      super("11");
    }
  }

  @Nested
  class Tomcat10 extends Scenarios {
    Tomcat10() {
      super("10");
    }
  }

  @Test
  void start_jvmRejectsAnOption_failsWithTheProcessLogAndKeepsTheFiles() throws IOException {
    TomcatNode node = TomcatNode.builder(catalinaHome("11")).name("broken")
        .jvmArgument("-XX:+NoSuchHandoffOption").build();
    try {
      IllegalStateException failure = assertThrows(IllegalStateException.class, node::start);

      assertTrue(failure.getMessage().contains("exited with code"), failure::getMessage);
      assertTrue(failure.getMessage().contains("NoSuchHandoffOption"), failure::getMessage);
      assertFalse(node.isRunning());
      node.close();
      assertTrue(Files.isDirectory(node.base()), "files kept after a failed start");
    } finally {
      deleteRecursively(node.base());
    }
  }

  @Test
  void testJvmExits_withoutClose_shutdownHookKillsTheTomcat() throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StartAndExit.class.getName(),
        catalinaHome("11").toString())
        .redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(child.waitFor(60, TimeUnit.SECONDS), output);

    String baseUrl = output.lines().filter(l -> l.startsWith("started ")).findFirst()
        .orElseThrow(() -> new AssertionError("the child did not start Tomcat: " + output))
        .substring("started ".length());
    assertThrows(UncheckedIOException.class, () -> new Browser().get(baseUrl + "/"),
        "nothing listens on " + baseUrl + " after the JVM that started it exited");
    output.lines().filter(l -> l.startsWith("base ")).findFirst()
        .ifPresent(l -> deleteQuietly(Path.of(l.substring("base ".length()))));
  }

  /** Starts a node and exits without closing it, as a test JVM that crashes or is interrupted. */
  static final class StartAndExit {
    public static void main(String[] args) {
      TomcatNode node = TomcatNode.builder(Path.of(args[0])).name("orphan").build();
      node.start();
      System.out.println("started " + node.baseUrl());
      System.out.println("base " + node.base());
      System.exit(0);
    }
  }

  @Test
  void build_missingHome_namesTheSetting() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> TomcatNode.builder(Path.of("no-such-tomcat")).build());

    assertTrue(failure.getMessage().startsWith("catalinaHome = "), failure::getMessage);
  }

  @Test
  void manager_notAManagerElement_isRefused() {
    IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
        () -> TomcatNode.builder(catalinaHome("11")).manager("<Valve className=\"x\"/>"));

    assertTrue(failure.getMessage().contains("<Valve>"), failure::getMessage);
  }

  /** The same checks on every Tomcat line; one node per line serves all but the restart tests. */
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  abstract static class Scenarios {

    private final String line;
    private TomcatNode node;

    Scenarios(String line) {
      this.line = line;
    }

    @BeforeAll
    void startNode() {
      node = TomcatNode.builder(catalinaHome(line)).name("plain" + line).war(WAR, "app")
          .readinessPath("/app/nosession").build();
      node.start();
    }

    @AfterAll
    void closeNode() {
      if (node != null) {
        node.close();
      }
    }

    @Test
    void base_written_hasOneLoopbackConnectorTheUsersAndTheWar() throws IOException {
      String server = Files.readString(node.base().resolve("conf/server.xml"));
      String users = Files.readString(node.base().resolve("conf/tomcat-users.xml"));

      assertTrue(server.contains("port=\"-1\""), server);
      assertTrue(server.contains("address=\"127.0.0.1\""), server);
      assertTrue(server.contains("port=\"" + node.port() + "\""), server);
      assertFalse(server.replaceAll("(?s)<!--.*?-->", "").contains("AJP"), server);
      assertTrue(users.contains("username=\"alice\"") && users.contains("username=\"bob\""), users);
      assertTrue(Files.isRegularFile(node.base().resolve("webapps/app.war")));
      assertEquals("http://127.0.0.1:" + node.port(), node.baseUrl());
      String version = System.getProperty("handoff.tomcat" + line + ".version");
      assertTrue(Files.readString(node.base().resolve("logs/process.log"))
          .contains("Apache Tomcat/" + version), node::logTail);
    }

    @Test
    void nosession_plainTomcat_answers200WithoutCookie() {
      Browser.Response response = new Browser().get(node.baseUrl() + "/app/nosession?format=json");

      assertEquals(200, response.status(), response::toString);
      assertTrue(response.setCookies().isEmpty(), response::toString);
      assertEquals("plain" + line, response.json().get("node"), "handoff.node is the node name");
    }

    @Test
    void counter_sameBrowser_countsOneThenTwo() {
      Browser browser = new Browser();

      assertEquals(1L, browser.get(node.baseUrl() + "/app/counter?format=json").json().get("counter"));
      String sessionId = browser.cookie("JSESSIONID");
      assertNotNull(sessionId);
      assertEquals(2L, browser.get(node.baseUrl() + "/app/counter?format=json").json().get("counter"));
      assertEquals(sessionId, browser.cookie("JSESSIONID"));
    }

    @Test
    void formLogin_alice_showsUserAndFormAuthType() {
      Browser browser = new Browser();

      Browser.Response secure = browser.formLogin(node.baseUrl() + "/app/secure/", "alice", "secret");

      assertEquals(200, secure.status(), secure::toString);
      Map<String, Object> facts = browser.get(node.baseUrl() + "/app/secure/?format=json").json();
      assertEquals("alice", facts.get("user"));
      assertEquals("FORM", facts.get("authType"));
      assertEquals(Boolean.TRUE, facts.get("userInRole"));
    }

    @Test
    void formLogin_wrongPassword_landsOnTheErrorPage() {
      Browser.Response failed = new Browser().formLogin(node.baseUrl() + "/app/secure/", "bob", "wrong");

      assertTrue(failed.body().contains("login-error"), failed::toString);
    }

    @Test
    void killThenStart_samePort_servesAgainWithoutTheOldSession() {
      try (TomcatNode crashing = TomcatNode.builder(catalinaHome(line)).name("crash" + line)
          .war(WAR, "app").readinessPath("/app/nosession").build()) {
        crashing.start();
        Browser browser = new Browser();
        browser.get(crashing.baseUrl() + "/app/counter");
        int port = crashing.port();

        crashing.kill();
        assertFalse(crashing.isRunning());
        assertThrows(RuntimeException.class, () -> browser.get(crashing.baseUrl() + "/app/nosession"));
        crashing.start();

        assertTrue(crashing.isRunning());
        assertEquals(port, crashing.port());
        assertEquals(200, browser.get(crashing.baseUrl() + "/app/nosession").status());
        assertEquals(1L, browser.get(crashing.baseUrl() + "/app/counter?format=json").json().get("counter"),
            "plain Tomcat keeps sessions in memory only");
      }
    }

    @Test
    void stopThenStart_persistingManager_keepsTheSession() {
      try (TomcatNode persisting = TomcatNode.builder(catalinaHome(line)).name("persist" + line)
          .war(WAR, "app").manager("<Manager pathname=\"SESSIONS.ser\"/>")
          .readinessPath("/app/nosession").build()) {
        persisting.start();
        Browser browser = new Browser();
        String counter = persisting.baseUrl() + "/app/counter?format=json";
        assertEquals(1L, browser.get(counter).json().get("counter"));

        persisting.stop();
        assertFalse(persisting.isRunning());
        persisting.start();

        assertEquals(2L, browser.get(counter).json().get("counter"), persisting::logTail);
        assertTrue(persisting.logTail().contains("process.log"));
      }
    }

    @Test
    void counter_unknownSessionCookie_startsANewSession() {
      Browser browser = new Browser();
      browser.get(node.baseUrl() + "/app/counter");
      String first = browser.cookie("JSESSIONID");

      browser.setCookie("JSESSIONID", "not-a-session");
      Browser.Response fresh = browser.get(node.baseUrl() + "/app/counter?format=json");

      assertEquals(1L, fresh.json().get("counter"), "an unknown id gets a new session");
      assertNotEquals(first, browser.cookie("JSESSIONID"));
      assertNotEquals("not-a-session", browser.cookie("JSESSIONID"));
    }
  }
}
