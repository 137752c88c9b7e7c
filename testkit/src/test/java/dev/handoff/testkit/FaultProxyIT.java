package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class FaultProxyIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private FaultProxy proxy;

  @BeforeEach
  void startProxy() {
    proxy = FaultProxy.inFrontOf(REDIS.topology().node());
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private RespClient viaProxy(Duration timeout) {
    return RespClient.connect(proxy.host(), proxy.port(), null, timeout);
  }

  @Test
  void healthy_forwardsAndCountsBytes() {
    try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
      assertEquals("PONG", c.string("PING"));
    }
    assertEquals("*1\r\n$4\r\nPING\r\n".length(), proxy.bytesToServer());
    assertEquals("+PONG\r\n".length(), proxy.bytesToClient());
    assertEquals(1, proxy.connectionsAccepted());
    assertEquals(1, proxy.roundTrips());
  }

  @Test
  void roundTrips_countPipelinedCommandsOnce() throws Exception {
    try (java.net.Socket socket = new java.net.Socket(proxy.host(), proxy.port())) {
      socket.setSoTimeout(5000);
      var out = socket.getOutputStream();
      var in = socket.getInputStream();
      out.write("*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPING\r\n".getBytes());
      out.flush();
      byte[] expected = "+PONG\r\n+PONG\r\n+PONG\r\n".getBytes();
      assertEquals(expected.length, in.readNBytes(expected.length).length);
      assertEquals(1, proxy.roundTrips(), "three pipelined commands, one round trip");
      out.write("*1\r\n$4\r\nPING\r\n".getBytes());
      out.flush();
      in.readNBytes(7);
      assertEquals(2, proxy.roundTrips());
    }
  }

  @Test
  void latency_delaysEachRoundTripByAtLeastTwiceTheDelay() {
    try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
      c.string("PING");
      proxy.latency(Duration.ofMillis(150));
      long start = System.nanoTime();
      c.string("PING");
      long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(elapsedMillis >= 300, "one round trip took " + elapsedMillis + " ms");
      proxy.heal();
      assertEquals("PONG", c.string("PING"));
    }
  }

  @Test
  void blackHole_swallowsRequests_untilHealedOnANewConnection() {
    try (RespClient c = viaProxy(Duration.ofMillis(500))) {
      proxy.blackHole();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> c.string("PING"));
      assertTrue(e.getCause() instanceof SocketTimeoutException, e.toString());
    }
    proxy.heal();
    try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
      assertEquals("PONG", c.string("PING"));
    }
  }

  @Test
  void resetConnections_clientSeesAConnectionReset() {
    try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
      assertEquals("PONG", c.string("PING"));
      proxy.resetConnections();
      UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> {
        c.string("PING");
        c.string("PING");
      });
      assertTrue(e.getMessage().toLowerCase().contains("reset")
          || e.getMessage().contains("closed") || e.getMessage().contains("Broken pipe"), e.getMessage());
    }
  }

  @Test
  void dropConnections_clientSeesTheConnectionClosed() {
    try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
      assertEquals("PONG", c.string("PING"));
      proxy.dropConnections();
      assertThrows(UncheckedIOException.class, () -> c.string("PING"));
    }
    try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
      assertEquals("PONG", c.string("PING"), "new connections still work");
    }
  }

  @Test
  void refuseConnections_newClientsFail_existingOnesKeepWorking() {
    try (RespClient existing = viaProxy(Duration.ofSeconds(5))) {
      existing.string("PING");
      proxy.refuseConnections(true);
      assertThrows(UncheckedIOException.class, () -> {
        try (RespClient c = viaProxy(Duration.ofSeconds(2))) {
          c.string("PING");
        }
      });
      assertEquals("PONG", existing.string("PING"));
      proxy.heal();
      try (RespClient c = viaProxy(Duration.ofSeconds(5))) {
        assertEquals("PONG", c.string("PING"));
      }
    }
  }

  @Test
  void targetDown_clientIsRefused() {
    RedisNode node = REDIS.topology().node();
    node.kill();
    try {
      assertThrows(UncheckedIOException.class, () -> {
        try (RespClient c = viaProxy(Duration.ofSeconds(2))) {
          c.string("PING");
        }
      });
    } finally {
      node.start();
    }
  }
}
