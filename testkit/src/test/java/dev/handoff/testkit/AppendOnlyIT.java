package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AppendOnlyIT {

  @Test
  void stopThenStart_keepsTheData() {
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start()) {
      try (RespClient c = redis.client()) {
        c.call("SET", "k", "v");
        c.call("HSET", "h", "f", "1");
      }
      redis.node().stop();
      redis.node().start();
      try (RespClient c = redis.client()) {
        assertEquals("v", c.string("GET", "k"));
        assertEquals("1", c.string("HGET", "h", "f"));
        assertEquals("1", c.info("persistence", "aof_enabled"));
      }
    }
  }

  @Test
  void killDashNine_thenStart_keepsAcknowledgedWrites() {
    try (StandaloneRedis redis = Redis.standalone().appendOnly().start()) {
      try (RespClient c = redis.client()) {
        for (int i = 0; i < 100; i++) {
          c.call("SET", "k" + i, "v" + i);
        }
      }
      redis.node().kill();
      redis.node().start();
      try (RespClient c = redis.client()) {
        assertEquals(100L, c.integer("DBSIZE"));
        assertEquals("v99", c.string("GET", "k99"));
      }
    }
  }

  @Test
  void withoutAppendOnly_restartLosesTheData() {
    try (StandaloneRedis redis = Redis.standalone().start()) {
      try (RespClient c = redis.client()) {
        c.call("SET", "k", "v");
      }
      redis.node().restart();
      try (RespClient c = redis.client()) {
        assertEquals(0L, c.integer("DBSIZE"), "the default server keeps nothing across restarts");
      }
    }
  }
}
