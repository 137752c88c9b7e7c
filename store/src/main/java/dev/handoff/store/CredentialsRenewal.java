package dev.handoff.store;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.redisson.config.Credentials;
import org.redisson.config.CredentialsResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redisson's credentials from a {@link CredentialsProvider}, one per client. A provider without
 * {@link CredentialsProvider#renewEvery()} is asked at each new connection. A provider that renews
 * is asked on a thread of its own every period (never on Redisson's I/O threads, since asking may
 * block), new connections take the credentials it last gave, and at each renewal Redisson sends
 * AUTH with them on every live connection ({@link #nextRenewal()}). A renewal that fails is
 * logged and tried again after {@link #RETRY}; live connections keep the credentials they have.
 */
final class CredentialsRenewal implements CredentialsResolver, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(CredentialsRenewal.class);
  /** The wait before a failed renewal is tried again. */
  static final Duration RETRY = Duration.ofSeconds(30);

  private final CredentialsProvider provider;
  private final Duration every;
  private final String namespace;
  /** Null when the provider does not renew. */
  private final ScheduledExecutorService timer;
  /** Completed, and replaced, at each renewal. */
  private volatile CompletableFuture<Void> due = new CompletableFuture<>();
  /** The credentials last given and when (System.nanoTime); null until the first. */
  private volatile Given last;

  private record Given(CredentialsProvider.Credentials credentials, long at) {
  }

  CredentialsRenewal(CredentialsProvider provider, String namespace) {
    this.provider = provider;
    this.every = provider.renewEvery();
    this.namespace = namespace;
    if (every == null) {
      this.timer = null;
      return;
    }
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "handoff-credentials-renewal");
      t.setDaemon(true);
      return t;
    });
    timer.schedule(this::renew, every.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public CompletionStage<Credentials> resolve(InetSocketAddress address) {
    if (timer == null) {
      try {
        return CompletableFuture.completedFuture(redisson(provider.credentials()));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    }
    Given given = last;
    if (given != null && System.nanoTime() - given.at < every.toNanos()) {
      return CompletableFuture.completedFuture(redisson(given.credentials));
    }
    try {
      return CompletableFuture.supplyAsync(() -> redisson(ask()), timer);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      return CompletableFuture.failedFuture(new IllegalStateException("the Redis client is shut down", e));
    }
  }

  /** Completes at the next renewal; Redisson then sends AUTH on every live connection and asks again. */
  @Override
  public CompletionStage<Void> nextRenewal() {
    return due;
  }

  private CredentialsProvider.Credentials ask() {
    CredentialsProvider.Credentials credentials = provider.credentials();
    last = new Given(credentials, System.nanoTime());
    return credentials;
  }

  private void renew() {
    Duration next = every;
    try {
      ask();
      CompletableFuture<Void> now = due;
      due = new CompletableFuture<>();
      now.complete(null);
      LOG.debug("[{}] Redis credentials renewed ({}); live connections authenticate again", namespace, provider);
    } catch (RuntimeException e) {
      next = RETRY.compareTo(every) < 0 ? RETRY : every;
      LOG.warn("[{}] cannot renew the Redis credentials ({}): {}; live connections keep theirs, next try in {}",
          namespace, provider, e.getMessage(), Durations.format(next));
    }
    try {
      timer.schedule(this::renew, next.toNanos(), TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      // shut down meanwhile
    }
  }

  private static Credentials redisson(CredentialsProvider.Credentials credentials) {
    return new Credentials(credentials.username(), credentials.password());
  }

  @Override
  public void close() {
    if (timer != null) {
      timer.shutdownNow();
    }
  }
}
