package dev.handoff.jetty;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.session.AbstractSessionDataStoreFactory;
import org.eclipse.jetty.session.AbstractSessionManager;
import org.eclipse.jetty.session.SessionCache;
import org.eclipse.jetty.session.SessionCacheFactory;
import org.eclipse.jetty.session.SessionDataStore;
import org.eclipse.jetty.session.SessionManager;

/**
 * Makes a {@link RedisSessionDataStore} for each context of a Jetty server:
 * {@code server.addBean(new RedisSessionDataStoreFactory("rediss://my-cache:6379"))}. Takes every
 * Handoff setting by the names the Tomcat manager uses ({@link #set}, or the setters below for the
 * common ones; the table is in the store module's README); they are validated when a context
 * starts, with a message naming the setting and the value. Each setting is given once. The
 * namespace defaults to the context's virtual host and path.
 */
public class RedisSessionDataStoreFactory extends AbstractSessionDataStoreFactory {

  private final StoreSettings settings = new StoreSettings();
  /** How the data stores open their session store: Redis; a test gives the in-memory one. */
  private java.util.function.Function<dev.handoff.store.StoreConfig, dev.handoff.store.SessionStore> storeOpener =
      dev.handoff.store.SessionStore::open;

  /** Redis at the store's default address (redis://127.0.0.1:6379) until {@link #setAddress} or {@link #set}. */
  public RedisSessionDataStoreFactory() {
  }

  /** Redis at this address ({@code redis://host:port}, {@code rediss://} for TLS, comma-separated). */
  public RedisSessionDataStoreFactory(String address) {
    setAddress(address);
  }

  /**
   * One setting by its name (the table in the store module's README): a store setting ({@code
   * address}, {@code topology}, {@code username}, {@code password}, {@code namespace}, ...), a
   * serializer setting ({@code serializer}, {@code classFilter}, ...) or an adapter setting
   * ({@code checkInPlaceChanges}; {@code failurePolicy} and {@code locking} only at their defaults,
   * which Jetty's SPI allows). A null value gives nothing; a setting given twice (also in two
   * spellings) stops the context with an error naming it.
   */
  public RedisSessionDataStoreFactory set(String name, String value) {
    settings.put(name, value);
    return this;
  }

  public void setAddress(String address) { set("address", address); }

  public void setTopology(String topology) { set("topology", topology); }

  public void setUsername(String username) { set("username", username); }

  public void setPassword(String password) { set("password", password); }

  public void setNamespace(String namespace) { set("namespace", namespace); }

  /** ElastiCache IAM authentication: the replication group id, or the serverless cache's name. */
  public void setIamCache(String cache) { set("iamCache", cache); }

  public void setIamServerless(String serverless) { set("iamServerless", serverless); }

  public void setIamRegion(String region) { set("iamRegion", region); }

  public void setSessionKey(String sessionKey) { set("sessionKey", sessionKey); }

  public void setKeyPrefix(String keyPrefix) { set("keyPrefix", keyPrefix); }

  public void setTlsVerification(String verification) { set("tlsVerification", verification); }

  public void setSyncReplicas(String replicas) { set("syncReplicas", replicas); }

  public void setFailFast(String failFast) { set("failFast", failFast); }

  public void setRedissonConfig(String path) { set("redissonConfig", path); }

  public void setSerializer(String serializer) { set("serializer", serializer); }

  public void setClassFilter(String classFilter) { set("classFilter", classFilter); }

  public void setCheckInPlaceChanges(String check) { set("checkInPlaceChanges", check); }

  /** Whether a setting of this name was given (tests). */
  boolean isGiven(String name) {
    return settings.isGiven(name);
  }

  /**
   * Also sets up the context's session cache for a fleet, unless the server has a
   * SessionCacheFactory of its own: a local copy is kept only while requests use it (every
   * request starts from what Redis holds, so no node serves a copy another node changed), and
   * changes are written before the response is committed (G1).
   */
  @Override
  public SessionDataStore getSessionDataStore(SessionManager manager) {
    SessionCache cache = manager.getSessionCache();
    Server server = manager instanceof AbstractSessionManager managed ? managed.getServer() : null;
    if (cache != null && (server == null || server.getBean(SessionCacheFactory.class) == null)) {
      cache.setEvictionPolicy(SessionCache.EVICT_ON_SESSION_EXIT);
      cache.setFlushOnResponseCommit(true);
    }
    RedisSessionDataStore store = new RedisSessionDataStore(settings.copy(), storeOpener);
    store.setGracePeriodSec(getGracePeriodSec());
    store.setSavePeriodSec(getSavePeriodSec());
    return store;
  }

  /** For tests of the adapter's logic without Redis: the stores open their session store with {@code opener}. */
  RedisSessionDataStoreFactory storeOpener(
      java.util.function.Function<dev.handoff.store.StoreConfig, dev.handoff.store.SessionStore> opener) {
    this.storeOpener = opener;
    return this;
  }

  @Override
  public String toString() {
    return "RedisSessionDataStoreFactory" + settings;
  }
}
