package dev.handoff.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Load with faults, then a check of every client's history. K clients, each with its own session
 * (cookie), increment the test webapp's counter on the given nodes (each request on the next node:
 * non-sticky; or always on one: sticky) while a schedule of faults runs. A request answered 200 is
 * an acknowledged increment; any other answer, or none, is a failed request.
 *
 * <p>While the load runs, a 200 whose counter is below the client's acknowledged count shows an
 * acknowledged increment missing from the state that request saw (a stale copy, or a lost write);
 * a counter back at 1 after more shows the session lost or reset. After the faults and a settling
 * time, each client's counter is read on every node from the read-only session page: an
 * acknowledged increment missing there is a lost write, a session gone is a lost session.
 */
public final class FaultLoadChecker {

  /** One fault of the schedule: what it does, at an offset from the start of the load. */
  public record Fault(Duration at, String name, Runnable action) {
  }

  /** What the load and the check found. */
  public record Report(int clients, long requests, long acknowledged, long failed, long behind, long resets,
      long lostWrites, long lostSessions, List<String> faultsRun, List<String> problems) {

    /** True when every acknowledged increment is in Redis and no session was lost or reset. */
    public boolean nothingLost() {
      return lostWrites == 0 && lostSessions == 0 && resets == 0;
    }

    @Override
    public String toString() {
      return clients + " clients, " + requests + " requests: " + acknowledged + " acknowledged, " + failed + " failed; "
          + behind + " answers behind their client's acknowledged count, " + resets + " resets; after settling: "
          + lostWrites + " acknowledged increments lost, " + lostSessions + " sessions lost; faults: " + faultsRun
          + (problems.isEmpty() ? "" : "; first problems: " + problems.subList(0, Math.min(5, problems.size())));
    }
  }

  private final List<String> nodes;
  private final int clients;
  private final Duration duration;
  private final boolean sticky;
  private final List<Fault> faults = new ArrayList<>();
  private Duration settle = Duration.ofSeconds(5);

  /**
   * @param nodes each node's base URL of the test webapp (…/app)
   * @param clients how many clients, each with its own session
   * @param duration how long the load runs
   * @param sticky true: each client stays on one node; false: each request goes to the next node
   */
  public FaultLoadChecker(List<String> nodes, int clients, Duration duration, boolean sticky) {
    this.nodes = List.copyOf(nodes);
    this.clients = clients;
    this.duration = duration;
    this.sticky = sticky;
  }

  /** Adds a fault at {@code at} after the load starts. */
  public FaultLoadChecker fault(Duration at, String name, Runnable action) {
    faults.add(new Fault(at, name, action));
    return this;
  }

  /** How long to wait after the load before the check (queued writes reach Redis). */
  public FaultLoadChecker settle(Duration time) {
    this.settle = time;
    return this;
  }

  /** Runs the load and the faults, waits, checks every client's counter on every node. */
  public Report run() throws InterruptedException {
    List<Client> all = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      all.add(new Client(i));
    }
    for (Client client : all) {
      client.start();
    }
    AtomicBoolean running = new AtomicBoolean(true);
    List<String> faultsRun = new CopyOnWriteArrayList<>();
    List<String> problems = new CopyOnWriteArrayList<>();
    ExecutorService threads = Executors.newFixedThreadPool(clients + 1);
    long start = System.nanoTime();
    try {
      List<Future<?>> load = new ArrayList<>();
      for (Client client : all) {
        load.add(threads.submit(() -> {
          while (running.get()) {
            client.step(problems);
          }
        }));
      }
      Future<?> schedule = threads.submit(() -> {
        for (Fault fault : faults.stream().sorted(java.util.Comparator.comparing(Fault::at)).toList()) {
          long wait = fault.at().toNanos() - (System.nanoTime() - start);
          if (wait > 0) {
            try {
              TimeUnit.NANOSECONDS.sleep(wait);
            } catch (InterruptedException e) {
              return;
            }
          }
          try {
            fault.action().run();
            faultsRun.add(fault.name() + " at " + (System.nanoTime() - start) / 1_000_000 + " ms");
          } catch (RuntimeException e) {
            faultsRun.add(fault.name() + " FAILED: " + e);
          }
        }
      });
      TimeUnit.NANOSECONDS.sleep(Math.max(0, duration.toNanos() - (System.nanoTime() - start)));
      running.set(false);
      for (Future<?> f : load) {
        f.get();
      }
      schedule.get();
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("the load failed", e.getCause());
    } finally {
      running.set(false);
      threads.shutdownNow();
    }
    Thread.sleep(settle.toMillis());
    long lostWrites = 0;
    long lostSessions = 0;
    for (Client client : all) {
      for (String node : nodes) {
        Long stored;
        try {
          stored = client.readOn(node);
        } catch (RuntimeException noAnswer) {
          continue; // a node the schedule killed: the others are read
        }
        if (stored == null) {
          lostSessions++;
          problems.add("client " + client.number + ": no session on " + node + " after " + client.acknowledged
              + " acknowledged increments");
          break;
        }
        if (stored < client.acknowledged) {
          lostWrites += client.acknowledged - stored;
          problems.add("client " + client.number + ": " + stored + " on " + node + ", " + client.acknowledged
              + " acknowledged");
          break;
        }
      }
    }
    long requests = 0;
    long acknowledged = 0;
    long failed = 0;
    long behind = 0;
    long resets = 0;
    for (Client client : all) {
      requests += client.requests;
      acknowledged += client.acknowledged;
      failed += client.failed;
      behind += client.behind;
      resets += client.resets;
    }
    return new Report(clients, requests, acknowledged, failed, behind, resets, lostWrites, lostSessions,
        List.copyOf(faultsRun), List.copyOf(problems));
  }

  /** One user: a browser with one session, and what it was told. */
  private final class Client {
    private final int number;
    private final Browser browser = new Browser(Duration.ofSeconds(10));
    private int next;
    private long requests;
    private long acknowledged;
    private long failed;
    private long behind;
    private long resets;

    Client(int number) {
      this.number = number;
      this.next = number % nodes.size();
    }

    /** The session's first request, before any fault: retried until it is acknowledged. */
    void start() {
      for (int attempt = 0; attempt < 20 && acknowledged == 0; attempt++) {
        step(new ArrayList<>());
      }
      if (acknowledged == 0) {
        throw new IllegalStateException("client " + number + " could not start a session on " + nodes);
      }
    }

    void step(List<String> problems) {
      String node = nodes.get(next);
      if (!sticky) {
        next = (next + 1) % nodes.size();
      }
      requests++;
      Browser.Response response;
      try {
        response = browser.get(node + "/counter?format=json");
      } catch (RuntimeException noAnswer) {
        failed++;
        return;
      }
      if (response.status() != 200) {
        failed++;
        return;
      }
      long counter = ((Number) response.json().get("counter")).longValue();
      if (counter == 1 && acknowledged > 0) {
        resets++;
        problems.add("client " + number + ": counter back at 1 on " + node + " after " + acknowledged + " acknowledged");
      } else if (counter <= acknowledged) {
        behind++;
      }
      acknowledged++;
    }

    /** The counter Redis holds for this client's session, read on {@code node} without changing it; null: no session. */
    Long readOn(String node) {
      Browser reader = new Browser(Duration.ofSeconds(10)).setCookie("JSESSIONID", browser.cookie("JSESSIONID"));
      Map<String, Object> page = reader.get(node + "/session?format=json").json();
      Object session = page.get("session");
      if (!(session instanceof Map<?, ?> facts) || !(facts.get("attributes") instanceof Map<?, ?> attributes)
          || attributes.get("counter") == null) {
        return null;
      }
      return Long.parseLong(String.valueOf(attributes.get("counter")));
    }
  }
}
