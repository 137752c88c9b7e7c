package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.StandaloneRedis;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The admin command against a Redis that stopped answering (a black hole, not a refused
 * connection): it must end within its time bounds with exit status 1 and say what failed, not hang
 * and not report a count it could not read.
 */
class AdminCommandIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  @Test
  void aBlackHoledRedis_endsTheCommandWithStatus1_andSaysWhy() {
    try (FaultProxy proxy = FaultProxy.inFrontOf(REDIS.topology().node())) {
      String[] settings = {"address=redis://" + proxy.host() + ":" + proxy.port(), "namespace=localhost/shop",
          "commandTimeout=1s", "connectTimeout=1s"};
      Run before = run(settings, "count");
      assertEquals(0, before.status, before.err);
      assertEquals("0 sessions in localhost/shop", before.out.strip());

      proxy.blackHole();
      for (String[] command : new String[][] {{"count"}, {"sessions-of", "alice"}, {"logout-everywhere", "alice"}}) {
        long start = System.nanoTime();
        Run run = run(settings, command);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(1, run.status, String.join(" ", command) + ": " + run.out + run.err);
        assertEquals("", run.out, "nothing reported as if it were read");
        assertTrue(run.err.startsWith("handoff-admin: ") && run.err.contains("Redis"), run.err);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, String.join(" ", command) + " took " + took);
      }
    }
  }

  private record Run(int status, String out, String err) {
  }

  private static Run run(String[] settings, String... command) {
    String[] args = new String[settings.length + command.length];
    System.arraycopy(settings, 0, args, 0, settings.length);
    System.arraycopy(command, 0, args, settings.length, command.length);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AdminCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }
}
