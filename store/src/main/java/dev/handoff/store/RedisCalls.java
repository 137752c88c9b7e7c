package dev.handoff.store;

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
 */
final class RedisCalls {

  private final Availability availability;
  private final String namespace;

  RedisCalls(Availability availability, String namespace) {
    this.availability = availability;
    this.namespace = namespace;
  }

  <T> T run(String operation, Supplier<T> action) {
    return run(operation, null, action);
  }

  /**
   * Runs {@code action}, naming it in errors as {@code operation} on the session {@code id} (in
   * its log form, computed only when an error is reported: a digest per call is measurable).
   */
  <T> T run(String operation, String id, Supplier<T> action) {
    availability.checkCanTry();
    try {
      T result = action.get();
      availability.succeeded();
      return result;
    } catch (RedisException e) {
      if (isUnreachable(e)) {
        availability.failed(e);
        throw new StoreUnavailableException("[" + namespace + "] " + name(operation, id)
            + " failed: Redis is unreachable ("
            + e.getMessage() + ")", e);
      }
      throw new IllegalStateException("[" + namespace + "] " + name(operation, id) + " failed: " + e.getMessage(), e);
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
