package dev.handoff.store;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import net.spy.memcached.CASResponse;
import net.spy.memcached.CASValue;
import net.spy.memcached.ClientMode;
import net.spy.memcached.ConnectionFactoryBuilder;
import net.spy.memcached.FailureMode;
import net.spy.memcached.MemcachedClient;
import net.spy.memcached.transcoders.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sessions of one application in Memcached (ElastiCache for Memcached, or memcached servers
 * listed by {@code memcached://host:port,...}), through AWS's ElastiCache Cluster Client: the
 * same contract as the Redis store, on Memcached's facts.
 *
 * <ul>
 *   <li>A session is one item under its key's digest (no session id in Memcached), attribute values
 *       and login sealed as on Redis ({@link MemcachedRecord}). Its item lives until its expiry plus
 *       expiryGrace.
 *   <li>A create is an {@code add} (create-only); a resend of it carries its token. A save reads the
 *       item with its CAS unique, applies the change attribute by attribute and writes it back with
 *       {@code cas}; a concurrent write of another node makes the {@code cas} fail, and the change is
 *       applied again over that node's (G2). A write whose reply was lost is found by its token.
 *   <li>An invalidation replaces the item by a tombstone for expiryGrace: a late save's {@code cas}
 *       and a late create's {@code add} both fail on it (G4).
 *   <li>Expiry without listing keys (G5): each write that moves a session's expiry to another minute
 *       appends its digest to that minute's index items ({@code expiryBuckets} of them a minute); a
 *       sweep reads the items of the minutes since expiryGrace ago in one multi-get, and of the
 *       sessions in them that are expired, claims each with an {@code add} (one node wins; the claim
 *       holds for expiryClaimHold), fires nothing itself: the adapter fires the listeners and
 *       {@link #finishExpiry} leaves the tombstone.
 *   <li>Locks: an {@code add} of the lock item holding the holder's token and the lease's end; an
 *       expired lease is taken over with {@code cas}; the holder renews it every third of the lease.
 * </ul>
 *
 * <p>What Memcached cannot give: no replication (a server lost loses its sessions: the nodes
 * write back the sessions they hold, as after a Redis that lost its data; with backupCopies, a
 * copy of each item on another server ({@link MemcachedBackups}) is taken up when its own is
 * missing), no persistence, and no log-out-everywhere ({@link #fleet()} is not supported).
 */
final class MemcachedSessionStore implements QueueingStore, PendingWrites.Writer {

  private static final Logger LOG = LoggerFactory.getLogger(MemcachedSessionStore.class);
  /** Memcached reads an expiry above 30 days as a Unix time. */
  private static final long RELATIVE_LIMIT_SECONDS = 30L * 24 * 3600;
  private static final int CAS_ATTEMPTS = 100;
  private static final long MINUTE = 60_000;

  private final StoreConfig config;
  private final Keys keys;
  private final SealedValues sealed;
  private final MemcachedClient client;
  private final PendingWrites pending;
  /** Copies on a second server (backupCopies), or null. */
  private final MemcachedBackups backups;
  private final KnownIds knownIds = new KnownIds(100_000);
  private final ScheduledExecutorService maintenance;
  private final List<Consumer<State>> stateListeners = new CopyOnWriteArrayList<>();
  private final List<Runnable> dataLossListeners = new CopyOnWriteArrayList<>();
  private volatile State state = State.UP;
  private volatile boolean closed;
  /** At most maxConcurrentCalls calls wait on Memcached at once; beyond them a call fails at once. */
  private final java.util.concurrent.Semaphore waiting;

  private MemcachedSessionStore(StoreConfig config, MemcachedClient client,
      java.util.function.Supplier<net.spy.memcached.NodeLocator> ring) {
    this.config = config;
    this.keys = new Keys(config);
    this.sealed = new SealedValues(config.sessionKeys(), config.namespace());
    this.client = client;
    this.waiting = new java.util.concurrent.Semaphore(config.maxConcurrentCalls());
    this.pending = new PendingWrites(this, "Memcached", config.namespace(), config.maxQueuedBytes());
    this.backups = config.backupCopies() ? new MemcachedBackups(config, keys, client, BYTES, ring) : null;
    this.maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "handoff-memcached-" + config.namespace());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Connects to the servers of {@code config}: the servers listed, or, with one address that is an
   * ElastiCache configuration endpoint (autoDiscovery; by default when its host holds {@code
   * .cfg.}), the nodes it lists (Auto Discovery).
   *
   * @throws IllegalStateException with failFast, when no server answers
   */
  static SessionStore open(StoreConfig config) {
    List<InetSocketAddress> servers = new ArrayList<>();
    boolean tls = config.addresses().get(0).startsWith("memcacheds://");
    for (String address : config.addresses()) {
      URI uri = URI.create(address);
      servers.add(new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 11211 : uri.getPort()));
    }
    boolean discovery = config.autoDiscovery() == StoreConfig.AutoDiscovery.ON
        || config.autoDiscovery() == StoreConfig.AutoDiscovery.AUTO && servers.size() == 1
        && servers.get(0).getHostString().contains(".cfg.");
    ConnectionFactoryBuilder factory = new ConnectionFactoryBuilder()
        .setProtocol(ConnectionFactoryBuilder.Protocol.TEXT)
        .setClientMode(discovery ? ClientMode.Dynamic : ClientMode.Static)
        .setLocatorType(ConnectionFactoryBuilder.Locator.CONSISTENT)
        .setHashAlg(net.spy.memcached.DefaultHashAlgorithm.KETAMA_HASH)
        // A server that is down: its keys go to the next server on the ring, where they are missing
        // (checkServers says so, and the nodes write back the sessions they hold).
        .setFailureMode(FailureMode.Redistribute)
        .setOpTimeout(config.commandTimeout().toMillis())
        .setDaemon(true);
    if (tls) {
      factory.setSSLContext(sslContext(config));
      if (config.tlsVerification() != StoreConfig.TlsVerification.STRICT) {
        factory.setSkipTlsHostnameVerification(true);
      } else {
        // the client checks every server against one name: ElastiCache's nodes all present the cluster's certificate
        factory.setHostnameForTlsVerification(servers.get(0).getHostString());
      }
    }
    MemcachedClient client;
    // the connection's own locator: the client hands out a copy of the whole ring on each getNodeLocator()
    java.util.concurrent.atomic.AtomicReference<net.spy.memcached.NodeLocator> ring =
        new java.util.concurrent.atomic.AtomicReference<>();
    try {
      client = new MemcachedClient(withFallback(factory.build(), ring), servers);
    } catch (IOException | RuntimeException e) {
      throw new IllegalStateException("[" + config.namespace() + "] cannot create the Memcached client for "
          + String.join(",", config.addresses()) + ": " + e.getMessage(), e);
    }
    MemcachedClient connected = client;
    MemcachedSessionStore store = new MemcachedSessionStore(config, client,
        () -> ring.get() != null ? ring.get() : connected.getNodeLocator());
    String longest = store.keys.lock(SessionIds.keyDigest(config.namespace(), "x"));
    if (longest.length() + 8 > net.spy.memcached.MemcachedClientIF.MAX_KEY_LENGTH) {
      store.close();
      throw new IllegalArgumentException("[" + config.namespace() + "] keyPrefix and namespace make Memcached keys of "
          + longest.length() + " characters, above Memcached's " + net.spy.memcached.MemcachedClientIF.MAX_KEY_LENGTH
          + ": set a shorter namespace");
    }
    store.start();
    return store;
  }

  /**
   * The factory with a locator that, for a key whose server is down, tries every other server
   * after the ring's own seven tries: those alone miss every live server for one key in 2^7 with
   * two servers, and that key's calls then time out for as long as its server is down.
   */
  private static net.spy.memcached.ConnectionFactory withFallback(net.spy.memcached.ConnectionFactory built,
      java.util.concurrent.atomic.AtomicReference<net.spy.memcached.NodeLocator> created) {
    return (net.spy.memcached.ConnectionFactory) java.lang.reflect.Proxy.newProxyInstance(
        MemcachedSessionStore.class.getClassLoader(), new Class<?>[] {net.spy.memcached.ConnectionFactory.class},
        (proxy, method, args) -> {
          if (method.getName().equals("createConnection")) {
            // as the built factory does, but with this one, so that the connection asks it for the locator
            @SuppressWarnings("unchecked")
            List<InetSocketAddress> addresses = (List<InetSocketAddress>) args[0];
            return new net.spy.memcached.MemcachedConnection(built.getReadBufSize(),
                (net.spy.memcached.ConnectionFactory) proxy, addresses, built.getInitialObservers(), built.getFailureMode(),
                built.getOperationFactory());
          }
          try {
            Object result = method.invoke(built, args);
            if (method.getName().equals("createLocator")) {
              FallbackLocator locator = new FallbackLocator((net.spy.memcached.NodeLocator) result);
              created.set(locator);
              return locator;
            }
            return result;
          } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  /** The ring's sequence for a key, then every server: a live one is always found when there is one. */
  private record FallbackLocator(net.spy.memcached.NodeLocator ring) implements net.spy.memcached.NodeLocator {
    @Override
    public net.spy.memcached.MemcachedNode getPrimary(String key) {
      return ring.getPrimary(key);
    }

    @Override
    public java.util.Iterator<net.spy.memcached.MemcachedNode> getSequence(String key) {
      List<net.spy.memcached.MemcachedNode> sequence = new ArrayList<>();
      ring.getSequence(key).forEachRemaining(sequence::add);
      sequence.addAll(ring.getAll());
      return sequence.iterator();
    }

    @Override
    public Collection<net.spy.memcached.MemcachedNode> getAll() {
      return ring.getAll();
    }

    @Override
    public net.spy.memcached.NodeLocator getReadonlyCopy() {
      return new FallbackLocator(ring.getReadonlyCopy());
    }

    @Override
    public void updateLocator(List<net.spy.memcached.MemcachedNode> nodes) {
      ring.updateLocator(nodes);
    }
  }

  /** The trust store's CA (else the JVM's) and the key store's client certificate, if any. */
  private static javax.net.ssl.SSLContext sslContext(StoreConfig config) {
    try {
      javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
          javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
      trust.init(config.trustStore() == null ? null : keyStore(config.trustStore(), config.trustStorePassword()));
      javax.net.ssl.KeyManager[] keyManagers = null;
      if (config.keyStore() != null) {
        javax.net.ssl.KeyManagerFactory keys = javax.net.ssl.KeyManagerFactory.getInstance(
            javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(keyStore(config.keyStore(), config.keyStorePassword()), chars(config.keyStorePassword()));
        keyManagers = keys.getKeyManagers();
      }
      javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
      context.init(keyManagers, config.tlsVerification() == StoreConfig.TlsVerification.NONE
          ? new javax.net.ssl.TrustManager[] {new TrustingEveryone()} : trust.getTrustManagers(), null);
      return context;
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalArgumentException("[" + config.namespace() + "] cannot set up TLS for Memcached: " + e.getMessage(), e);
    }
  }

  private static java.security.KeyStore keyStore(Path file, String password) throws IOException,
      java.security.GeneralSecurityException {
    return java.security.KeyStore.getInstance(file.toFile(), chars(password));
  }

  private static char[] chars(String password) {
    return password == null ? null : password.toCharArray();
  }

  /** tlsVerification=none (warned at start, as on Redis). */
  private static final class TrustingEveryone implements javax.net.ssl.X509TrustManager {
    @Override
    public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
    }

    @Override
    public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
    }

    @Override
    public java.security.cert.X509Certificate[] getAcceptedIssuers() {
      return new java.security.cert.X509Certificate[0];
    }
  }

  private void start() {
    LOG.info("[{}] Handoff session store on Memcached: {}", config.namespace(), config);
    if (!sealed.enabled()) {
      LOG.warn("[{}] no sessionKey: attribute values and logins are stored in clear; whoever can read Memcached reads"
          + " them, and whoever can write it can plant values and logins that Handoff decodes. Set sessionKey (see"
          + " docs/security.md)", config.namespace());
    }
    awaitConnections();
    if (backups != null && !backups.possible()) {
      LOG.warn("[{}] backupCopies = true, but the client knows one Memcached server: no copy can be kept on another;"
          + " list two servers or more", config.namespace());
    }
    try {
      probe();
      checkServers();
      LOG.info("[{}] connected to Memcached at {}", config.namespace(), String.join(",", config.addresses()));
    } catch (StoreUnavailableException e) {
      String why = e.getMessage() + tlsDiagnosis();
      if (config.failFast()) {
        client.shutdown();
        throw new IllegalStateException("[" + config.namespace() + "] cannot reach Memcached at "
            + String.join(",", config.addresses()) + ": " + why + " (failFast=true)", e);
      }
      LOG.warn("[{}] cannot reach Memcached at {}: {}; starting anyway (failFast=false): sessions are served from"
          + " memory until it answers", config.namespace(), String.join(",", config.addresses()), why);
    }
    maintenance.scheduleWithFixedDelay(this::checkServers, 2, 2, TimeUnit.SECONDS);
  }

  /**
   * Why TLS to the first server fails, when it does (the client only logs it): a handshake of our
   * own with the same trust and the same host name check. Empty when it succeeds or TLS is off.
   */
  private String tlsDiagnosis() {
    URI first = URI.create(config.addresses().get(0));
    if (!config.addresses().get(0).startsWith("memcacheds://")) {
      return "";
    }
    int port = first.getPort() < 0 ? 11211 : first.getPort();
    try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) sslContext(config).getSocketFactory().createSocket()) {
      socket.connect(new InetSocketAddress(first.getHost(), port), (int) config.connectTimeout().toMillis());
      socket.setSoTimeout((int) config.connectTimeout().toMillis());
      if (config.tlsVerification() == StoreConfig.TlsVerification.STRICT) {
        javax.net.ssl.SSLParameters parameters = socket.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        socket.setSSLParameters(parameters);
      }
      socket.startHandshake();
      return "";
    } catch (javax.net.ssl.SSLException e) {
      return "; the TLS handshake with " + first.getHost() + ":" + port + " fails: " + e.getMessage()
          + " (trustStore must hold the CA that signed the server's certificate, and with tlsVerification = strict the"
          + " certificate must name " + first.getHost() + ")";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** The client connects in the background: waits (at most connectTimeout) until every server's connection is up. */
  private void awaitConnections() {
    long deadline = System.nanoTime() + config.connectTimeout().toNanos();
    while (System.nanoTime() < deadline
        && !client.getNodeLocator().getAll().stream().allMatch(net.spy.memcached.MemcachedNode::isActive)) {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public StoreConfig config() {
    return config;
  }

  @Override
  public State state() {
    return state;
  }

  @Override
  public void addStateListener(Consumer<State> listener) {
    stateListeners.add(listener);
  }

  @Override
  public void addDataLossListener(Runnable listener) {
    dataLossListeners.add(listener);
  }

  /** Each server's process id as last seen. */
  private final Map<String, String> pids = new java.util.concurrent.ConcurrentHashMap<>();
  /** The servers on the ring as last seen (Auto Discovery changes them). */
  private volatile Set<String> ring;
  /** The servers the client found disconnected (their keys go to the next server on the ring). */
  private final Set<String> down = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * A server the client found disconnected (its keys now go to the next server on the ring, where
   * they are missing), or one whose process id changed (restarted, so empty, or replaced): the
   * sessions it held are not where the keys lead. The nodes write back the sessions they hold.
   * A server that is only slow or stops answering (a black hole) keeps its connection and its
   * items: that is not data loss, only unavailability. A server added or removed by Auto Discovery
   * moves keys to servers that do not hold their sessions: data loss as well. Seen every 2 s
   * ({@code stats}).
   */
  private void checkServers() {
    Map<java.net.SocketAddress, Map<String, String>> stats;
    try {
      stats = client.getStats();
    } catch (RuntimeException e) {
      return; // unreachable: the state says so
    }
    List<String> lost = new ArrayList<>();
    Collection<net.spy.memcached.MemcachedNode> nodes = client.getNodeLocator().getAll();
    Set<String> now = new java.util.TreeSet<>();
    nodes.forEach(node -> now.add(String.valueOf(node.getSocketAddress())));
    if (ring != null && !ring.equals(now)) {
      lost.add("the set of servers changed from " + ring + " to " + now + " (keys now lead to other servers)");
    }
    ring = now;
    for (net.spy.memcached.MemcachedNode node : nodes) {
      String address = String.valueOf(node.getSocketAddress());
      if (!node.isActive()) {
        if (down.add(address)) {
          lost.add("server " + address + " is down");
        }
        continue;
      }
      Map<String, String> of = stats.get(node.getSocketAddress());
      String pid = of == null ? null : of.get("pid");
      if (pid == null) {
        continue; // connected but not answering: unavailable, its items kept
      }
      down.remove(address);
      String before = pids.put(address, pid);
      if (before != null && !before.equals(pid)) {
        lost.add("server " + address + " restarted or was replaced");
      }
    }
    if (!lost.isEmpty()) {
      LOG.warn("[{}] Memcached {}: sessions are not where their keys lead; the nodes write back the"
          + " sessions they hold", config.namespace(), String.join(", ", lost));
      dataLossListeners.forEach(Runnable::run);
    }
  }

  // ---------------------------------------------------------------- calls

  private static final Transcoder<byte[]> BYTES = new Transcoder<>() {
    @Override
    public boolean asyncDecode(net.spy.memcached.CachedData data) {
      return false;
    }

    @Override
    public net.spy.memcached.CachedData encode(byte[] bytes) {
      return new net.spy.memcached.CachedData(0, bytes, net.spy.memcached.CachedData.MAX_SIZE);
    }

    /** Bytes as stored: never Java deserialization, whatever flags a writer of Memcached set. */
    @Override
    public byte[] decode(net.spy.memcached.CachedData data) {
      return data.getData();
    }

    @Override
    public int getMaxSize() {
      return net.spy.memcached.CachedData.MAX_SIZE;
    }
  };

  /** One call to Memcached: a timeout, a cancelled operation or a dead connection is {@link StoreUnavailableException}. */
  private <T> T call(String operation, Supplier<T> action) {
    if (!waiting.tryAcquire()) {
      throw new StoreUnavailableException("[" + config.namespace() + "] " + operation + " not sent: "
          + config.maxConcurrentCalls() + " calls (maxConcurrentCalls) already wait on Memcached", null);
    }
    T result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      changeState(State.DOWN);
      throw new StoreUnavailableException("[" + config.namespace() + "] " + operation + " failed: Memcached is unreachable ("
          + e + ")", e);
    } finally {
      waiting.release();
    }
    if (state == State.DOWN) {
      changeState(State.UP);
      pending.releaseCreates();
      pending.flushSoon();
    }
    return result;
  }

  /** A call that waits on a future (at most commandTimeout). */
  private <T> T await(String operation, Callable<T> action) {
    return call(operation, (Supplier<T>) () -> {
      try {
        return action.call();
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } catch (java.util.concurrent.TimeoutException e) {
        throw new IllegalStateException("no reply within " + Durations.format(config.commandTimeout()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted");
      }
    });
  }

  @FunctionalInterface
  private interface Callable<T> {
    T call() throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException;
  }

  private synchronized void changeState(State next) {
    if (state != next) {
      state = next;
      LOG.warn("[{}] Memcached is {}", config.namespace(), next == State.UP ? "reachable again" : "unreachable");
      stateListeners.forEach(listener -> listener.accept(next));
    }
  }

  private boolean stored(java.util.concurrent.Future<Boolean> future) throws java.util.concurrent.ExecutionException,
      java.util.concurrent.TimeoutException, InterruptedException {
    return future.get(config.commandTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /** The item's expiry for Memcached: seconds from now, or a Unix time beyond 30 days. */
  private static int exptime(long untilMillis) {
    long seconds = Math.max(1, (untilMillis - System.currentTimeMillis() + 999) / 1000);
    return (int) (seconds <= RELATIVE_LIMIT_SECONDS ? seconds : (untilMillis / 1000) + 1);
  }

  private int sessionExptime(SessionRecord record) {
    return exptime(record.expiryTime() + config.expiryGrace().toMillis());
  }

  // ---------------------------------------------------------------- reads

  /** The item and its CAS unique, or null when absent; a tombstone as a tombstone. */
  private Item item(String id, String digest) {
    CASValue<byte[]> value = call("read", () -> client.gets(keys.session(digest), BYTES));
    if (value == null && backups != null) {
      value = restore(id, digest);
    }
    if (value == null) {
      return null;
    }
    if (value.getValue().length > config.maxSessionBytes() + 64L * 1024) {
      throw new IllegalStateException("[" + config.namespace() + "] " + SessionIds.forLog(id) + " holds "
          + value.getValue().length + " bytes, above maxSessionBytes = " + config.maxSessionBytes()
          + ": not loaded (it stays in Memcached until it expires)");
    }
    return new Item(MemcachedRecord.decode(id, value.getValue()), value.getCas());
  }

  /**
   * The item taken up again from its backup copy, when there is one (its server was lost, or
   * Memcached evicted it): added back where its key leads now, filed again under its expiry.
   */
  private CASValue<byte[]> restore(String id, String digest) {
    String key = backups.key(digest);
    byte[] value = key == null ? null : call("read backup", () -> client.get(key, BYTES));
    if (value == null) {
      return null;
    }
    if (value.length > config.maxSessionBytes() + 64L * 1024 + MemcachedBackups.HEADER) {
      throw new IllegalStateException("[" + config.namespace() + "] the backup copy of " + SessionIds.forLog(id) + " holds "
          + value.length + " bytes, above maxSessionBytes = " + config.maxSessionBytes() + ": not restored");
    }
    MemcachedBackups.Copy copy = MemcachedBackups.decode(value);
    MemcachedRecord stored = MemcachedRecord.decode(id, copy.item());
    long now = System.currentTimeMillis();
    if (!stored.tombstone() && stored.record().isExpired(now)) {
      return null;
    }
    int exptime = stored.tombstone() ? exptime(now + config.expiryGrace().toMillis()) : sessionExptime(stored.record());
    if (await("restore", () -> stored(client.add(keys.session(digest), exptime, copy.item(), BYTES)))
        && !stored.tombstone()) {
      LOG.info("[{}] {} taken up from its backup copy (its Memcached server was lost, or evicted it)", config.namespace(),
          SessionIds.forLog(id));
      index(digest, -1, stored.record().expiryTime());
    }
    return call("read", () -> client.gets(keys.session(digest), BYTES));
  }

  private record Item(MemcachedRecord stored, long cas) {
    boolean live(long now) {
      return !stored.tombstone() && !stored.record().isExpired(now);
    }
  }

  @Override
  public ReadResult read(String id, long knownVersion, boolean touch) {
    if (pending.isDeleted(id)) {
      return new ReadResult.Gone();
    }
    String digest = keys.digest(id);
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      long now = System.currentTimeMillis();
      Item item = item(id, digest);
      if (item == null || !item.live(now)) {
        return new ReadResult.Gone();
      }
      SessionRecord record = item.stored().record();
      if (plainSize(record) > config.maxSessionBytes() && knownVersion != -1) {
        throw new IllegalStateException("[" + config.namespace() + "] " + SessionIds.forLog(id) + " holds "
            + plainSize(record) + " bytes, above maxSessionBytes = " + config.maxSessionBytes()
            + ": not loaded (it stays in Memcached until it expires)");
      }
      if (touch) {
        SessionRecord touched = record.withChange(SessionChange.builder().lastAccessedTime(now).build(), record.version());
        if (write(digest, item, item.stored().written(touched, SessionStore.newCreateToken())) != CASResponse.OK) {
          continue; // another node wrote meanwhile: read again
        }
        index(digest, record.expiryTime(), touched.expiryTime());
        record = touched;
      }
      knownIds.remember(digest, id);
      if (knownVersion == record.version() || knownVersion == -1) {
        return new ReadResult.Current(record.version(), record.lastAccessedTime(), record.maxInactiveSeconds());
      }
      return new ReadResult.Loaded(sealed.open(digest, record));
    }
    throw new StoreUnavailableException("[" + config.namespace() + "] read of " + SessionIds.forLog(id)
        + " failed: the session changed under " + CAS_ATTEMPTS + " reads in a row", null);
  }

  // ---------------------------------------------------------------- writes

  /**
   * Create-only, as on Redis; and, as a server lost is routine on Memcached, the create of a node
   * writing back a session whose server was lost does not lose a later state of it: with
   * backupCopies the session's copy is taken up first (and then stands), and where another node
   * wrote the session back first, the copy last used (its last access) stands, whichever node
   * came first. Session ids are random: another session under the same id is not a case.
   */
  @Override
  public SaveResult create(SessionRecord record, String createToken) {
    checkSize(record.id(), record.size());
    String digest = keys.digest(record.id());
    SessionRecord first = sealed.seal(digest, new SessionRecord(record.id(), record.creationTime(),
        record.lastAccessedTime(), record.maxInactiveSeconds(), 1, record.lastNode(), record.principal(),
        record.authType(), record.attributes(), record.containerFields()));
    byte[] item = new MemcachedRecord(false, first, createToken, List.of(createToken)).encode();
    int exptime = sessionExptime(first);
    boolean added;
    try {
      added = (backups == null || item(record.id(), digest) == null)
          && await("create", () -> stored(client.add(keys.session(digest), exptime, item, BYTES)));
    } catch (StoreUnavailableException e) {
      pending.holdCreate(record.id(), record);
      throw e;
    }
    pending.created(record.id());
    if (added) {
      backUp(digest, false, item, exptime);
      knownIds.remember(digest, record.id());
      index(digest, -1, first.expiryTime());
      return SaveResult.saved(1, 0);
    }
    Item existing = item(record.id(), digest);
    if (existing == null || !existing.live(System.currentTimeMillis())) {
      return SaveResult.idTaken(); // a tombstone: invalidated, never brought back
    }
    SessionRecord there = existing.stored().record();
    if (createToken.equals(existing.stored().createToken())) {
      // this copy's own create, resent: its record goes over what is there, the version goes on
      return writeChange(record.id(), wholeChange(record, Set.of()));
    }
    if (record.lastAccessedTime() > there.lastAccessedTime()) {
      // a copy written back that was used after the one another node wrote back: it replaces that one
      LOG.info("[{}] {} written back over an earlier copy another node wrote back", config.namespace(),
          SessionIds.forLog(record.id()));
      return writeChange(record.id(), wholeChange(record, there.attributes().keySet()));
    }
    return SaveResult.idTaken(); // the copy there was used last: this node drops its own and loads that one
  }

  /** A change that writes every field of {@code record} and removes the attributes {@code before} held that it lacks. */
  private static SessionChange wholeChange(SessionRecord record, Set<String> before) {
    SessionChange.Builder change = SessionChange.builder().lastAccessedTime(record.lastAccessedTime())
        .maxInactiveSeconds(record.maxInactiveSeconds()).login(record.principal(), record.authType());
    before.stream().filter(name -> !record.attributes().containsKey(name)).forEach(change::remove);
    record.attributes().forEach(change::set);
    record.containerFields().forEach(change::containerField);
    return change.build();
  }

  @Override
  public SaveResult save(String id, SessionChange change) {
    checkSize(id, change.set().values().stream().mapToLong(v -> v.length).sum());
    return pending.save(id, change, config.queueWhileDown());
  }

  /**
   * Read, apply, compare-and-set, until no other node wrote in between. A {@code cas} whose reply
   * was lost is found by its token in the item the next read returns.
   */
  @Override
  public SaveResult writeChange(String id, SessionChange change) {
    String digest = keys.digest(id);
    String token = SessionStore.newCreateToken();
    SessionChange sealedChange = sealed.seal(digest, change);
    for (int attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      long now = System.currentTimeMillis();
      Item item = item(id, digest);
      if (item != null && item.stored().writeTokens().contains(token)) {
        return SaveResult.saved(item.stored().record().version(), 0); // the last attempt was written
      }
      if (item == null || !item.live(now)) {
        return SaveResult.gone();
      }
      SessionRecord before = item.stored().record();
      SessionRecord after = before.withChange(sealedChange, before.version() + 1);
      long size = plainSize(after);
      if (size > config.maxSessionBytes()) {
        throw new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(id) + ": the session as"
            + " this save would leave it (" + size + " bytes) is above maxSessionBytes = " + config.maxSessionBytes()
            + "; nothing was written");
      }
      CASResponse response;
      try {
        response = write(digest, item, item.stored().written(after, token));
      } catch (StoreUnavailableException e) {
        if (attempt + 1 < CAS_ATTEMPTS) {
          continue; // the reply may be lost: the next read tells (and fails if Memcached is down)
        }
        throw e;
      }
      if (response == CASResponse.OK) {
        index(digest, before.expiryTime(), after.expiryTime());
        return SaveResult.saved(after.version(), 0);
      }
      if (response == CASResponse.NOT_FOUND) {
        return SaveResult.gone();
      }
      backOff(attempt);
    }
    throw new StoreUnavailableException("[" + config.namespace() + "] save of " + SessionIds.forLog(id)
        + " failed: other nodes wrote the session " + CAS_ATTEMPTS + " times in a row", null);
  }

  /** The bytes of a stored record's values and login as the application gave them (sealing adds a fixed overhead to each). */
  private long plainSize(SessionRecord stored) {
    if (!sealed.enabled()) {
      return stored.size();
    }
    long values = stored.attributes().size() + (stored.principal() == null ? 0 : 1);
    return stored.size() - values * sealed.overhead();
  }

  /** After a cas another node's write beat: a short random pause, so that two nodes do not collide again in step. */
  private static void backOff(int attempt) {
    try {
      Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextInt(1 + Math.min(attempt, 10)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private CASResponse write(String digest, Item item, MemcachedRecord next) {
    byte[] bytes = next.encode();
    int exptime = sessionExptime(next.record());
    CASResponse response = call("write", () -> client.cas(keys.session(digest), item.cas(), exptime, bytes, BYTES));
    if (response == CASResponse.OK) {
      backUp(digest, false, bytes, exptime);
    }
    return response;
  }

  /** With backupCopies: the item just written, copied to another server (off this thread). */
  private void backUp(String digest, boolean tombstone, byte[] item, int exptime) {
    if (backups != null) {
      backups.write(digest, tombstone, item, exptime);
    }
  }

  /** The tombstone, for expiryGrace, in place of the session's item (and its copy). */
  private void bury(String digest) {
    byte[] tombstone = MemcachedRecord.tombstoneRecord().encode();
    int exptime = exptime(System.currentTimeMillis() + config.expiryGrace().toMillis());
    await("delete", () -> stored(client.set(keys.session(digest), exptime, tombstone, BYTES)));
    backUp(digest, true, tombstone, exptime);
    knownIds.forget(digest);
  }

  private void checkSize(String id, long bytes) {
    if (bytes > config.maxSessionBytes()) {
      throw new IllegalArgumentException("[" + config.namespace() + "] " + SessionIds.forLog(id) + ": a write of " + bytes
          + " bytes is above maxSessionBytes = " + config.maxSessionBytes() + "; nothing was written");
    }
  }

  @Override
  public void delete(String id) {
    try {
      deleteNow(id);
      pending.forget(id);
    } catch (StoreUnavailableException e) {
      pending.delete(id);
    }
  }

  /** The tombstone, for expiryGrace: no late save or create brings the session back. */
  @Override
  public void deleteNow(String id) {
    bury(keys.digest(id));
  }

  @Override
  public void probe() {
    call("probe", () -> client.get(keys.marker() + ":probe", BYTES));
  }

  // ---------------------------------------------------------------- expiry

  private String indexKey(long minute, int bucket) {
    return keys.base() + "e2:" + minute + ":" + bucket;
  }

  /** Files the digest under the minute of its new expiry, when that is another minute than before. */
  private void index(String digest, long expiryBefore, long expiryAfter) {
    long minute = expiryAfter / MINUTE;
    if (expiryBefore >= 0 && expiryBefore / MINUTE == minute) {
      return;
    }
    String key = indexKey(minute, Math.floorMod(digest.hashCode(), config.expiryBuckets()));
    byte[] entry = (digest + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int exptime = exptime((minute + 1) * MINUTE + config.expiryGrace().toMillis() + 2 * MINUTE);
    try {
      await("index", () -> {
        if (stored(client.append(0, key, entry, BYTES))) {
          return true;
        }
        return stored(client.add(key, exptime, entry, BYTES)) || stored(client.append(0, key, entry, BYTES));
      });
    } catch (StoreUnavailableException e) {
      LOG.warn("[{}] {} is not in the expiry index ({}): its expiry listeners fire only if a later write files it",
          config.namespace(), "session#" + digest.substring(0, 8), e.getMessage());
    }
  }

  @Override
  public List<ExpiredSession> claimExpired(int max) {
    return claimExpired(max, List.of());
  }

  @Override
  public List<ExpiredSession> claimExpired(int max, Collection<String> idsHeld) {
    Map<String, String> held = new HashMap<>();
    idsHeld.forEach(id -> held.put(keys.digest(id), id));
    long now = System.currentTimeMillis();
    long last = now / MINUTE;
    long first = (now - config.expiryGrace().toMillis()) / MINUTE - 1;
    List<String> indexKeys = new ArrayList<>();
    for (long minute = first; minute <= last; minute++) {
      for (int bucket = 0; bucket < config.expiryBuckets(); bucket++) {
        indexKeys.add(indexKey(minute, bucket));
      }
    }
    Map<String, byte[]> entries = call("claim expired sessions", () -> client.getBulk(indexKeys, BYTES));
    Set<String> digests = new LinkedHashSet<>();
    entries.values().forEach(bytes -> {
      for (String digest : new String(bytes, java.nio.charset.StandardCharsets.US_ASCII).split("\n")) {
        if (!digest.isBlank()) {
          digests.add(digest.strip());
        }
      }
    });
    // the sessions themselves in one multi-get as well: most of them are alive (touched since) or gone
    List<String> sessionKeys = digests.stream().map(keys::session).toList();
    Map<String, byte[]> items = sessionKeys.isEmpty() ? Map.of()
        : call("claim expired sessions", () -> client.getBulk(sessionKeys, BYTES));
    List<ExpiredSession> claimed = new ArrayList<>();
    for (String digest : digests) {
      if (claimed.size() >= max) {
        break;
      }
      byte[] bytes = items.get(keys.session(digest));
      if (bytes == null) {
        continue;
      }
      String id = held.containsKey(digest) ? held.get(digest) : knownIds.idOf(digest);
      String name = id != null ? id : KnownIds.STAND_IN_PREFIX + digest;
      MemcachedRecord stored;
      try {
        if (bytes.length > config.maxSessionBytes() + 64L * 1024) {
          throw new MalformedSessionException(bytes.length + " bytes, above maxSessionBytes = " + config.maxSessionBytes());
        }
        stored = MemcachedRecord.decode(name, bytes);
      } catch (MalformedSessionException e) {
        LOG.warn("[{}] an expired session#{} cannot be read and is left to Memcached's expiry: {}", config.namespace(),
            digest.substring(0, 8), e.getMessage());
        continue;
      }
      if (stored.tombstone() || !stored.record().isExpired(now)) {
        continue;
      }
      String claim = SessionStore.newCreateToken();
      boolean won = await("claim", () -> stored(client.add(keys.base() + "c2:" + digest,
          exptime(System.currentTimeMillis() + config.expiryClaimHold().toMillis()), claim.getBytes(), BYTES)));
      if (won) {
        claimed.add(new ExpiredSession(sealed.open(digest, stored.record()), digest, claim));
      }
    }
    return claimed;
  }

  @Override
  public void finishExpiry(ExpiredSession session) {
    bury(session.digest());
  }

  // ---------------------------------------------------------------- locks

  @Override
  public Optional<SessionLock> lock(String id) {
    String key = keys.lock(keys.digest(id));
    String token = SessionStore.newCreateToken();
    long deadline = System.nanoTime() + config.lockWait().toNanos();
    while (true) {
      if (acquire(key, token)) {
        return Optional.of(new HeldLock(key, token));
      }
      if (System.nanoTime() > deadline) {
        LOG.info("[{}] {}: the lock is held elsewhere after lockWait = {}; going on unlocked", config.namespace(),
            SessionIds.forLog(id), Durations.format(config.lockWait()));
        return Optional.empty();
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return Optional.empty();
      }
    }
  }

  /** {@code token:leaseEnd}, added; or over a lease that ended, by cas. */
  private boolean acquire(String key, String token) {
    long end = System.currentTimeMillis() + config.lockLease().toMillis();
    byte[] value = (token + ":" + end).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    int exptime = exptime(end + 1000);
    if (await("lock", () -> stored(client.add(key, exptime, value, BYTES)))) {
      return true;
    }
    CASValue<byte[]> held = call("lock", () -> client.gets(key, BYTES));
    if (held == null) {
      return await("lock", () -> stored(client.add(key, exptime, value, BYTES)));
    }
    if (leaseEnd(held.getValue()) > System.currentTimeMillis()) {
      return false;
    }
    return call("lock", () -> client.cas(key, held.getCas(), exptime, value, BYTES)) == CASResponse.OK;
  }

  private static long leaseEnd(byte[] value) {
    String text = new String(value, java.nio.charset.StandardCharsets.US_ASCII);
    try {
      return Long.parseLong(text.substring(text.indexOf(':') + 1));
    } catch (RuntimeException e) {
      return 0; // not a lock this store wrote: taken over
    }
  }

  /** A held lock, renewed every third of its lease until closed. */
  private final class HeldLock implements SessionLock {
    private final String key;
    private final String token;
    private final java.util.concurrent.ScheduledFuture<?> renewal;
    private volatile boolean lost;

    HeldLock(String key, String token) {
      this.key = key;
      this.token = token;
      long every = Math.max(50, config.lockLease().toMillis() / 3);
      this.renewal = maintenance.scheduleAtFixedRate(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    private void renew() {
      try {
        CASValue<byte[]> held = call("renew lock", () -> client.gets(key, BYTES));
        if (held == null || !new String(held.getValue(), java.nio.charset.StandardCharsets.US_ASCII).startsWith(token + ":")) {
          lost = true;
          renewal.cancel(false);
          return;
        }
        long end = System.currentTimeMillis() + config.lockLease().toMillis();
        call("renew lock", () -> client.cas(key, held.getCas(), exptime(end + 1000),
            (token + ":" + end).getBytes(java.nio.charset.StandardCharsets.US_ASCII), BYTES));
      } catch (RuntimeException e) {
        // unreachable: the lease runs on; lost() says so once it ended
      }
    }

    @Override
    public boolean lost() {
      return lost;
    }

    @Override
    public void close() {
      renewal.cancel(false);
      try {
        CASValue<byte[]> held = call("unlock", () -> client.gets(key, BYTES));
        if (held != null && new String(held.getValue(), java.nio.charset.StandardCharsets.US_ASCII).startsWith(token + ":")) {
          // a lease that ended, written over ours only if it is still ours (text protocol: no delete by CAS unique)
          call("unlock", () -> client.cas(key, held.getCas(), 1, "released:0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
              BYTES));
        }
      } catch (StoreUnavailableException e) {
        // the lease ends it
      }
    }
  }

  // ---------------------------------------------------------------- the queue, the stash

  /** The key of the session's backup copy (for tests that plant one), or null without backupCopies. */
  String backupKey(String digest) {
    return backups == null ? null : backups.key(digest);
  }

  /** Waits (at most {@code max}) until the backup copies queued so far are written. */
  boolean drainBackups(java.time.Duration max) {
    return backups == null || backups.drain(max);
  }

  @Override
  public PendingWrites pending() {
    return pending;
  }

  @Override
  public SealedValues sealed() {
    return sealed;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (state == State.UP) {
        pending.flush();
      }
    } catch (RuntimeException e) {
      LOG.warn("[{}] writing the queue at close failed: {}", config.namespace(), e.toString());
    }
    pending.close();
    if (backups != null) {
      backups.close();
    }
    maintenance.shutdownNow();
    client.shutdown(2, TimeUnit.SECONDS);
  }
}
