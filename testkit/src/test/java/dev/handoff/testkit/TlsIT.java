package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;

class TlsIT {

  private static final Duration SHORT = Duration.ofSeconds(3);

  @Test
  void serverCertificateOnly_refusesPlainTcp_acceptsTlsWithoutClientCertificate() {
    try (StandaloneRedis redis = Redis.standalone().tls(TlsMode.SERVER_CERTIFICATE).start()) {
      assertTrue(redis.uri().startsWith("rediss://127.0.0.1:"), redis.uri());
      TlsFiles tls = redis.tls().orElseThrow();
      assertPlainTcpRefused(redis.port());
      try (RespClient c = RespClient.connect("127.0.0.1", redis.port(), tls.clientContextWithoutCertificate(), SHORT)) {
        assertEquals("PONG", c.string("PING"));
      }
    }
  }

  @Test
  void clientCertificateRequired_refusesClientsWithoutOne_acceptsTheTestClient() {
    try (StandaloneRedis redis = Redis.standalone().tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED).start()) {
      TlsFiles tls = redis.tls().orElseThrow();
      assertPlainTcpRefused(redis.port());
      assertThrows(RuntimeException.class, () -> {
        try (RespClient c = RespClient.connect("127.0.0.1", redis.port(), tls.clientContextWithoutCertificate(), SHORT)) {
          c.string("PING");
        }
      }, "a TLS client without certificate must be refused");
      try (RespClient c = RespClient.connect("127.0.0.1", redis.port(), tls.clientContext(), SHORT)) {
        assertEquals("PONG", c.string("PING"));
      }
    }
  }

  @Test
  void untrustedServer_isRefusedByTheClient() throws Exception {
    try (StandaloneRedis redis = Redis.standalone().tls(TlsMode.SERVER_CERTIFICATE).start()) {
      SSLContext defaults = SSLContext.getDefault();
      assertThrows(RuntimeException.class,
          () -> RespClient.connect("127.0.0.1", redis.port(), defaults, SHORT).close(),
          "the test CA is not in the JDK's trust store");
    }
  }

  @Test
  void replicatedAndCluster_replicateOverTls() {
    try (ReplicatedRedis redis = Redis.replicated(1).tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED).start()) {
      try (RespClient c = redis.primary().client()) {
        c.call("SET", "k", "v");
        assertEquals(1L, c.integer("WAIT", "1", "5000"));
      }
      assertPlainTcpRefused(redis.replicas().get(0).port());
    }
    try (RedisCluster cluster = Redis.cluster(3, 1).tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED).start()) {
      try (RespClient c = cluster.nodes().get(0).client()) {
        assertTrue(c.string("CLUSTER", "INFO").contains("cluster_state:ok"));
        List<?> first = (List<?>) ((List<?>) c.call("CLUSTER", "SLOTS")).get(0);
        long advertisedPort = (Long) ((List<?>) first.get(2)).get(1);
        assertTrue(cluster.nodes().stream().anyMatch(n -> n.port() == advertisedPort),
            "the cluster advertises its TLS ports");
      }
    }
  }

  private static void assertPlainTcpRefused(int port) {
    assertThrows(RuntimeException.class, () -> {
      try (RespClient c = RespClient.connect("127.0.0.1", port, null, SHORT)) {
        c.string("PING");
      }
    }, "a plain TCP client must not get an answer from a TLS port");
  }
}
