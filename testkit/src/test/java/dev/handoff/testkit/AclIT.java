package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AclIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS =
      RedisExtension.of(Redis.standalone().aclUser("app", "app-password", "handoff:shop:"));

  @Test
  void limitedUser_writesUnderItsPrefix_andIsRefusedElsewhere() {
    StandaloneRedis redis = REDIS.topology();
    try (RespClient c = RespClient.connect("127.0.0.1", redis.port()).auth("app", "app-password")) {
      assertEquals("OK", c.string("SET", "handoff:shop:k", "v"));
      assertEquals("v", c.string("GET", "handoff:shop:k"));
      RedisErrorReply refused = assertThrows(RedisErrorReply.class, () -> c.call("SET", "other:k", "v"));
      assertEquals("NOPERM", refused.code());
      RedisErrorReply keys = assertThrows(RedisErrorReply.class, () -> c.call("KEYS", "*"));
      assertEquals("NOPERM", keys.code(), "dangerous commands are not granted");
    }
  }

  @Test
  void wrongPassword_andAnonymousClient_areRefused() {
    StandaloneRedis redis = REDIS.topology();
    try (RespClient c = RespClient.connect("127.0.0.1", redis.port())) {
      RedisErrorReply wrong = assertThrows(RedisErrorReply.class, () -> c.auth("app", "nope"));
      assertEquals("WRONGPASS", wrong.code());
      RedisErrorReply anonymous = assertThrows(RedisErrorReply.class, () -> c.call("GET", "handoff:shop:k"));
      assertEquals("NOAUTH", anonymous.code());
    }
  }

  @Test
  void adminUser_stillReachesEverything() {
    StandaloneRedis redis = REDIS.topology();
    try (RespClient c = redis.client()) {
      assertEquals("OK", c.string("SET", "other:k", "v"));
      assertEquals("default", c.string("ACL", "WHOAMI"));
    }
  }
}
