package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.HandoffSettings;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The fleet's sessions for an administrator, on two stores (two nodes) of one namespace, sealed:
 * the count, a user's sessions kept right through login, logout, an id change and deletion, a
 * member planted in a user's set by a writer of Redis, and "log out everywhere". A login rides in
 * the write's own round trip.
 */
class FleetSessionsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static StoreConfig config(String address) {
    return StoreConfig.builder().namespace("fleet").sessionKey(HandoffSettings.TEST_SESSION_KEY)
        .addresses(List.of(address)).build();
  }

  private static SessionRecord session(String id, String user) {
    long now = System.currentTimeMillis();
    byte[] login = user == null ? null : new Login(user, List.of("user"), null).toBytes();
    return new SessionRecord(id, now, now, 1800, 0, "n", login, user == null ? null : "FORM", Map.of("x", new byte[] {1}));
  }

  @Test
  void aUsersSessions_acrossNodes_keptRight_andLoggedOutEverywhere() {
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node());
        SessionStore a = SessionStore.open(config("redis://127.0.0.1:" + proxy.port()));
        SessionStore b = SessionStore.open(config(REDIS.topology().uri()))) {
      long before = proxy.roundTrips();
      assertTrue(Creates.created(a, session("s1", "alice")));
      assertEquals(1, proxy.roundTrips() - before, "a create with a login: one round trip");
      assertTrue(Creates.created(b, session("s2", "alice")));
      assertTrue(Creates.created(a, session("s3", "bob")));
      assertTrue(Creates.created(b, session("s4", null)));
      assertEquals(4, a.fleet().count());
      assertEquals(2, b.fleet().sessionsOf("alice").size());
      assertEquals(1, a.fleet().sessionsOf("bob").size());
      assertEquals("FORM", a.fleet().sessionsOf("bob").get(0).authType());
      assertEquals(0, a.fleet().sessionsOf("carol").size());

      a.save("s2", SessionChange.builder().login(null, null).build()); // alice logs out of s2
      assertEquals(1, a.fleet().sessionsOf("alice").size(), "a logout leaves her sessions");
      before = proxy.roundTrips();
      a.save("s4", SessionChange.builder().login(new Login("alice", List.of(), null).toBytes(), "FORM").build());
      assertEquals(1, proxy.roundTrips() - before, "a save that logs in: one round trip");
      assertEquals(2, b.fleet().sessionsOf("alice").size(), "a login on a save joins them");

      assertTrue(Creates.created(a, session("s1-renewed", "alice"))); // the id changes at login: the new id written whole,
      a.delete("s1"); // then the old one deleted
      assertEquals(2, b.fleet().sessionsOf("alice").size(), "the old id is not counted, the new one is");

      Keys keys = new Keys(config(REDIS.topology().uri()));
      try (RespClient redis = REDIS.topology().client()) { // a writer of Redis puts bob's session in alice's set
        redis.call("SADD", keys.logins("alice"), keys.digest("s3"));
      }
      assertEquals(2, a.fleet().sessionsOf("alice").size(), "a planted member names no session of another user");

      assertEquals(2, a.fleet().invalidateSessionsOf("alice"));
      assertFalse(b.load("s1-renewed").isPresent(), "ended for every node");
      assertFalse(b.load("s4").isPresent());
      assertTrue(b.load("s3").isPresent(), "bob's session stays");
      assertTrue(b.load("s2").isPresent(), "and the session alice had logged out of");
      assertEquals(0, b.fleet().sessionsOf("alice").size());
      assertEquals(2, b.fleet().count());
    }
  }
}
