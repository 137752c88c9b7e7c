package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsMode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * IAM tokens renewed on live connections, against a real Redis over TLS whose ACL user's
 * password the test rotates the way ElastiCache's token validity moves on: the password is the
 * token Handoff will sign next (the test drives the signing clock). Every live connection must
 * authenticate again with the new token, with no AUTH refused and no connection reopened; once the
 * old token is refused, new connections must come up with the new one.
 */
class IamRenewalIT {

  private static final String USER = "shop-iam";
  private static final Duration RENEW_EVERY = Duration.ofSeconds(2);

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(
      Redis.standalone().tls(TlsMode.SERVER_CERTIFICATE).aclUser(USER, "not-a-token", "handoff:"));

  @Test
  void liveConnections_authenticateAgainWithEachNewToken_andNewConnectionsTakeTheLatest() throws Exception {
    AwsBasicCredentials aws = AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    AtomicReference<Instant> clock = new AtomicReference<>(Instant.parse("2026-12-04T10:00:00Z"));
    IamTokens tokens = new IamTokens(new ElastiCacheIam(USER, "shop-sessions", false, "eu-west-1"),
        StaticCredentialsProvider.create(aws), clock::get, RENEW_EVERY);
    String first = tokens.token(aws, clock.get());

    try (RespClient admin = REDIS.topology().client()) {
      admin.call("ACL", "SETUSER", USER, "resetpass", ">" + first);
      StoreConfig config = StoreTopologies.configFor(REDIS.topology()).username(null).password(null)
          .credentialsProvider(tokens).build();
      SessionStore store = SessionStore.open(config);
      try {
        String id = "iam-" + System.nanoTime();
        long now = System.currentTimeMillis();
        assertTrue(created(store, new SessionRecord(id, now, now, 1800, 0, "n", null, null,
            Map.of("cart", "3 books".getBytes(StandardCharsets.UTF_8)), Map.of())));
        waitFor(() -> idsOf(admin).stream().anyMatch(c -> c.endsWith("/P")), "the announcements' subscription");

        // The next token is accepted beside the first, then the clock moves on: the next renewal signs it.
        Instant later = clock.get().plus(Duration.ofMinutes(10));
        String second = tokens.token(aws, later);
        admin.call("ACL", "SETUSER", USER, ">" + second);
        long connectionsBefore = Long.parseLong(admin.info("stats", "total_connections_received"));
        Auth authBefore = Auth.of(admin);
        long refusalsBefore = aclLogLength(admin);
        clock.set(later);

        List<String> liveIds = idsOf(admin);
        int live = liveIds.size();
        waitFor(() -> Auth.of(admin).calls - authBefore.calls >= live, "an AUTH on each of the " + live + " live connections");
        Auth authAfter = Auth.of(admin);
        assertEquals(authBefore.failed, authAfter.failed, "no AUTH refused: " + admin.call("ACL", "LOG"));
        assertEquals(refusalsBefore, aclLogLength(admin), "no refusal in the ACL log: " + admin.call("ACL", "LOG"));
        assertEquals(connectionsBefore, Long.parseLong(admin.info("stats", "total_connections_received")),
            "no connection was reopened to renew");
        assertEquals(liveIds, idsOf(admin), "the same connections, the announcements' subscription among them");
        assertInstanceOf(ReadResult.Loaded.class, store.read(id, 0, false));

        // The first token is refused from now on; connections opened after it come up with the second.
        admin.call("ACL", "SETUSER", USER, "<" + first);
        admin.call("CLIENT", "KILL", "USER", USER);
        waitFor(() -> {
          try {
            return store.read(id, 0, false) instanceof ReadResult.Loaded;
          } catch (RuntimeException e) {
            return false;
          }
        }, "a read on a new connection");
        assertTrue(Long.parseLong(admin.info("stats", "total_connections_received")) > connectionsBefore,
            "the read came on a new connection");
        assertEquals(authBefore.failed, Auth.of(admin).failed, "the new connections sent the second token: " + admin.call("ACL", "LOG"));
      } finally {
        store.close();
      }
      waitFor(() -> Thread.getAllStackTraces().keySet().stream()
          .noneMatch(t -> t.getName().equals("handoff-credentials-renewal")), "the renewal thread to end with the client");
    }
  }

  /** AUTH's counters in INFO commandstats. */
  private record Auth(long calls, long failed) {
    static Auth of(RespClient admin) {
      String line = admin.info("commandstats", "cmdstat_auth");
      // rejected: refused before it ran (on a subscribed RESP2 connection, say); failed: a wrong token
      return new Auth(field(line, "calls") + field(line, "rejected_calls"), field(line, "failed_calls") + field(line, "rejected_calls"));
    }

    private static long field(String line, String name) {
      for (String part : line.split(",")) {
        if (part.startsWith(name + "=")) {
          return Long.parseLong(part.substring(name.length() + 1));
        }
      }
      throw new IllegalStateException("no " + name + " in " + line);
    }
  }

  private static int connectionsOf(RespClient admin) {
    return idsOf(admin).size();
  }

  /** The ids of the user's connections, and which are subscribed ({@code id/flags}). */
  private static List<String> idsOf(RespClient admin) {
    return admin.string("CLIENT", "LIST").lines().filter(l -> l.contains(" user=" + USER + " "))
        .map(l -> l.substring(3, l.indexOf(' ')) + "/" + l.replaceAll(".* flags=(\\S+) .*", "$1")).sorted().toList();
  }

  private static long aclLogLength(RespClient admin) {
    return ((List<?>) admin.call("ACL", "LOG")).size();
  }

  private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("waited 15 s for " + what);
      }
      Thread.sleep(50);
    }
  }
}
