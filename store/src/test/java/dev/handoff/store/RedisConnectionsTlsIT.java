package dev.handoff.store;

import static dev.handoff.store.RedisConnectionsIT.config;
import static dev.handoff.store.RedisConnectionsIT.roundTrip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TlsFiles;
import dev.handoff.testkit.TlsMode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** rediss:// with each verification mode, and client certificates. */
class RedisConnectionsTlsIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> TLS = RedisExtension.of(Redis.standalone().name("tls")
      .tls(TlsMode.SERVER_CERTIFICATE));

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> MUTUAL_TLS = RedisExtension.of(Redis.standalone().name("mtls")
      .tls(TlsMode.CLIENT_CERTIFICATE_REQUIRED));

  private static TlsFiles files(RedisExtension<StandaloneRedis> redis) {
    return redis.topology().tls().orElseThrow();
  }

  @Test
  void acquire_strictWithTrustStore_roundTrip() {
    TlsFiles tls = files(TLS);
    StoreConfig config = config("/strict", TLS.topology().uri()).failFast(true)
        .tlsVerification(StoreConfig.TlsVerification.STRICT).trustStore(tls.trustStore(), tls.storePassword()).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:strict");
    }
  }

  @Test
  void acquire_caOnlyWithTrustStore_roundTrip() {
    TlsFiles tls = files(TLS);
    StoreConfig config = config("/ca-only", TLS.topology().uri()).failFast(true)
        .tlsVerification(StoreConfig.TlsVerification.CA_ONLY).trustStore(tls.trustStore(), tls.storePassword()).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:ca-only");
    }
  }

  @Test
  void acquire_noneWithoutTrustStore_connectsAndWarns() {
    StoreConfig config = config("/none", TLS.topology().uri()).failFast(true)
        .tlsVerification(StoreConfig.TlsVerification.NONE).build();

    try (ConnectionLogCapture log = ConnectionLogCapture.start();
        RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:none");
      assertEquals(1, log.lines("WARN", "[/none]", "tlsVerification=none").size(), log.text());
    }
  }

  @Test
  void acquire_strictWithoutTrustStoreFailFast_failsWithATlsMessage() {
    StoreConfig config = config("/no-trust", TLS.topology().uri()).failFast(true).build();

    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisConnections.acquire(config));

    assertTrue(e.getMessage().contains(TLS.topology().uri()), e.getMessage());
    assertTrue(e.getMessage().contains("TLS handshake failed"), e.getMessage());
    assertTrue(e.getMessage().contains("trustStore"), e.getMessage());
  }

  @Test
  void acquire_clientCertificateRequiredWithKeyStore_roundTrip() {
    TlsFiles tls = files(MUTUAL_TLS);
    StoreConfig config = config("/mtls", MUTUAL_TLS.topology().uri()).failFast(true)
        .trustStore(tls.trustStore(), tls.storePassword()).keyStore(tls.clientKeyStore(), tls.storePassword()).build();

    try (RedisConnection connection = RedisConnections.acquire(config)) {
      roundTrip(connection.client(), "handoff:test:mtls");
    }
  }

  @Test
  void acquire_clientCertificateRequiredWithoutKeyStoreFailFast_fails() {
    TlsFiles tls = files(MUTUAL_TLS);
    StoreConfig config = config("/mtls-nokey", MUTUAL_TLS.topology().uri()).failFast(true)
        .connectTimeout(Duration.ofSeconds(1)).commandTimeout(Duration.ofSeconds(1))
        .trustStore(tls.trustStore(), tls.storePassword()).build();

    long start = System.nanoTime();
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> RedisConnections.acquire(config));
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertTrue(e.getMessage().contains(MUTUAL_TLS.topology().uri()), e.getMessage());
    // The server drops the connection after the TLS 1.3 handshake; Redisson would wait out every
    // PING retry, the start-up check gives up after connectTimeout + commandTimeout.
    assertTrue(millis < 3_500, "took " + millis + " ms");
  }
}
