package dev.handoff.store;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.redisson.Redisson;
import org.redisson.api.RTopic;
import org.redisson.api.RedissonClient;
import org.redisson.api.listener.MessageListener;
import org.redisson.api.listener.StatusListener;
import org.redisson.client.codec.StringCodec;
import org.redisson.connection.ConnectionListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this store hears of the writes of other nodes, so that a copy of a session it holds can be
 * served without asking Redis (the "zero round trips for a current read").
 *
 * <p>Every script that reads or writes a session makes the store that sent it one of the session's
 * readers (field {@code rd}, readers.lua) and tells the other readers of each write and deletion
 * on their own channel ({@code PUBLISH} from inside the script, so the message is on its way before
 * the writer's reply). A node that holds none of the sessions written hears nothing of them.
 *
 * <p>The store vouches for a copy ({@link #current}) only while it can be sure it would have heard
 * of a later write: no heartbeat of its own (sent through Redis at most every {@link #BEAT} while
 * requests ask, none while the node is idle) has been on its way for longer than {@link #LEASE},
 * and nothing happened since the copy was read that may have lost a message. Every such event (a connection lost to any Redis node, a
 * resubscription, a heartbeat missing from the sequence) starts a new epoch: copies vouched for
 * before it are checked again, and nothing is vouched for until a heartbeat is heard in the new
 * epoch (which shows the subscription works again). A check or load whose reply races an
 * announcement of the same session is not vouched for.
 */
final class Announcements implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Announcements.class);

  /** The most readers a session keeps; one more pushes out the oldest, which is told (readers.lua). */
  static final int MAX_READERS = 32;
  /** How often the store sends itself a heartbeat through Redis while requests ask for its copies. */
  static final Duration BEAT = Duration.ofMillis(200);
  /**
   * How long a heartbeat may be on its way before the store stops vouching for copies: the longest
   * that requests are served from copies while the subscription stalls without its connection
   * closing (a black hole), counted from the first request after the stall began.
   */
  static final Duration LEASE = Duration.ofSeconds(1);
  /** How many sessions' vouched versions are remembered (the least recently used is forgotten). */
  private static final int REMEMBERED = 100_000;
  private static final String BEAT_MESSAGE = "hb ";

  private final String namespace;
  private final String reader = SessionStore.newCreateToken().substring(0, 12);
  private final String channelPrefix;
  private final RTopic topic;
  private final RedissonClient redis;
  private final AtomicLong epoch = new AtomicLong(1);
  private final AtomicLong ticket = new AtomicLong();
  private final AtomicLong beatsSent = new AtomicLong();
  private final LongAdder received = new LongAdder();
  private final Map<String, Vouched> vouched = new LinkedHashMap<>(1024, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Vouched> eldest) {
      return size() > REMEMBERED;
    }
  };
  /** True once the listeners are attached (Redisson resubscribes them after a reconnect). */
  private volatile boolean subscribed;
  /** The epoch in which a heartbeat was last heard: vouching needs it to be the current one. */
  private volatile long confirmedEpoch;
  private volatile boolean subscribing;
  private volatile boolean refused;
  /** When each of the last 64 heartbeats was sent, by sequence number modulo 64. */
  private final long[] beatSentAt = new long[64];
  /** The highest heartbeat heard. */
  private volatile long beatHeard;
  private final AtomicLong lastBeatSentNanos = new AtomicLong(System.nanoTime() - BEAT.toNanos() - 1);
  private volatile long beatExpected;
  private volatile int connectionListener = -1;
  private volatile boolean closed;

  /** The version vouched for at an epoch, and the ticket of the last announcement heard. */
  private static final class Vouched {
    long version;
    long epoch;
    long lastHeard;
  }

  /** Taken before a call to Redis, given back with its reply to {@link #saw}. */
  record Before(long epoch, long ticket) {
  }

  Announcements(RedissonClient redis, Keys keys, String namespace, ScheduledExecutorService maintenance) {
    this.redis = redis;
    this.namespace = namespace;
    this.channelPrefix = keys.base() + "c:";
    this.topic = redis.getTopic(channelPrefix + reader, StringCodec.INSTANCE);
    if (redis instanceof Redisson redisson) {
      connectionListener = redisson.getServiceManager().getConnectionEventsHub().addListener(new ConnectionListener() {
        @Override
        public void onConnect(java.net.InetSocketAddress address) {
        }

        @Override
        public void onDisconnect(java.net.InetSocketAddress address) {
          newEpoch("a connection to " + address + " was lost");
        }
      });
    }
    subscribe();
    maintenance.scheduleWithFixedDelay(this::subscribe, 1, 1, TimeUnit.SECONDS); // until it succeeds
  }

  /** Sends a heartbeat unless one went out within {@link #BEAT}: only while requests ask, so an idle node sends none. */
  private void beatIfDue() {
    long last = lastBeatSentNanos.get();
    long now = System.nanoTime();
    if (subscribed && !closed && now - last >= BEAT.toNanos() && lastBeatSentNanos.compareAndSet(last, now)) {
      long sequence = beatsSent.get() + 1;
      beatSentAt[(int) (sequence % beatSentAt.length)] = now;
      beatsSent.set(sequence); // one sender at a time: the compareAndSet above
      try {
        topic.publishAsync(BEAT_MESSAGE + sequence);
      } catch (RuntimeException e) {
        // Redis unreachable: the heartbeat stays unheard, so copies are checked (and fail over to G7's rules)
      }
    }
  }

  /** This store's reader id, as the scripts record it ('' while it cannot listen: it is then told nothing). */
  String reader() {
    return refused ? "" : reader;
  }

  /** The prefix of every reader's channel. */
  String channelPrefix() {
    return channelPrefix;
  }

  /** Call before sending a read or write whose reply goes to {@link #saw}. */
  Before before() {
    // A heartbeat heard in this epoch suffices, however old: a stalled subscription delivers its
    // messages, in order, before the heartbeat that lets current() vouch again; a broken one
    // starts a new epoch.
    long now = epoch.get();
    return new Before(confirmedEpoch == now ? now : -1, ticket.get());
  }

  /**
   * Redis holds {@code version} of the session as of the call begun at {@code before}: vouched for,
   * unless an announcement of it was heard meanwhile or an epoch ended.
   */
  void saw(String digest, long version, Before before) {
    if (before.epoch() < 0 || version <= 0) {
      return;
    }
    synchronized (vouched) {
      Vouched v = vouched.computeIfAbsent(digest, d -> new Vouched());
      if (v.lastHeard > before.ticket()) {
        v.version = 0; // written or deleted elsewhere while the reply was on its way: which came first is unknown
        return;
      }
      v.version = version;
      v.epoch = before.epoch();
    }
  }

  /** This store deleted the session, or its copy is no longer to be trusted. */
  void forget(String digest) {
    synchronized (vouched) {
      Vouched v = vouched.get(digest);
      if (v != null) {
        v.version = 0;
      }
    }
  }

  /** True when {@code version} of the session is what Redis holds, as far as this store would have heard. */
  boolean current(String digest, long version) {
    beatIfDue();
    if (version <= 0 || !listening()) {
      return false;
    }
    long now = epoch.get();
    synchronized (vouched) {
      Vouched v = vouched.get(digest);
      return v != null && v.version == version && v.epoch == now;
    }
  }

  /** Announcements heard (heartbeats not counted). */
  long received() {
    return received.sum();
  }

  /**
   * True while a write announced now would be heard: a heartbeat was heard in this epoch, and none
   * sent since has been on its way for longer than the lease.
   */
  boolean listening() {
    return confirmedEpoch == epoch.get() && !beatOverdue(System.nanoTime());
  }

  private boolean beatOverdue(long now) {
    long sent = beatsSent.get();
    long heard = beatHeard;
    if (sent <= heard) {
      return false;
    }
    if (sent - heard >= beatSentAt.length) {
      return true;
    }
    return now - beatSentAt[(int) ((heard + 1) % beatSentAt.length)] > LEASE.toNanos();
  }

  /** Subscribes unless subscribed; a failure (Redis unreachable) is tried again every second. */
  private void subscribe() {
    if (closed || subscribed || subscribing || refused) {
      return;
    }
    subscribing = true;
    try {
      subscribeNow();
    } catch (RuntimeException e) { // Redisson throws at once when it cannot connect
      subscribing = false;
      removeListeners();
    }
  }

  private void removeListeners() {
    try {
      topic.removeAllListenersAsync();
    } catch (RuntimeException e) {
      // not subscribed: nothing to remove
    }
  }

  private void subscribeNow() {
    topic.addListenerAsync(new StatusListener() {
      @Override
      public void onSubscribe(String channel) {
        newEpoch("subscribed to " + channel); // what was published before this subscription was not heard
      }

      @Override
      public void onUnsubscribe(String channel) {
        newEpoch("unsubscribed from " + channel);
      }
    }).thenCompose(status -> topic.addListenerAsync(String.class, (MessageListener<String>) (channel, message) -> hear(message)))
        .whenComplete((id, e) -> {
          subscribing = false;
          if (e == null) {
            subscribed = true;
            newEpoch("subscribed");
            return;
          }
          removeListeners();
          if (String.valueOf(e.getMessage()).contains("NOPERM")) {
            refused = true;
            LOG.warn("[{}] the Redis user may not subscribe to {}*: every request checks its session in Redis"
                + " (one round trip). Grant the channels with the keys: ACL SETUSER <user> &{}*", namespace,
                channelPrefix, channelPrefix);
          }
        });
  }

  private void hear(String message) {
    if (message.startsWith(BEAT_MESSAGE)) {
      long sequence = Long.parseLong(message.substring(BEAT_MESSAGE.length()));
      if (beatExpected != 0 && sequence > beatExpected) {
        newEpoch("heartbeat " + beatExpected + " was not heard");
      }
      beatExpected = Math.max(beatExpected, sequence + 1);
      beatHeard = Math.max(beatHeard, sequence);
      confirmedEpoch = epoch.get(); // heard now, through the subscription: it works in this epoch
      return;
    }
    int space = message.indexOf(' ');
    if (space <= 0) {
      return;
    }
    received.increment();
    String digest = message.substring(0, space);
    long heard = ticket.incrementAndGet();
    synchronized (vouched) {
      Vouched v = vouched.computeIfAbsent(digest, d -> new Vouched());
      v.version = 0;
      v.lastHeard = heard;
    }
  }

  private void newEpoch(String why) {
    epoch.incrementAndGet();
    beatExpected = 0;
    if (why != null && LOG.isDebugEnabled()) {
      LOG.debug("[{}] copies are checked in Redis again: {}", namespace, why);
    }
  }

  @Override
  public void close() {
    closed = true;
    subscribed = false;
    removeListeners();
    if (connectionListener >= 0 && redis instanceof Redisson redisson) {
      redisson.getServiceManager().getConnectionEventsHub().removeListener(connectionListener);
    }
  }
}
