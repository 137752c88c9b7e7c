package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Redis;
import dev.handoff.testkit.RedisExtension;
import dev.handoff.testkit.RespClient;
import dev.handoff.testkit.StandaloneRedis;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: what announcements cost a fleet of 20 nodes. Each session is written on its home node;
 * a node is told of a write only when it holds a copy of that session. Counted twice: with sticky
 * load balancing (only the home node reads a session) and with round robin (every node read every
 * session once), plus a 21st node that never read any. The figures are printed for
 * docs/benchmarks.md.
 */
class AnnouncementTrafficIT {

  @RegisterExtension
  static final RedisExtension<StandaloneRedis> REDIS = RedisExtension.of(Redis.standalone());

  private static final int NODES = 20;
  private static final int SESSIONS_PER_NODE = 10;
  private static final int WRITES_PER_SESSION = 5;

  @Test
  void twentyNodes_messagesPerWriteAreTheOtherHoldersOfTheSession_andANodeHoldingNoneHearsNothing() throws Exception {
    List<SessionStore> nodes = new ArrayList<>();
    try {
      for (int n = 0; n <= NODES; n++) {
        nodes.add(SessionStore.open(StoreConfig.builder().namespace("traffic").nodeName("node-" + n)
            .addresses(List.of(REDIS.topology().node().uri())).build()));
      }
      SessionStore bystander = nodes.get(NODES);
      long sticky = run(nodes, "sticky", false);
      long roundRobin = run(nodes, "round-robin", true);
      int writes = NODES * SESSIONS_PER_NODE * WRITES_PER_SESSION;
      System.out.printf("announcements at %d nodes, %d writes: sticky %d messages (%.1f per write), round robin %d"
          + " (%.1f per write, %.1f per node per write of the fleet), a node holding none %d%n", NODES, writes, sticky,
          sticky / (double) writes, roundRobin, roundRobin / (double) writes, roundRobin / (double) writes / NODES,
          heard(bystander));
      assertEquals(0, sticky, "no other node holds a sticky session: nothing to tell");
      assertEquals((long) writes * (NODES - 1), roundRobin, "each write told the 19 other holders, once each");
      assertEquals(0, heard(bystander), "a node that holds none of the sessions written hears nothing");
    } finally {
      nodes.forEach(SessionStore::close);
    }
  }

  /** Creates and writes the sessions; returns how many announcements the fleet heard (and Redis published). */
  private static long run(List<SessionStore> nodes, String name, boolean everyNodeReads) throws Exception {
    long heardBefore = 0;
    for (int n = 0; n < NODES; n++) {
      heardBefore += heard(nodes.get(n));
    }
    long publishedBefore = published();
    long now = System.currentTimeMillis();
    List<String> ids = new ArrayList<>();
    for (int n = 0; n < NODES; n++) {
      for (int s = 0; s < SESSIONS_PER_NODE; s++) {
        String id = name + "-session-" + n + "-" + s;
        assertTrue(Creates.created(nodes.get(n), new SessionRecord(id, now, now, 1800, 0, "n", null, null,
            Map.of("a", new byte[] {1}))));
        ids.add(id);
      }
    }
    if (everyNodeReads) {
      for (String id : ids) {
        for (int n = 0; n < NODES; n++) {
          nodes.get(n).read(id, 0, false);
        }
      }
    }
    for (int w = 0; w < WRITES_PER_SESSION; w++) {
      for (int i = 0; i < ids.size(); i++) {
        nodes.get(i / SESSIONS_PER_NODE).save(ids.get(i), SessionChange.builder().set("a", new byte[] {(byte) w}).build());
      }
    }
    long expectedPublished = published() - publishedBefore;
    long deadline = System.currentTimeMillis() + 5_000;
    long heard;
    do {
      Thread.sleep(50);
      heard = -heardBefore;
      for (int n = 0; n < NODES; n++) {
        heard += heard(nodes.get(n));
      }
    } while (heard < expectedPublished && System.currentTimeMillis() < deadline);
    assertEquals(expectedPublished, heard, name + ": every message Redis published was heard, once");
    return heard;
  }

  private static long heard(SessionStore store) {
    return ((RedisSessionStore) store).announcementsHeard();
  }

  /** PUBLISH calls Redis counted, scripts' included (no heartbeat goes out: no request asks for a copy here). */
  private static long published() {
    try (RespClient client = RespClient.connect(REDIS.topology().node().host(), REDIS.topology().node().port())) {
      String stats = client.info("commandstats", "cmdstat_publish");
      return stats == null ? 0 : Long.parseLong(stats.substring("calls=".length(), stats.indexOf(',')));
    }
  }
}
