package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Tomcat's manager webapp (the distribution's own, {@code /manager/html}) working on a session
 * outside any of that session's requests: an attribute it removes is removed in Redis at once, so
 * the user's next request on another node does not get it back; a session it invalidates is gone
 * on every node.
 */
class ManagerWebappIT {

  private static final Pattern NONCE = Pattern.compile("org\\.apache\\.catalina\\.filters\\.CSRF_NONCE=([A-Za-z0-9]+)");

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static TomcatNode node(String name) {
    Path home = TomcatFleet.home("11");
    TomcatNode node = TomcatNode.builder(home).name(name)
        .war(Path.of(TomcatFleet.requireProperty("handoff.test.war")), "app")
        .war(home.resolve("webapps/manager"), "manager")
        .user("admin", "admin-secret", "manager-gui")
        .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar"))).skipJarScan("handoff-*.jar")
        .manager(TomcatFleet.MANAGER, TomcatFleet.withTestKey(Map.of("address", REDIS.topology().uri())))
        .systemProperty("handoff.node", name).build();
    node.start();
    return node;
  }

  @Test
  void attributeRemovedFromTheManagerWebapp_isRemovedInRedisAtOnce_andSessionsItInvalidates_areGone() throws Exception {
    try (TomcatNode a = node("a"); TomcatNode b = node("b")) {
      Browser user = new Browser();
      user.get(a.baseUrl() + "/app/counter?format=json");
      user.get(a.baseUrl() + "/app/tags?format=json&add=red");
      assertEquals(List.of("red"), user.get(b.baseUrl() + "/app/tags?format=json").json().get("tags"));
      String id = user.cookie("JSESSIONID");

      Admin admin = new Admin(a);
      String removed = admin.post("removeSessionAttribute", Map.of("sessionId", id, "attributeName", "tags"));
      assertTrue(removed.contains("Session attribute 'tags' removed."), removed);
      assertEquals(List.of(), user.get(b.baseUrl() + "/app/tags?format=json").json().get("tags"),
          "b reads the session without the attribute the manager webapp removed on a");
      assertEquals(List.of(), user.get(a.baseUrl() + "/app/tags?format=json").json().get("tags"));
      assertEquals(2, ((Number) user.get(b.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue(),
          "the rest of the session is untouched");

      String invalidated = admin.post("invalidateSessions", Map.of("sessionIds", id));
      assertTrue(invalidated.contains("1 sessions invalidated."), invalidated);
      assertEquals(1, ((Number) user.get(b.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue(),
          "the invalidated session is gone on b too: a new one");
    }
  }

  /**
   * "Expire sessions idle >= 1 minutes" on node a, after a minute in which one user was busy on
   * node b and another did nothing: a's copy of the busy user's session was last used a minute
   * ago, but the fleet used it seconds ago, so it must not be expired; the idle one is.
   */
  @Test
  void expireIdleSessions_onANode_judgesIdlenessByTheFleet_notByItsOwnCopy() throws Exception {
    try (TomcatNode a = node("a"); TomcatNode b = node("b")) {
      Browser busy = new Browser();
      Browser idle = new Browser();
      busy.get(a.baseUrl() + "/app/counter?format=json");
      idle.get(a.baseUrl() + "/app/counter?format=json");
      int counter = 1;
      long end = System.nanoTime() + java.time.Duration.ofSeconds(63).toNanos();
      while (System.nanoTime() < end) {
        Thread.sleep(5_000);
        counter++;
        assertEquals(counter, ((Number) busy.get(b.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue());
      }
      String page = new Admin(a).expire(1);
      assertTrue(page.contains("/app"), page);
      assertEquals(counter + 1, ((Number) busy.get(b.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue(),
          "the busy user's session was not expired by a's stale copy");
      assertEquals(counter + 2, ((Number) busy.get(a.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue());
      assertEquals(1, ((Number) idle.get(b.baseUrl() + "/app/counter?format=json").json().get("counter")).intValue(),
          "the idle session was expired: a new one");
    }
  }

  /** An administrator of one node's manager webapp: BASIC login, its CSRF nonce carried along. */
  private static final class Admin {
    private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    private final String base;
    private final String authorization = "Basic "
        + Base64.getEncoder().encodeToString("admin:admin-secret".getBytes(StandardCharsets.UTF_8));
    private String nonce;

    Admin(TomcatNode node) throws Exception {
      base = node.baseUrl() + "/manager/html";
      nonce = nonceIn(send(HttpRequest.newBuilder(URI.create(base + "/")).GET()));
    }

    String post(String action, Map<String, String> parameters) throws Exception {
      String form = "path=%2Fapp&action=" + action + "&" + parameters.entrySet().stream()
          .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      String page = send(HttpRequest.newBuilder(URI.create(base + "/sessions?org.apache.catalina.filters.CSRF_NONCE=" + nonce))
          .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
      nonce = nonceIn(page);
      return page.replace("&apos;", "'");
    }

    /** The list page's "Expire sessions idle >= N minutes" button for /app. */
    String expire(int idleMinutes) throws Exception {
      String page = send(HttpRequest.newBuilder(URI.create(base + "/expire?path=%2Fapp&org.apache.catalina.filters.CSRF_NONCE="
          + nonce)).header("Content-Type", "application/x-www-form-urlencoded")
          .POST(HttpRequest.BodyPublishers.ofString("idle=" + idleMinutes)));
      nonce = nonceIn(page);
      return page;
    }

    private String send(HttpRequest.Builder request) throws Exception {
      HttpResponse<String> response = client.send(request.header("Authorization", authorization).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, response.statusCode(), response.uri() + ": " + response.body());
      return response.body();
    }

    private static String nonceIn(String page) {
      Matcher m = NONCE.matcher(page);
      assertTrue(m.find(), "no CSRF nonce in the manager's page: " + page);
      return m.group(1);
    }
  }
}
