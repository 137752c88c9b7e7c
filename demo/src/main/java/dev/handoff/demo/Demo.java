package dev.handoff.demo;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The Handoff demo ({@code bin/demo}): a Redis (from {@code REDIS_URL}, or a throwaway local
 * server), two Tomcat nodes running the test webapp with Handoff's drop-in manager, a Jetty node
 * running it with Handoff's session data store, and a round-robin balancer on one URL. Without arguments it runs until Ctrl-C; with
 * {@code --scripted} it walks a user through the nodes, prints each step, and exits 0 when every
 * step showed what it should. Either way it stops every process it started.
 */
public final class Demo {

  /** The balancer's port unless it is taken (then any free one); system property {@code handoff.demo.port}. */
  static final int DEFAULT_PORT = 8080;

  private Demo() {
  }

  public static void main(String[] args) {
    List<String> options = new java.util.ArrayList<>(List.of(args));
    boolean memcached = options.remove("--engine=memcached") | removePair(options, "--engine", "memcached");
    removePair(options, "--engine", "redis");
    options.remove("--engine=redis");
    boolean scripted = options.remove("--scripted");
    if (!options.isEmpty()) {
      System.err.println("usage: bin/demo [--scripted] [--engine redis|memcached]   (REDIS_URL=redis://host:port to use"
          + " your own Redis)");
      System.exit(2);
    }
    String redisUrl = memcached ? null : System.getenv("REDIS_URL");
    System.exit(scripted ? scripted(System.out, redisUrl, memcached) : interactive(System.out, redisUrl, memcached));
  }

  /** Removes {@code name value} from the options; true when they were there. */
  private static boolean removePair(List<String> options, String name, String value) {
    int at = options.indexOf(name);
    if (at >= 0 && at + 1 < options.size() && options.get(at + 1).equals(value)) {
      options.remove(at + 1);
      options.remove(at);
      return true;
    }
    return false;
  }

  static int scripted(PrintStream out, String redisUrl) {
    return scripted(out, redisUrl, false);
  }

  /** Runs the scripted tour and stops everything; 0 when every step passed, 1 otherwise. */
  static int scripted(PrintStream out, String redisUrl, boolean memcached) {
    try (Fleet fleet = start(out, redisUrl, memcached)) {
      out.println();
      String failure = new ScriptedTour(fleet, out).run();
      out.println();
      out.println((memcached ? "Memcached" : "Redis") + " round trips in all: " + fleet.roundTrips());
      if (failure != null) {
        out.println("FAILED: " + failure);
        return 1;
      }
      out.println("PASSED: the login, the cart and the counter followed the user across nodes and"
          + " survived the loss of one.");
      return 0;
    } catch (RuntimeException e) {
      out.println("FAILED: " + e.getMessage());
      e.printStackTrace(out);
      return 1;
    } finally {
      out.println("Stopped every process the demo started.");
    }
  }

  /** Runs until the JVM is asked to stop (Ctrl-C); a shutdown hook stops every process. */
  static int interactive(PrintStream out, String redisUrl, boolean memcached) {
    Fleet fleet;
    try {
      fleet = start(out, redisUrl, memcached);
    } catch (RuntimeException e) {
      out.println("The demo could not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      out.println();
      out.println("Stopping the Tomcat and Jetty nodes, the balancer and the Redis the demo started...");
      fleet.close();
      out.println("Stopped every process the demo started.");
      stopped.countDown();
    }, "demo-shutdown"));
    out.println();
    out.println("Open " + fleet.pageUrl() + " : the three nodes side by side, and buttons to log in,");
    out.println("fill a cart, count visits and stop or start a node; each click goes to the next node.");
    out.println("Or browse the webapp itself at " + fleet.appUrl() + " (alice / secret, bob / secret).");
    out.println("Requests as they pass the balancer:");
    out.println("Press Ctrl-C to stop.");
    fleet.balancer().accessLog(line -> out.println("  " + line));
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return 0;
  }

  private static Fleet start(PrintStream out, String redisUrl, boolean memcached) {
    DemoBuild build = DemoBuild.locate();
    // The testkit's files (Redis data and logs, each node's CATALINA_BASE) go under demo/target.
    System.setProperty("handoff.testkit.dir", System.getProperty("handoff.testkit.dir",
        build.buildDirectory().resolve("redis").toString()));
    System.setProperty("handoff.testkit.tomcat.dir", System.getProperty("handoff.testkit.tomcat.dir",
        build.buildDirectory().resolve("tomcat-nodes").toString()));
    out.println("Starting " + (memcached ? "a local memcached, " : redisUrl == null || redisUrl.isBlank() ? "a local redis-server, " : "")
        + "two Tomcat " + build.tomcatVersion() + " nodes, a Jetty " + build.jettyVersion() + " node and the balancer...");
    int port = Integer.getInteger("handoff.demo.port", DEFAULT_PORT);
    Fleet fleet = memcached ? Fleet.startOn(build, RedisTarget.memcached(), port) : Fleet.start(build, redisUrl, port);
    fleet.printBanner(out);
    return fleet;
  }
}
