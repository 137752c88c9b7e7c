package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.FaultProxy;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, test 3, on real Tomcat 11: 250 clients, each with its own session, increment their
 * counters while Redis is black-holed (the proxy holds the bytes: no reply, no reset): 12 s in
 * {@code bin/test}, the 20 s with {@code -Dhandoff.test.blackHoleSeconds=20}.
 * The page without a session keeps its latency (p99 within 2x of the same load without the fault);
 * no session request waits more than commandTimeout plus the store's 100 ms and a margin for this
 * shared machine, the first ones included; every increment answered 200 is in Redis once the black
 * hole ends (read on a second node, which has no copy of its own).
 */
class BlackHoleLoadIT {

  private static final int CLIENTS = 250;
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(1);
  /**
   * Beyond commandTimeout + 100 ms: a request's own time on 2 shared cores under 250 clients, or the
   * slowest session request of the same load without the fault when that is longer (a loaded CI
   * machine measured 444 ms of p99 on the page without a session before any fault).
   */
  private static final long MARGIN_MS = 900;
  /** Each client's pause between requests: the load stays below what the 2 cores serve. */
  private static final long THINK_MS = 250;
  private static final int BLACK_HOLE_SECONDS = Integer.getInteger("handoff.test.blackHoleSeconds", 12);

  @Test
  void blackHoleUnder250Clients_pagesWithoutSessionKeepTheirLatency_noRequestWaitsLong_nothingQueuedLost()
      throws Exception {
    try (StandaloneRedis redis = Redis.standalone().start();
        FaultProxy proxy = FaultProxy.inFrontOf(redis.node());
        TomcatFleet fleet = TomcatFleet.start("11", 2, Map.of("address", "redis://127.0.0.1:" + proxy.port(),
            "commandTimeout", COMMAND_TIMEOUT.toSeconds() + "s"))) {
      List<User> users = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        User user = new User(fleet.url(0, "/counter?format=json"));
        user.step(null);
        assertEquals(1, user.acknowledged, "client " + i + " has its session");
        users.add(user);
      }
      Phase quiet = new Phase();
      Phase blackHoled = new Phase();
      AtomicBoolean running = new AtomicBoolean(true);
      // the first seconds warm the JIT and the connections: not counted
      java.util.concurrent.atomic.AtomicReference<Phase> now = new java.util.concurrent.atomic.AtomicReference<>(new Phase());
      CountDownLatch done = new CountDownLatch(CLIENTS + 1);
      for (User user : users) {
        daemon(() -> {
          try {
            while (running.get()) {
              user.step(now.get());
              sleep(THINK_MS);
            }
          } finally {
            done.countDown();
          }
        });
      }
      Browser anonymous = new Browser(Duration.ofSeconds(30));
      daemon(() -> {
        try {
          while (running.get()) {
            Phase phase = now.get();
            long start = System.nanoTime();
            int status = anonymous.get(fleet.url(0, "/nosession")).status();
            phase.anonymous.add((System.nanoTime() - start) / 1_000_000);
            if (status != 200) {
              phase.problems.add("/nosession answered " + status);
            }
            sleep(20);
          }
        } finally {
          done.countDown();
        }
      });
      sleep(3_000);
      now.set(quiet);
      sleep(5_000);
      proxy.blackHole();
      now.set(blackHoled);
      sleep(BLACK_HOLE_SECONDS * 1000L);
      now.set(new Phase()); // the heal itself: delivers what the proxy held
      proxy.heal();
      running.set(false);
      assertTrue(done.await(30, java.util.concurrent.TimeUnit.SECONDS), "the clients stopped");

      long quietP99 = percentile(quiet.anonymous, 99);
      long holeP99 = percentile(blackHoled.anonymous, 99);
      long slowest = blackHoled.session.stream().mapToLong(Long::longValue).max().orElseThrow();
      long quietSlowest = max(quiet.session);
      long bound = COMMAND_TIMEOUT.toMillis() + 100 + Math.max(MARGIN_MS, quietSlowest);
      String facts = "no session page p99: " + quietP99 + " ms before, " + holeP99 + " ms during the black hole ("
          + blackHoled.anonymous.size() + " requests); session requests before it: slowest " + quietSlowest
          + " ms; during it: " + blackHoled.session.size()
          + ", slowest " + slowest + " ms, p99 " + percentile(blackHoled.session, 99) + " ms, answered 200: "
          + blackHoled.ok + ", other: " + blackHoled.failed + "; bound on the slowest: " + bound + " ms";
      System.out.println("black hole under load: " + facts);
      assertTrue(quiet.problems.isEmpty() && blackHoled.problems.isEmpty(), quiet.problems + " " + blackHoled.problems);
      assertTrue(blackHoled.anonymous.size() > 100, "the page without a session was asked: " + facts);
      // 2 ms of slack: below it the p99 is a scheduler's tick on this machine, not Redis
      assertTrue(holeP99 <= Math.max(2 * quietP99, quietP99 + 2), "the page without a session kept its latency: " + facts);
      assertTrue(slowest <= bound, "no session request waited long: " + facts);
      assertTrue(blackHoled.ok > CLIENTS, "sessions held were served from memory meanwhile: " + facts);

      List<String> missing = new ArrayList<>();
      long deadline = System.currentTimeMillis() + 30_000;
      for (User user : users) {
        Long inRedis = user.readOn(fleet.url(1, ""));
        while ((inRedis == null || inRedis < user.acknowledged) && System.currentTimeMillis() < deadline) {
          sleep(250);
          inRedis = user.readOn(fleet.url(1, ""));
        }
        if (inRedis == null || inRedis < user.acknowledged) {
          missing.add(user.acknowledged + " acknowledged, " + inRedis + " in Redis");
        }
      }
      assertTrue(missing.isEmpty(), missing.size() + " of " + CLIENTS + " sessions miss acknowledged increments: "
          + missing.subList(0, Math.min(10, missing.size())) + "\n" + fleet.logs());
    }
  }

  /** What one stretch of the run saw: latencies in ms, and the answers. */
  private static final class Phase {
    final List<Long> anonymous = Collections.synchronizedList(new ArrayList<>());
    final List<Long> session = Collections.synchronizedList(new ArrayList<>());
    final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    volatile long ok;
    volatile long failed;
  }

  /** One client: a browser with one session on node 0, and the highest counter it was answered. */
  private static final class User {
    final Browser browser = new Browser(Duration.ofSeconds(30));
    final String url;
    long acknowledged;

    User(String url) {
      this.url = url;
    }

    void step(Phase phase) {
      long start = System.nanoTime();
      Browser.Response response;
      try {
        response = browser.get(url);
      } catch (RuntimeException noAnswer) {
        if (phase != null) {
          phase.problems.add("no answer: " + noAnswer);
        }
        return;
      }
      long ms = (System.nanoTime() - start) / 1_000_000;
      if (phase != null) {
        phase.session.add(ms);
        synchronized (phase) {
          if (response.status() == 200) {
            phase.ok++;
          } else {
            phase.failed++;
          }
        }
      }
      if (response.status() == 200) {
        acknowledged = Math.max(acknowledged, ((Number) response.json().get("counter")).longValue());
      }
    }

    /** The counter Redis holds for this session, as a node without a copy of it reads it. */
    Long readOn(String node) {
      Browser reader = new Browser(Duration.ofSeconds(10)).setCookie("JSESSIONID", browser.cookie("JSESSIONID"));
      Map<String, Object> page = reader.get(node + "/session?format=json").json();
      return page.get("session") instanceof Map<?, ?> facts && facts.get("attributes") instanceof Map<?, ?> attributes
          && attributes.get("counter") != null ? Long.parseLong(String.valueOf(attributes.get("counter"))) : null;
    }
  }

  private static long max(List<Long> values) {
    synchronized (values) {
      return values.stream().mapToLong(Long::longValue).max().orElse(0);
    }
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted;
    synchronized (values) {
      sorted = new ArrayList<>(values);
    }
    if (sorted.isEmpty()) {
      return 0;
    }
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * percent / 100.0) - 1));
  }

  private static void daemon(Runnable body) {
    Thread thread = new Thread(body);
    thread.setDaemon(true);
    thread.start();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
