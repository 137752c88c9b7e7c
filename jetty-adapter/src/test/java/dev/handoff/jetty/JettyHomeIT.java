package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.AclUser;
import dev.handoff.testkit.Browser;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.IamAuthProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsFiles;
import dev.handoff.testkit.TomcatNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's standalone Jetty steps on a real jetty-home distribution, as a new user follows
 * them: the drop-in jar and the module, {@code --add-modules=http,ee10-deploy,session-store-handoff},
 * the ini with its secrets as {@code ${env.X}}, against a Redis that only lets an ACL user in.
 * Two such Jetty nodes, one deploying the webapp on ee10 (Servlet 6.0) and one on ee11 (Servlet
 * 6.1), and a Tomcat with its drop-in jar, none given a namespace, share a login.
 */
class JettyHomeIT {

  private static final String SESSION_KEY_VARIABLE = "HANDOFF_SESSION_KEY";
  private static final String PASSWORD_VARIABLE = "REDIS_PASSWORD";

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS =
      RedisExtension.of(Redis.standalone().aclUser("shop", "shop-secret", "handoff:"));

  @TempDir(cleanup = CleanupMode.ON_SUCCESS) // a failed run keeps the bases and their console.log
  Path bases;

  private AclUser user() {
    return REDIS.topology().aclUser().orElseThrow();
  }

  private List<String> readmeIni(String passwordVariable) {
    return List.of(
        "jetty.session.handoff.address=" + REDIS.topology().uri(),
        "jetty.session.handoff.username=" + user().name(),
        "jetty.session.handoff.password=${env." + passwordVariable + "}",
        "jetty.session.handoff.sessionKey=${env." + SESSION_KEY_VARIABLE + "}");
  }

  private Map<String, String> secrets() {
    return Map.of(PASSWORD_VARIABLE, user().password(), SESSION_KEY_VARIABLE, HandoffSettings.TEST_SESSION_KEY);
  }

  private TomcatNode tomcat() {
    Map<String, String> manager = new LinkedHashMap<>(HandoffSettings.forTopology(REDIS.topology()));
    return TomcatNode.builder(Path.of(JettyHomeNode.property("handoff.tomcat11.home"))).name("tomcat")
        .war(JettyNode.war(), "app").libJar(Path.of(JettyHomeNode.property("handoff.dropin.jar")))
        .skipJarScan("handoff-*.jar").user("alice", "secret", "user")
        .manager("dev.handoff.tomcat.RedisSessionManager", manager)
        .systemProperty("handoff.node", "tomcat").build();
  }

  @Test
  void readmeSteps_jettyEe10_jettyEe11_andTomcat_withNoNamespaceSet_shareOneLogin() throws Exception {
    try (JettyHomeNode a = JettyHomeNode.install("jetty-a", "ee10", bases, readmeIni(PASSWORD_VARIABLE), secrets());
        JettyHomeNode b = JettyHomeNode.install("jetty-b", "ee11", bases, readmeIni(PASSWORD_VARIABLE), secrets());
        TomcatNode tomcat = tomcat()) {
      a.start("/nosession");
      b.start("/nosession");
      tomcat.start();
      Map<String, String> apps = new LinkedHashMap<>();
      apps.put("jetty-a", a.url(""));
      apps.put("jetty-b", b.url(""));
      apps.put("tomcat", tomcat.baseUrl() + "/app");

      Browser browser = new Browser();
      Browser.Response form = browser.follow(browser.get(a.url("/secure/?format=json")));
      assertTrue(form.body().contains("j_security_check"), "the login form on jetty-a: " + form);
      Browser.Response posted = browser.post(a.url("/j_security_check"), Map.of("j_username", "alice", "j_password", "secret"));
      assertTrue(posted.isRedirect(), "the login redirects: " + posted);
      String id = browser.cookie("JSESSIONID");
      assertFalse(id.contains("."), "no worker suffix in the session id (Tomcat could not find it): " + id);
      int counter = 0;
      for (int round = 0; round < 2; round++) {
        for (Map.Entry<String, String> app : apps.entrySet()) {
          Map<String, Object> secure = browser.get(app.getValue() + "/secure/?format=json").json();
          assertEquals(app.getKey(), secure.get("node"));
          assertEquals("alice", secure.get("user"), "logged in on " + app.getKey() + ": " + secure);
          counter++;
          assertEquals(counter, ((Number) browser.get(app.getValue() + "/counter?format=json").json().get("counter")).intValue(),
              "the counter carried over to " + app.getKey());
        }
      }
      assertEquals(Boolean.TRUE, browser.get(b.url("/logout?format=json")).json().get("loggedOut"));
      for (String app : apps.values()) {
        assertTrue(browser.follow(browser.get(app + "/secure/?format=json")).body().contains("j_security_check"),
            "logged out on " + app);
      }

      assertTrue(a.logText().contains("Started oeje10w.WebAppContext"), "jetty-a deployed the webapp on ee10");
      assertTrue(b.logText().contains("Started oeje11w.WebAppContext"), "jetty-b deployed the webapp on ee11");
      String nodeA = startLine(a).group(2);
      String nodeB = startLine(b).group(2);
      assertEquals("localhost/app", startLine(a).group(1), "Tomcat's namespace for the same application");
      assertNotEquals(nodeA, nodeB, "each node a name of its own in Redis");
      assertFalse(nodeA.startsWith("node0"), "not Jetty's default worker name: " + nodeA);
      assertFalse(a.logText().contains("shop-secret") || a.logText().contains(HandoffSettings.TEST_SESSION_KEY),
          "no secret in the log");
    }
  }

  /** A misspelled variable in the ini: the context does not start, and the log names the variable. */
  @Test
  void aMisspelledEnvironmentVariable_inTheIni_stopsTheContext_namingIt() throws Exception {
    try (JettyHomeNode node = JettyHomeNode.install("jetty-typo", "ee10", bases, readmeIni("REDIS_PASWORD"), secrets())) {
      node.start("/nosession");
      Browser.Response response = new Browser().get(node.url("/nosession"));
      assertEquals(503, response.status(), "the context is unavailable: " + response);
      String log = node.logText();
      assertTrue(log.contains("${env.REDIS_PASWORD} is neither a system property nor an environment variable"), log);
    }
  }

  /**
   * ElastiCache IAM from the ini: the module's iamCache and iamRegion, the AWS credentials in the
   * process's environment (the SDK's default chain, from the drop-in jar's relocated SDK), over
   * TLS to ElastiCache's front door ({@link IamAuthProxy}, which verifies each token), whose CA
   * the JVM trusts by its own system properties as it trusts Amazon's by default.
   */
  @Test
  void iam_fromTheIni_withAwsCredentialsInTheEnvironment_connectsWithVerifiedTokens() throws Exception {
    TlsFiles tls = TlsFiles.generate(bases.resolve("iam-tls"));
    try (IamAuthProxy cache = IamAuthProxy.inFrontOf(REDIS.topology().node(), user(), tls,
        new IamAuthProxy.Cache("shop-sessions", false, "eu-west-1", "AKIDJETTYIAMTEST", "jetty-iam-secret"),
        java.time.Duration.ofHours(12));
        JettyHomeNode node = JettyHomeNode.install("jetty-iam", "ee10", bases, List.of(
            "jetty.session.handoff.address=" + cache.uri(),
            "jetty.session.handoff.username=shop-app",
            "jetty.session.handoff.iamCache=shop-sessions",
            "jetty.session.handoff.iamRegion=eu-west-1",
            "jetty.session.handoff.sessionKey=${env." + SESSION_KEY_VARIABLE + "}",
            "-Djavax.net.ssl.trustStore=" + tls.trustStore(),
            "-Djavax.net.ssl.trustStorePassword=" + tls.storePassword()),
            Map.of("AWS_ACCESS_KEY_ID", "AKIDJETTYIAMTEST", "AWS_SECRET_ACCESS_KEY", "jetty-iam-secret",
                "AWS_EC2_METADATA_DISABLED", "true", SESSION_KEY_VARIABLE, HandoffSettings.TEST_SESSION_KEY))) {
      node.start("/nosession");
      Browser browser = new Browser();
      assertEquals(1, ((Number) browser.get(node.url("/counter?format=json")).json().get("counter")).intValue());
      assertEquals(2, ((Number) browser.get(node.url("/counter?format=json")).json().get("counter")).intValue());
      assertTrue(node.logText().contains("connected to Redis at"), node.logText());
      assertTrue(cache.tokensAccepted() >= 1, "the node came in with a token");
      assertEquals(List.of(), cache.refusals());
      assertTrue(node.logText().contains("iamCache=shop-sessions, iamRegion=eu-west-1"), node.logText());
      assertFalse(node.logText().contains("jetty-iam-secret"), "no secret in the log");
    }
  }

  private static Matcher startLine(JettyHomeNode node) {
    Matcher m = Pattern.compile("\\[([^\\]]+)\\] Handoff on node (\\S+), serializer").matcher(node.logText());
    assertTrue(m.find(), "the adapter's start line in " + node + ":\n" + node.logText());
    return m;
  }
}
