package dev.handoff.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RedisTargetTest {

  @Test
  void parse_userAndPassword_splitsThemAndNeverPrintsThePassword() {
    RedisTarget target = RedisTarget.parse("rediss://shop:p%40ss@cache.example.com:6380");
    assertEquals("cache.example.com", target.host());
    assertEquals(6380, target.port());
    assertTrue(target.tls());
    assertEquals("shop", target.username());
    assertEquals("p@ss", target.password());
    assertFalse(target.describe().contains("p@ss"), target.describe());
    assertFalse(target.throwaway());
  }

  @Test
  void parse_tokenOnlyAndNoPort_defaults6379() {
    RedisTarget target = RedisTarget.parse("redis://:token@localhost");
    assertEquals(6379, target.port());
    assertNull(target.username());
    assertEquals("token", target.password());
  }

  @Test
  void parse_otherScheme_failsNamingTheSettingWithoutThePassword() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> RedisTarget.parse("http://u:secret@host:1"));
    assertTrue(e.getMessage().startsWith("REDIS_URL = "), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
  }
}
