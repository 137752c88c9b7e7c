package dev.handoff.store;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.redisson.client.RedisClusterDownException;
import org.redisson.client.RedisConnectionException;
import org.redisson.client.RedisException;
import org.redisson.client.RedisLoadingException;
import org.redisson.client.RedisMasterDownException;
import org.redisson.client.RedisNodeNotFoundException;
import org.redisson.client.RedisReadonlyException;
import org.redisson.client.RedisRetryException;
import org.redisson.client.RedisTimeoutException;
import org.redisson.client.RedisTryAgainException;

/**
 * Runs one Redis operation under {@link Availability}: refused at once while Redis is known to
 * be down, and faults that mean "unreachable" (connection refused or lost, timeouts, a failover
 * in progress) turned into {@link StoreUnavailableException}.
 *
 * <p>A call waits at most its deadline: commandTimeout (plus syncTimeout when writes wait for
 * replicas) and a small margin, its retries included. Redisson retries a timed-out command
 * retryAttempts times, each attempt waiting its own timeout; when that was commandTimeout, a
 * black-holed Redis (packets held, no reset) made the first calls wait commandTimeout x
 * (retryAttempts + 1) plus the pauses. Now each attempt waits {@link #attemptTimeout} and at the
 * deadline the call is cancelled (Redisson sends no more attempts of it); Redis is marked
 * unreachable, and the other calls fail at once ({@link Availability}).
 *
 * <p>At most maxConcurrentCalls calls of one store wait on Redis at once: beyond them a call fails
 * at once, as if Redis were unreachable (the adapter serves the session from memory and the change
 * is queued), without marking Redis down. A slow Redis then holds at most that many request
 * threads, and the rest of the container (pages that need no session) keeps its threads.
 */
final class RedisCalls {

  /** Beyond commandTimeout: the time to hand a command to the connection and its reply back. */
  static final Duration DEADLINE_MARGIN = Duration.ofMillis(100);

  private final Availability availability;
  private final String namespace;
  private final long deadlineNanos;
  private final int maxConcurrentCalls;
  /** One permit per call that may wait on Redis at once (the bulkhead): the rest fail at once. */
  private final java.util.concurrent.Semaphore waiting;
  /** Loads every script again (SCRIPT LOAD), for a call that met NOSCRIPT; set once by the store. */
  private volatile Runnable scriptLoader = () -> { };

  RedisCalls(Availability availability, String namespace, Duration deadline, int maxConcurrentCalls) {
    this.availability = availability;
    this.namespace = namespace;
    this.deadlineNanos = deadline.toNanos();
    this.maxConcurrentCalls = maxConcurrentCalls;
    this.waiting = new java.util.concurrent.Semaphore(maxConcurrentCalls);
  }

  /**
   * How long Redisson waits for one attempt of a command: commandTimeout shared by the attempts
   * (1 + retryAttempts) once the pauses between them are taken out, so that a command and its
   * retries end within commandTimeout. A reply lost on a reset connection is resent after one
   * attempt's wait. When the pauses leave less than 10 ms an attempt, the attempts share
   * commandTimeout alone (the deadline still ends the call).
   */
  static Duration attemptTimeout(StoreConfig config) {
    int attempts = config.retryAttempts() + 1;
    Duration left = config.commandTimeout().minus(config.retryInterval().multipliedBy(config.retryAttempts()));
    Duration each = left.dividedBy(attempts);
    return each.toMillis() >= 10 ? each : config.commandTimeout().dividedBy(attempts);
  }

  /** The deadline of a call under {@code config}: commandTimeout, syncTimeout when it applies, the margin. */
  static Duration deadline(StoreConfig config) {
    Duration wait = config.commandTimeout().plus(DEADLINE_MARGIN);
    return config.syncReplicas() > 0 ? wait.plus(config.syncTimeout()) : wait;
  }

  <T> T run(String operation, Supplier<? extends CompletionStage<T>> action) {
    return run(operation, null, action);
  }

  /**
   * Runs {@code action}, naming it in errors as {@code operation} on the session {@code id} (in
   * its log form, computed only when an error is reported: a digest per call is measurable).
   */
  /**
   * What to run when a call meets {@code NOSCRIPT}: Redis lost its script cache (a restart, a
   * failover to a node that never loaded them). Redisson loads a script itself for a lone EVALSHA,
   * not for one inside a batch; the call is then sent once more.
   */
  void onNoScript(Runnable loader) {
    this.scriptLoader = loader;
  }

  <T> T run(String operation, String id, Supplier<? extends CompletionStage<T>> action) {
    try {
      return runOnce(operation, id, action);
    } catch (IllegalStateException e) {
      if (!(e.getCause() instanceof RedisException cause) || cause.getMessage() == null
          || !cause.getMessage().contains("NOSCRIPT")) {
        throw e;
      }
      scriptLoader.run();
      return runOnce(operation, id, action);
    }
  }

  private <T> T runOnce(String operation, String id, Supplier<? extends CompletionStage<T>> action) {
    boolean probe = availability.checkCanTry();
    if (!waiting.tryAcquire()) {
      if (probe) {
        availability.probed();
      }
      throw new StoreUnavailableException("[" + namespace + "] " + name(operation, id) + " not sent: "
          + maxConcurrentCalls + " calls (maxConcurrentCalls) already wait on Redis", null);
    }
    try {
      T result = await(operation, id, action.get(), probe);
      availability.succeeded();
      return result;
    } catch (RedisException e) {
      throw failure(operation, id, e, probe);
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = e;
      while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause(); // thrown as the call was sent (seen right after a restart of Redis)
      }
      if (cause instanceof RedisException redis) {
        throw failure(operation, id, redis, probe);
      }
      throw e;
    } finally {
      waiting.release();
      if (probe) {
        availability.probed();
      }
    }
  }

  /** Redis unreachable (recorded, and a StoreUnavailableException) or the call refused (an IllegalStateException). */
  private RuntimeException failure(String operation, String id, RedisException e, boolean probe) {
    if (isUnreachable(e)) {
      availability.failed(e, probe);
      return new StoreUnavailableException("[" + namespace + "] " + name(operation, id)
          + " failed: Redis is unreachable (" + e.getMessage() + ")", e);
    }
    return new IllegalStateException("[" + namespace + "] " + name(operation, id) + " failed: " + e.getMessage(), e);
  }

  /** The call's result within the deadline; at the deadline it is cancelled and Redis counts as unreachable. */
  private <T> T await(String operation, String id, CompletionStage<T> call, boolean probe) {
    CompletableFuture<T> future = call.toCompletableFuture();
    try {
      return future.get(deadlineNanos, TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      future.cancel(false); // no further attempts: Redisson checks for cancellation before each retry
      RedisTimeoutException timeout = new RedisTimeoutException("no reply within "
          + Durations.format(Duration.ofNanos(deadlineNanos)) + " (commandTimeout and margin)");
      availability.failed(timeout, probe);
      throw new StoreUnavailableException("[" + namespace + "] " + name(operation, id)
          + " failed: Redis is unreachable (" + timeout.getMessage() + ")", timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause(); // Redisson may wrap a connection failure (seen right after a restart of Redis)
      }
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException("[" + namespace + "] " + name(operation, id) + " failed: " + cause, cause);
    } catch (CancellationException e) {
      throw new StoreUnavailableException("[" + namespace + "] " + name(operation, id) + " was cancelled", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(false);
      throw new StoreUnavailableException("[" + namespace + "] " + name(operation, id) + " was interrupted", e);
    }
  }

  private static String name(String operation, String id) {
    return id == null ? operation : operation + " " + SessionIds.forLog(id);
  }

  static boolean isUnreachable(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof RedisConnectionException || t instanceof RedisTimeoutException
          || t instanceof RedisNodeNotFoundException || t instanceof RedisRetryException
          || t instanceof RedisClusterDownException || t instanceof RedisMasterDownException
          || t instanceof RedisLoadingException || t instanceof RedisTryAgainException
          || t instanceof RedisReadonlyException || t instanceof java.io.IOException) {
        return true;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return false;
  }
}
