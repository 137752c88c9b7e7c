package dev.handoff.testkit;

import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Starts a topology before the tests of a class and stops it after them, keeping and printing
 * the server logs when a test fails. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());
 * }</pre>
 *
 * When redis-server is missing the tests fail (they never skip) with what to install.
 *
 * @param <T> the topology
 */
public final class RedisExtension<T extends RedisTopology>
    implements BeforeAllCallback, AfterAllCallback, TestWatcher {

  private final Redis.Builder<T> builder;
  private T topology;

  private RedisExtension(Redis.Builder<T> builder) {
    this.builder = builder;
  }

  /** An extension that starts what {@code builder} describes. */
  public static <T extends RedisTopology> RedisExtension<T> of(Redis.Builder<T> builder) {
    return new RedisExtension<>(builder);
  }

  /** The running topology. */
  public T topology() {
    if (topology == null) {
      throw new IllegalStateException("the Redis topology starts in beforeAll; register the"
          + " extension on a static field with @RegisterExtension");
    }
    return topology;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    topology = builder.start();
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    if (topology != null) {
      topology.keepFiles();
      System.err.println("Test " + context.getDisplayName() + " failed: " + cause);
      topology.printLogs(System.err);
    }
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (topology != null) {
      Optional<Throwable> failure = context.getExecutionException();
      if (failure.isPresent()) {
        topology.keepFiles();
      }
      topology.close();
      topology = null;
    }
  }
}
