package dev.handoff.benchmarks;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The load generator: a fixed number of workers, each with one keep-alive connection per node.
 * {@link LoadPattern#SEQUENTIAL}: each worker serves its own share of the users one request after
 * the other (no two requests of one session run at once); {@link LoadPattern#OVERLAPPING}: each
 * request picks a user at random among all (a session's requests overlap). With several nodes,
 * each user's requests alternate between them.
 */
final class LoadDriver {

  /** Where the Redis work is counted; sampled at the start and end of each measurement. */
  interface RedisMeter {
    long commands();

    /** -1 when round trips are not counted. */
    long roundTrips();

    /** Bytes sent to Redis so far; -1 when not counted. */
    long bytesToRedis();

    /** Bytes received from Redis so far; -1 when not counted. */
    long bytesFromRedis();
  }

  /** One simulated user: a browser holding one session cookie, and the other cookies its responses set. */
  static final class User {
    final String sessionId;
    final java.util.Map<String, String> otherCookies = new java.util.concurrent.ConcurrentHashMap<>(2);
    final AtomicLong requests = new AtomicLong();
    final AtomicLong cartRequests = new AtomicLong();

    User(String sessionId) {
      this.sessionId = sessionId;
    }
  }

  private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(1);

  private final List<String> hosts;
  private final List<Integer> ports;
  private final int connections;

  LoadDriver(List<String> baseUrls, int connections) {
    this.hosts = new ArrayList<>();
    this.ports = new ArrayList<>();
    for (String url : baseUrls) {
      String hostPort = url.replaceFirst("^http://", "");
      hosts.add(hostPort.substring(0, hostPort.lastIndexOf(':')));
      ports.add(Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1)));
    }
    this.connections = connections;
  }

  /**
   * Creates {@code count} sessions on the first node (one request to the counter page each) and
   * checks that every node sees each of them.
   */
  List<User> createUsers(int count) throws IOException {
    List<User> users = new ArrayList<>(count);
    try (HttpConnection first = new HttpConnection(hosts.get(0), ports.get(0))) {
      for (int i = 0; i < count; i++) {
        HttpConnection.Response response = first.get("/app/counter?format=json", null, false);
        if (response.status() != 200 || response.newSessionId() == null) {
          throw new IOException("creating user " + i + ": status " + response.status()
              + (response.newSessionId() == null ? ", no JSESSIONID cookie" : ""));
        }
        User user = new User(response.newSessionId());
        user.otherCookies.putAll(response.otherCookies());
        users.add(user);
      }
    }
    for (int n = 0; n < hosts.size(); n++) {
      try (HttpConnection node = new HttpConnection(hosts.get(n), ports.get(n))) {
        for (User user : users) {
          HttpConnection.Response response = node.get("/app/session?format=json", user.sessionId, true);
          if (response.status() != 200 || !response.body().contains("\"exists\":true")) {
            throw new IOException("node " + (n + 1) + " does not see a session created on node 1: "
                + response.status() + " " + response.body());
          }
        }
      }
    }
    return users;
  }

  /** Warms up, then measures {@code page} for {@code measure}. */
  LoadResult run(String configuration, LoadPage page, LoadPattern pattern, List<User> users, Duration warmup,
      Duration measure, RedisMeter meter, java.util.function.LongSupplier nodeCpuNanos) throws InterruptedException {
    Phase phase = new Phase();
    List<Worker> workers = new ArrayList<>();
    for (int w = 0; w < connections; w++) {
      List<User> share = new ArrayList<>();
      for (int i = w; i < users.size(); i += connections) {
        share.add(users.get(i));
      }
      if (!share.isEmpty()) {
        workers.add(new Worker(page, pattern == LoadPattern.OVERLAPPING ? users : share, pattern, phase));
      }
    }
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < workers.size(); i++) {
      Thread thread = new Thread(workers.get(i), "load-" + configuration + "-" + i);
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
    Thread.sleep(warmup.toMillis());
    long commands0 = meter.commands();
    long roundTrips0 = meter.roundTrips();
    long toRedis0 = meter.bytesToRedis();
    long fromRedis0 = meter.bytesFromRedis();
    long cpu0 = nodeCpuNanos.getAsLong();
    long start = System.nanoTime();
    phase.value = Phase.MEASURE;
    Thread.sleep(measure.toMillis());
    phase.value = Phase.STOP;
    double seconds = (System.nanoTime() - start) / 1e9;
    long cpu = nodeCpuNanos.getAsLong() - cpu0;
    long commands = meter.commands() - commands0;
    long roundTrips = roundTrips0 < 0 ? -1 : meter.roundTrips() - roundTrips0;
    long toRedis = toRedis0 < 0 ? -1 : meter.bytesToRedis() - toRedis0;
    long fromRedis = fromRedis0 < 0 ? -1 : meter.bytesFromRedis() - fromRedis0;
    for (Thread thread : threads) {
      thread.join(30_000);
    }
    Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
    long errors = 0;
    long lost = 0;
    for (Worker worker : workers) {
      latencies.add(worker.latencies);
      errors += worker.errors.get();
      lost += worker.lostSessions;
    }
    return new LoadResult(configuration, page, pattern, latencies.getTotalCount(), seconds,
        latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0,
        commands, roundTrips, toRedis, fromRedis, errors, lost, cpu);
  }

  private static final class Phase {
    static final int WARMUP = 0;
    static final int MEASURE = 1;
    static final int STOP = 2;
    volatile int value = WARMUP;
  }

  private final class Worker implements Runnable {
    private final LoadPage page;
    private final List<User> users;
    private final LoadPattern pattern;
    private final java.util.SplittableRandom random = new java.util.SplittableRandom();
    private final Phase phase;
    private final HttpConnection[] nodes;
    final Histogram latencies = new Histogram(HIGHEST_MICROS, 3);
    final AtomicLong errors = new AtomicLong();
    long lostSessions;

    Worker(LoadPage page, List<User> users, LoadPattern pattern, Phase phase) {
      this.page = page;
      this.users = users;
      this.pattern = pattern;
      this.phase = phase;
      this.nodes = new HttpConnection[hosts.size()];
      for (int n = 0; n < nodes.length; n++) {
        nodes[n] = new HttpConnection(hosts.get(n), ports.get(n));
      }
    }

    @Override
    public void run() {
      try {
        int next = 0;
        while (phase.value != Phase.STOP) {
          User user;
          if (pattern == LoadPattern.OVERLAPPING) {
            user = users.get(random.nextInt(users.size()));
          } else {
            user = users.get(next);
            next = (next + 1) % users.size();
          }
          HttpConnection node = nodes[(int) (user.requests.getAndIncrement() % nodes.length)];
          String path = page.path(page == LoadPage.CART ? user.cartRequests.getAndIncrement() : 0);
          boolean measured = phase.value == Phase.MEASURE;
          long start = System.nanoTime();
          HttpConnection.Response response;
          try {
            response = node.get(path, page.sendsCookie ? user.sessionId : null, user.otherCookies, false);
          } catch (IOException e) {
            if (measured) {
              errors.incrementAndGet();
            }
            pause();
            continue;
          }
          long micros = (System.nanoTime() - start) / 1000;
          if (page.sendsCookie && !response.otherCookies().isEmpty()) {
            user.otherCookies.putAll(response.otherCookies()); // as a browser keeps them
          }
          if (measured && phase.value == Phase.MEASURE) {
            latencies.recordValue(Math.min(micros, HIGHEST_MICROS));
            if (response.status() != 200) {
              errors.incrementAndGet();
            }
            if (page.sendsCookie && response.newSessionId() != null) {
              lostSessions++;
            }
          }
        }
      } finally {
        for (HttpConnection node : nodes) {
          node.close();
        }
      }
    }

    private void pause() {
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
