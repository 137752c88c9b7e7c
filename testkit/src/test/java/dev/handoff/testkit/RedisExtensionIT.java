package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class RedisExtensionIT {

  static volatile Path seenDir;
  static volatile RedisNode seenNode;

  /** Run only through EngineTestKit below, never on its own. */
  static class FailingTestCase {
    @RegisterExtension
    static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone().name("doomed"));

    @Test
    void fails() {
      seenDir = REDIS.topology().dir();
      seenNode = REDIS.topology().node();
      assertEquals("one", "two", "deliberate failure");
    }
  }

  /** Run only through EngineTestKit below, never on its own. */
  static class PassingTestCase {
    @RegisterExtension
    static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone().name("fine"));

    @Test
    void passes() {
      seenDir = REDIS.topology().dir();
      seenNode = REDIS.topology().node();
      try (RespClient c = REDIS.topology().client()) {
        assertEquals("PONG", c.string("PING"));
      }
    }
  }

  @Test
  void failedTest_printsTheServerLogs_keepsTheFiles_andStopsTheServer() {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    Events tests;
    try {
      tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(FailingTestCase.class))
          .execute().testEvents();
    } finally {
      System.setErr(original);
    }
    tests.assertStatistics(stats -> stats.started(1).failed(1));
    String printed = captured.toString(StandardCharsets.UTF_8);
    assertTrue(printed.contains("==== Redis logs of standalone Redis"), printed);
    assertTrue(printed.contains("Ready to accept connections"), "the server's own log lines: " + printed);
    assertTrue(Files.exists(seenDir.resolve("redis/redis.log")), "kept: " + seenDir);
    assertTrue(!seenNode.isRunning(), "the server is stopped even though the test failed");
  }

  @Test
  void passedTest_stopsTheServer_andDeletesItsFiles() {
    EngineTestKit.engine("junit-jupiter").selectors(selectClass(PassingTestCase.class))
        .execute().testEvents().assertStatistics(stats -> stats.started(1).succeeded(1));
    assertTrue(!Files.exists(seenDir), "deleted: " + seenDir);
    assertTrue(!seenNode.isRunning());
  }
}
