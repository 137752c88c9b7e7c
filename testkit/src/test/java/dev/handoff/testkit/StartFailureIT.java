package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

class StartFailureIT {

  /** A topology whose second node has a config redis-server refuses. */
  private static final class BrokenPair extends RedisTopology {
    final RedisNode good;
    final RedisNode bad;

    BrokenPair() {
      super(new RedisOptions("broken", TlsMode.NONE, null, null, false, false));
      good = newNode("good", false, List.of(), Ports.free());
      bad = newNode("bad", false, List.of("no-such-directive yes"), Ports.free());
      startOrCleanUp(() -> {
        good.start();
        bad.start();
      });
    }

    @Override
    public String describe() {
      return "a broken pair";
    }
  }

  @Test
  void nodeThatCannotStart_failsWithItsLog_killsTheOthers_andKeepsTheFiles() {
    IllegalStateException e = assertThrows(IllegalStateException.class, BrokenPair::new);
    assertTrue(e.getMessage().contains("could not start a broken pair"), e.getMessage());
    String cause = e.getCause().getMessage();
    assertTrue(cause.contains("bad exited at start"), cause);
    assertTrue(cause.contains("no-such-directive"), "the server's own complaint is shown: " + cause);
    String dir = e.getMessage().replaceAll("(?s).*files kept in (\\S+).*", "$1");
    assertTrue(Files.isDirectory(java.nio.file.Path.of(dir)), "files kept in " + dir);
    assertTrue(Files.exists(java.nio.file.Path.of(dir, "bad", "stdout.log")));
  }

  @Test
  void closedTopology_leavesNoProcessRunning() {
    StandaloneRedis redis = Redis.standalone().start();
    RedisNode node = redis.node();
    redis.close();
    assertFalse(node.isRunning());
  }
}
