package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.AclUser;
import dev.handoff.testkit.Browser;
import dev.handoff.testkit.IamAuthProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsFiles;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IAM authentication as a Tomcat administrator sets it up for ElastiCache: the drop-in jar (its
 * relocated AWS SDK), the {@code <Manager>} attributes of the README, and AWS credentials in the
 * process's environment (the SDK's default chain). ElastiCache's front door is {@link
 * IamAuthProxy}: TLS, and AUTH only with a token it verifies as ElastiCache would (SigV4 for this
 * cache, user, region and access key; not expired). A login-free counter hops between two nodes;
 * a node with a wrong secret key, and one with no credentials at all, say why in their logs.
 */
class ElastiCacheIamIT {

  private static final String ACCESS_KEY = "AKIDHANDOFFIAMTEST";
  private static final String SECRET_KEY = "handoff/iam+test+secret+key+0123456789ABC";
  private static final AclUser UPSTREAM = new AclUser("shop-upstream", "upstream-" + System.nanoTime(), "handoff:");

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(
      Redis.standalone().aclUser(UPSTREAM.name(), UPSTREAM.password(), UPSTREAM.keyPrefix()));

  private static TlsFiles tls;
  private static IamAuthProxy cache;

  @BeforeAll
  static void frontDoor() throws Exception {
    tls = TlsFiles.generate(Files.createTempDirectory("handoff-iam-tls"));
    cache = IamAuthProxy.inFrontOf(REDIS.topology().node(), UPSTREAM, tls,
        new IamAuthProxy.Cache("shop-sessions", false, "eu-west-1", ACCESS_KEY, SECRET_KEY), Duration.ofHours(12));
  }

  @AfterAll
  static void close() {
    if (cache != null) {
      cache.close();
    }
  }

  private static Map<String, String> manager() {
    return Map.of("address", cache.uri(), "username", "shop-app", "iamCache", "shop-sessions", "iamRegion", "eu-west-1",
        "trustStore", tls.trustStore().toString(), "trustStorePassword", tls.storePassword());
  }

  private static Map<String, String> credentials(String secret) {
    Map<String, String> env = new java.util.HashMap<>(Map.of("AWS_EC2_METADATA_DISABLED", "true"));
    if (secret != null) {
      env.put("AWS_ACCESS_KEY_ID", ACCESS_KEY);
      env.put("AWS_SECRET_ACCESS_KEY", secret);
    }
    return env;
  }

  @Test
  void twoNodes_authenticateWithIamTokens_andTheSessionHops() {
    long acceptedBefore = cache.tokensAccepted();
    int refusedBefore = cache.refusals().size();
    try (TomcatFleet fleet = TomcatFleet.start("11", List.of(manager(), manager()), Map.of(),
        List.of(credentials(SECRET_KEY), credentials(SECRET_KEY)))) {
      Browser browser = new Browser();
      assertEquals(1, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      assertEquals(2, counter(browser.get(fleet.url(1, "/counter?format=json")).json()), "continued on b:\n" + fleet.logs());
      assertEquals(3, counter(browser.get(fleet.url(0, "/counter?format=json")).json()));
      assertTrue(cache.tokensAccepted() - acceptedBefore >= 2, "each node's connections came in with a token");
      assertEquals(List.of(), cache.refusals().subList(refusedBefore, cache.refusals().size()));
      assertTrue(fleet.logs().contains("iamCache=shop-sessions, iamRegion=eu-west-1"), fleet.logs());
      assertFalse(fleet.logs().contains(SECRET_KEY) || fleet.logs().contains("X-Amz-Signature"),
          "neither the secret key nor a token in the logs");
    }
  }

  @Test
  void aWrongSecretKey_andNoCredentials_areRefused_andTheLogsSayWhy() {
    int refusedBefore = cache.refusals().size();
    try (TomcatFleet fleet = TomcatFleet.start("11", List.of(manager(), manager()), Map.of(),
        List.of(credentials("not-the-secret-key"), credentials(null)))) {
      Browser browser = new Browser();
      browser.get(fleet.url(0, "/counter?format=json"));
      browser.get(fleet.url(1, "/counter?format=json"));
      assertTrue(cache.refusals().subList(refusedBefore, cache.refusals().size()).contains("signature does not match"),
          cache.refusals().toString());
      String wrongKey = fleet.node(0).logTail();
      assertTrue(wrongKey.contains("WRONGPASS") && wrongKey.contains("the cache refused the IAM token: check that the user"
          + " shop-app is IAM-enabled"), "a's log names the refusal and what to check:\n" + wrongKey);
      String none = fleet.node(1).logTail();
      assertTrue(none.contains("the AWS SDK's default credentials chain found no credentials"), "b's log says why:\n" + none);
    }
  }

  private static int counter(Map<String, Object> page) {
    return ((Number) page.get("counter")).intValue();
  }
}
