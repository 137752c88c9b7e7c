package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class StandaloneIT {

  @Test
  void start_answersAsPrimaryOnLoopback_andCloseRemovesEverything() {
    Path dir;
    int port;
    try (StandaloneRedis redis = Redis.standalone().start()) {
      dir = redis.dir();
      port = redis.port();
      try (RespClient c = redis.client()) {
        assertEquals("PONG", c.string("PING"));
        assertEquals("OK", c.string("SET", "k", "v"));
        assertEquals("v", c.string("GET", "k"));
        assertEquals("master", redis.node().role());
        List<?> bind = (List<?>) c.call("CONFIG", "GET", "bind");
        assertEquals("127.0.0.1", bind.get(1), "listens on loopback only");
      }
      assertEquals("redis://127.0.0.1:" + port, redis.uri());
      assertTrue(Files.exists(redis.node().dir().resolve("redis.log")));
    }
    assertFalse(Files.exists(dir), "the topology's directory is deleted after a clean close");
    assertThrows(UncheckedIOException.class, () -> RespClient.connect("127.0.0.1", port).close(),
        "the server is gone after close");
  }

  @Test
  void kill_thenStart_comesBackOnTheSamePort() {
    try (StandaloneRedis redis = Redis.standalone().start()) {
      RedisNode node = redis.node();
      node.kill();
      assertFalse(node.isRunning());
      assertThrows(UncheckedIOException.class, () -> RespClient.connect("127.0.0.1", node.port()).close());
      node.start();
      try (RespClient c = node.client()) {
        assertEquals("PONG", c.string("PING"));
      }
    }
  }

  @Test
  void twoTopologies_getDifferentPortsAndDirectories() {
    try (StandaloneRedis a = Redis.standalone().name("a").start();
        StandaloneRedis b = Redis.standalone().name("b").start()) {
      assertFalse(a.port() == b.port());
      assertFalse(a.dir().equals(b.dir()));
      try (RespClient ca = a.client(); RespClient cb = b.client()) {
        ca.call("SET", "only-in-a", "1");
        assertEquals(null, cb.string("GET", "only-in-a"));
      }
    }
  }
}
