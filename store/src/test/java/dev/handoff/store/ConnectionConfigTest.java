package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.redisson.config.BaseConfig;
import org.redisson.config.ClusterServersConfig;
import org.redisson.config.Config;
import org.redisson.config.Credentials;
import org.redisson.config.ReadMode;
import org.redisson.config.ReplicatedServersConfig;
import org.redisson.config.SentinelServersConfig;
import org.redisson.config.SingleServerConfig;
import org.redisson.config.SslVerificationMode;

/**
 * How {@link RedissonConfigs} maps each store setting onto Redisson's configuration. Redisson keeps
 * its servers sections behind protected getters; {@code useXxxServers()} returns the section already
 * in use, and throws when another kind is, which is how these tests read them.
 */
class ConnectionConfigTest {

  @TempDir
  Path dir;

  private static StoreConfig.Builder builder(String... addresses) {
    return StoreConfig.builder().namespace("test").addresses(List.of(addresses));
  }

  @Test
  void single_defaults_mapTimeoutsRetriesAndSmallPool() {
    Config redisson = RedissonConfigs.of(builder("redis://cache.example:6379")
        .connectTimeout(Duration.ofMillis(1500)).commandTimeout(Duration.ofMillis(700))
        .retryAttempts(4).retryInterval(Duration.ofMillis(250)).build());

    assertTrue(redisson.isSingleConfig());
    SingleServerConfig single = redisson.useSingleServer();
    assertEquals("redis://cache.example:6379", single.getAddress());
    // 700 ms for 5 attempts: the 4 pauses of 250 ms would leave nothing, so the attempts share it alone
    assertTimeouts(single, 1500, 140, 4, 250);
    assertEquals(RedissonConfigs.MINIMUM_IDLE, single.getConnectionMinimumIdleSize());
    assertEquals(RedissonConfigs.POOL_SIZE, single.getConnectionPoolSize());
    assertEquals(0, single.getSubscriptionConnectionMinimumIdleSize());
    assertTrue(redisson.isUseScriptCache());
    assertTrue(redisson.isLazyInitialization(), "failFast=false must let the client start while Redis is down");
    assertNull(redisson.getPassword());
    assertNull(redisson.getUsername());
  }

  @Test
  void failFast_true_clientStillLazy_startupCheckDecides() {
    Config redisson = RedissonConfigs.of(builder("redis://cache.example:6379").failFast(true).build());

    assertTrue(redisson.isLazyInitialization(), "failFast is not part of the identity of a shared client");
  }

  @Test
  void replicated_everyAddress_primaryFoundByRoleAndReadsFromPrimary() {
    Config redisson = RedissonConfigs.of(builder("redis://a:6379", "redis://b:6379", "redis://c:6379")
        .topology(StoreConfig.Topology.REPLICATED).commandTimeout(Duration.ofSeconds(2)).build());

    IllegalStateException other = assertThrows(IllegalStateException.class, redisson::useSingleServer);
    assertTrue(other.getMessage().contains("Replicat"), other.getMessage());
    ReplicatedServersConfig replicated = redisson.useReplicatedServers();
    assertEquals(List.of("redis://a:6379", "redis://b:6379", "redis://c:6379"), replicated.getNodeAddresses());
    assertEquals(ReadMode.MASTER, replicated.getReadMode());
    // 2 s for 3 attempts, 2 pauses of 200 ms taken out: 533 ms an attempt
    assertTimeouts(replicated, 5000, 533, 2, 200);
    assertEquals(RedissonConfigs.MINIMUM_IDLE, replicated.getMasterConnectionMinimumIdleSize());
    assertEquals(1, replicated.getSlaveConnectionMinimumIdleSize());
  }

  @Test
  void replicated_readFromReplica_readsFromSlaves() {
    Config redisson = RedissonConfigs.of(builder("redis://a:6379", "redis://b:6379")
        .topology(StoreConfig.Topology.REPLICATED).readFrom(StoreConfig.ReadFrom.REPLICA).build());

    ReplicatedServersConfig replicated = redisson.useReplicatedServers();
    assertEquals(ReadMode.SLAVE, replicated.getReadMode());
    assertEquals(RedissonConfigs.MINIMUM_IDLE, replicated.getSlaveConnectionMinimumIdleSize());
  }

  @Test
  void cluster_seedAddresses_andReadMode() {
    Config redisson = RedissonConfigs.of(builder("rediss://cfg.example:6379", "rediss://cfg2.example:6379")
        .topology(StoreConfig.Topology.CLUSTER).readFrom(StoreConfig.ReadFrom.REPLICA).retryAttempts(0).build());

    assertTrue(redisson.isClusterConfig());
    ClusterServersConfig cluster = redisson.useClusterServers();
    assertEquals(List.of("rediss://cfg.example:6379", "rediss://cfg2.example:6379"), cluster.getNodeAddresses());
    assertEquals(ReadMode.SLAVE, cluster.getReadMode());
    assertTimeouts(cluster, 5000, 3000, 0, 200); // one attempt: all of commandTimeout
  }

  @Test
  void sentinel_addressesAreSentinels_masterNameMapped() {
    Config redisson = RedissonConfigs.of(builder("redis://s1:26379", "redis://s2:26379", "redis://s3:26379")
        .topology(StoreConfig.Topology.SENTINEL).sentinelMaster("handoff").build());

    assertTrue(redisson.isSentinelConfig());
    SentinelServersConfig sentinel = redisson.useSentinelServers();
    assertEquals("handoff", sentinel.getMasterName());
    assertEquals(List.of("redis://s1:26379", "redis://s2:26379", "redis://s3:26379"), sentinel.getSentinelAddresses());
    assertEquals(ReadMode.MASTER, sentinel.getReadMode());
  }

  @Test
  void readMode_eachReadFrom_mapped() {
    assertEquals(ReadMode.MASTER, RedissonConfigs.readMode(StoreConfig.ReadFrom.PRIMARY));
    assertEquals(ReadMode.SLAVE, RedissonConfigs.readMode(StoreConfig.ReadFrom.REPLICA));
  }

  @Test
  void usernameAndPassword_setOnTheClient() {
    Config redisson = RedissonConfigs.of(builder("redis://a:6379").username("app").password("s3cret").build());

    assertEquals("app", redisson.getUsername());
    assertEquals("s3cret", redisson.getPassword());
  }

  @Test
  void passwordAlone_noUsername() {
    Config redisson = RedissonConfigs.of(builder("redis://a:6379").password("token").build());

    assertNull(redisson.getUsername());
    assertEquals("token", redisson.getPassword());
  }

  @Test
  void credentialsProvider_askedAtEachResolve_overridesPassword() {
    int[] calls = {0};
    CredentialsProvider provider = () -> new CredentialsProvider.Credentials("iam-user", "token-" + ++calls[0]);
    Config redisson = RedissonConfigs.of(builder("redis://a:6379").password("ignored").credentialsProvider(provider).build());

    assertNull(redisson.getPassword());
    InetSocketAddress address = InetSocketAddress.createUnresolved("a", 6379);
    Credentials first = redisson.getCredentialsResolver().resolve(address).toCompletableFuture().join();
    Credentials second = redisson.getCredentialsResolver().resolve(address).toCompletableFuture().join();
    assertEquals("iam-user", first.getUsername());
    assertEquals("token-1", first.getPassword());
    assertEquals("token-2", second.getPassword());
  }

  @Test
  void credentialsProvider_throwing_failsTheConnectionAttemptOnly() {
    CredentialsProvider provider = () -> {
      throw new IllegalStateException("token service down");
    };
    Config redisson = RedissonConfigs.of(builder("redis://a:6379").credentialsProvider(provider).build());

    assertTrue(redisson.getCredentialsResolver().resolve(InetSocketAddress.createUnresolved("a", 1))
        .toCompletableFuture().isCompletedExceptionally());
  }

  @Test
  void tls_strictWithTrustStore_verifiesCaAndHostName() throws IOException {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
    Config redisson = RedissonConfigs.of(builder("rediss://a:6379").trustStore(trust, "changeit").build());

    assertEquals(SslVerificationMode.STRICT, redisson.getSslVerificationMode());
    assertEquals(trust.toUri().toURL(), redisson.getSslTruststore());
    assertEquals("changeit", redisson.getSslTruststorePassword());
    assertNull(redisson.getSslKeystore());
  }

  @Test
  void tls_strictWithoutTrustStore_usesTheJvmDefault() {
    Config redisson = RedissonConfigs.of(builder("rediss://a:6379").build());

    assertEquals(SslVerificationMode.STRICT, redisson.getSslVerificationMode());
    assertNull(redisson.getSslTruststore());
  }

  @Test
  void tls_eachVerification_mapped() {
    assertEquals(SslVerificationMode.STRICT, RedissonConfigs.verificationMode(StoreConfig.TlsVerification.STRICT));
    assertEquals(SslVerificationMode.CA_ONLY, RedissonConfigs.verificationMode(StoreConfig.TlsVerification.CA_ONLY));
    assertEquals(SslVerificationMode.NONE, RedissonConfigs.verificationMode(StoreConfig.TlsVerification.NONE));
    assertEquals(SslVerificationMode.CA_ONLY, RedissonConfigs.of(builder("rediss://a:6379")
        .tlsVerification(StoreConfig.TlsVerification.CA_ONLY).build()).getSslVerificationMode());
    assertEquals(SslVerificationMode.NONE, RedissonConfigs.of(builder("rediss://a:6379")
        .tlsVerification(StoreConfig.TlsVerification.NONE).build()).getSslVerificationMode());
  }

  @Test
  void tls_keyStore_setForClientCertificates() throws IOException {
    Path keys = Files.writeString(dir.resolve("client.p12"), "x");
    Config redisson = RedissonConfigs.of(builder("rediss://a:6379").keyStore(keys, "kpw").build());

    assertEquals(keys.toUri().toURL(), redisson.getSslKeystore());
    assertEquals("kpw", redisson.getSslKeystorePassword());
  }

  @Test
  void plainRedis_trustStoreGiven_noTlsSettings() throws IOException {
    Path trust = Files.writeString(dir.resolve("trust.p12"), "x");
    Config redisson = RedissonConfigs.of(builder("redis://a:6379").trustStore(trust, "pw").build());

    assertNull(redisson.getSslTruststore());
  }

  @Test
  void yaml_usedAsIs_handoffTimeoutsNotOverlaid() throws IOException {
    Path yaml = Files.writeString(dir.resolve("redisson.yaml"), """
        singleServerConfig:
          address: "redis://from-yaml:6380"
          timeout: 1234
        useScriptCache: false
        """);
    Config redisson = RedissonConfigs.of(builder("redis://ignored:6379").redissonConfig(yaml)
        .commandTimeout(Duration.ofSeconds(9)).build());

    SingleServerConfig single = redisson.useSingleServer();
    assertEquals("redis://from-yaml:6380", single.getAddress());
    assertEquals(1234, single.getTimeout());
    assertFalse(redisson.isUseScriptCache());
    assertTrue(redisson.isLazyInitialization(), "lazy also with a YAML file: a store may start while Redis is down");
  }

  @Test
  void yaml_unparsable_failsNamingTheSetting() throws IOException {
    Path yaml = Files.writeString(dir.resolve("bad.yaml"), "singleServerConfig: [not, a, map");
    StoreConfig config = builder("redis://a:6379").redissonConfig(yaml).build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RedissonConfigs.of(config));
    assertTrue(e.getMessage().startsWith("redissonConfig = " + yaml), e.getMessage());
  }

  /** {@code attemptMs}: what Redisson waits for one attempt, its share of commandTimeout. */
  private static void assertTimeouts(BaseConfig<?> servers, int connectMs, int attemptMs, int retries, long retryMs) {
    assertEquals(connectMs, servers.getConnectTimeout());
    assertEquals(attemptMs, servers.getTimeout());
    assertEquals(retries, servers.getRetryAttempts());
    assertEquals(Duration.ofMillis(retryMs), servers.getRetryDelay().calcDelay(1));
  }
}
