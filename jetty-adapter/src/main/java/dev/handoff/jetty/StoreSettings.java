package dev.handoff.jetty;

import dev.handoff.store.RequestConfig;
import dev.handoff.store.Settings;
import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The settings a factory was given, as written, kept until a context starts and then handed to
 * the one parser of every setting ({@link Settings}), with Jetty's defaults. What Jetty's
 * SessionDataStore SPI cannot honour is refused there, saying why.
 */
final class StoreSettings {

  private final List<Map.Entry<String, String>> written = new ArrayList<>();

  /** One setting; a null value (an unset property in Jetty's XML) gives nothing. */
  void put(String name, String value) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a Handoff setting needs a name");
    }
    if (value != null) {
      written.add(new SimpleEntry<>(name, value));
    }
  }

  /** Whether a setting of this name (ignoring case) was given. */
  boolean isGiven(String name) {
    return written.stream().anyMatch(pair -> pair.getKey().trim().equalsIgnoreCase(name));
  }

  StoreSettings copy() {
    StoreSettings copy = new StoreSettings();
    copy.written.addAll(written);
    return copy;
  }

  /**
   * Every setting, validated. The namespace defaults to the context's virtual host and path; the
   * expiry grace, unless set, covers Jetty's look-back for sessions abandoned by other nodes (ten
   * grace periods, as Jetty's orphan sweep, at most a day, at least the store's 5 minutes). The
   * node name defaults to Jetty's worker name when one was chosen ({@link #isChosen}).
   *
   * @throws IllegalArgumentException naming the setting and the value, also for a value Jetty cannot honour
   */
  Settings parse(String defaultNamespace, int gracePeriodSec, String workerName) {
    long graceSeconds = Math.min(Duration.ofDays(1).toSeconds(), Math.max(300, 10L * Math.max(0, gracePeriodSec)));
    Settings settings = Settings.parse(written, store -> {
      store.namespace(defaultNamespace).expiryGrace(Duration.ofSeconds(graceSeconds));
      if (isChosen(workerName)) {
        store.nodeName(workerName); // the store's node names match Jetty's, unless nodeName is set
      }
    });
    refuseWhatJettyCannotHonour(settings.requestConfig());
    return settings;
  }

  /**
   * A worker name someone chose: not blank, and not Jetty's default ({@code node0}, which every
   * node gets unless {@code JETTY_WORKER_INSTANCE} or the server says otherwise), so that nodes
   * left at Jetty's defaults are not all named {@code node0} in Redis (they get host name and pid).
   */
  static boolean isChosen(String workerName) {
    return workerName != null && !workerName.isBlank()
        && !(workerName.equals("node0") && System.getenv("JETTY_WORKER_INSTANCE") == null);
  }

  /**
   * Jetty's SessionHandler resolves a request's session before any code of ours sees the request,
   * and takes a session that cannot be loaded for no session: a store cannot answer 503 nor hold
   * a lock around a request, so those values are errors here rather than silently ignored.
   */
  static void refuseWhatJettyCannotHonour(RequestConfig requests) {
    if (requests.failurePolicy() == RequestConfig.FailurePolicy.FAIL) {
      throw new IllegalArgumentException("failurePolicy = fail is not available on Jetty: Jetty's SessionHandler"
          + " takes a session that cannot be loaded for no session and goes on with the request, so the store cannot"
          + " answer 503; use degrade (the default: sessions held on this node are served, writes are queued)");
    }
    if (requests.locking() != RequestConfig.Locking.NONE) {
      throw new IllegalArgumentException("locking = " + requests.locking().name().toLowerCase(java.util.Locale.ROOT)
          + " is not available on Jetty: a SessionDataStore sees loads and saves, not requests, so it cannot hold"
          + " the session's lock from before the session is read until after it is saved; use none (the default)");
    }
  }

  /** The settings as given, secrets masked. */
  @Override
  public String toString() {
    return written.stream().map(pair -> pair.getKey() + "=" + (Settings.isSecret(pair.getKey()) ? "****" : pair.getValue()))
        .collect(Collectors.joining(", ", "{", "}"));
  }
}
