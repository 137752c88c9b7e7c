package dev.handoff.demo;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.TomcatNode;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The scripted walk through the balancer, with one cookie jar: log in with the form as alice,
 * add three cart items, count to five (each request on the next node: Tomcat, Tomcat, Jetty and
 * round again), kill -9 one Tomcat node, count on on the other two, look at the cart, log out,
 * and check that the secure page asks for a login again.
 * Prints one line per step and stops at the first step that does not show what it should.
 */
final class ScriptedTour {

  private static final String FORMAT = "format=json";

  private final Fleet fleet;
  private final PrintStream out;
  private final Browser browser = new Browser(Duration.ofSeconds(30));
  private final String app;
  private int stepNumber;
  private String previousNode;
  private String lastTomcat;
  private String killed;

  ScriptedTour(Fleet fleet, PrintStream out) {
    this.fleet = fleet;
    this.out = out;
    this.app = fleet.balancer().baseUrl() + "/" + Fleet.CONTEXT;
  }

  /** Runs every step; returns null when all showed what they should, else the reason. */
  String run() {
    out.printf("%-3s %-40s %-9s %-5s %-6s %-8s %-5s %s%n",
        "#", "step", "node", "HTTP", "user", "counter", "cart", "Redis round trips");
    try {
      Observation form = step("GET /secure/: not logged in, login form", () -> browser.get(app + "/secure/?" + FORMAT),
          o -> loginForm(o) + expect("user", null, o.user()));
      Observation posted = step("POST j_security_check as alice",
          () -> browser.post(form.response().uri().resolve("j_security_check").toString(),
              Map.of("j_username", "alice", "j_password", "secret")),
          o -> o.response().isRedirect() && o.response().location().map(this::pointsAtBalancer).orElse(false)
              ? "" : "expected a redirect back to the balancer, got " + o.status() + " "
              + o.response().header("Location").orElse("(no Location)"));
      step("GET /secure/ (the redirect): logged in",
          () -> browser.get(posted.response().location().orElseThrow().toString()),
          o -> expect("page", "secure", o.page()) + expect("user", "alice", o.user()));
      String[] products = {"apple", "pear", "plum"};
      for (int i = 0; i < products.length; i++) {
        long items = i + 1;
        String product = products[i];
        step("GET /cart?add=" + product, () -> browser.get(app + "/cart?add=" + product
            + "&price=" + (100 + items * 20) + "&" + FORMAT),
            o -> expect("user", "alice", o.user()) + expect("cart items", items, o.cartItems()));
      }
      for (long count = 1; count <= 5; count++) {
        counterStep(count);
      }
      killLastTomcat();
      counterStep(6);
      counterStep(7);
      step("GET /cart: the three items", () -> browser.get(app + "/cart?" + FORMAT),
          o -> expect("user", "alice", o.user()) + expect("cart items", 3L, o.cartItems()));
      step("GET /logout", () -> browser.get(app + "/logout?" + FORMAT),
          o -> expect("loggedOut", true, o.json().get("loggedOut"))
              + expect("sessionInvalidated", true, o.json().get("sessionInvalidated")));
      step("GET /secure/: login form again", () -> browser.get(app + "/secure/?" + FORMAT),
          o -> loginForm(o) + expect("user", null, o.user()));
    } catch (StepFailed failed) {
      return failed.getMessage();
    }
    return null;
  }

  private void counterStep(long expected) {
    step("GET /counter", () -> browser.get(app + "/counter?" + FORMAT),
        o -> expect("user", "alice", o.user()) + expect("counter", expected, o.counter()));
  }

  /** kill -9 the Tomcat node that served the last Tomcat request; the balancer then skips it. */
  private void killLastTomcat() {
    TomcatNode victim = fleet.tomcat(lastTomcat);
    victim.kill();
    killed = victim.name();
    String survivors = String.join(" and ", fleet.nodeNames().stream().filter(name -> !name.equals(killed)).toList());
    out.printf("%-3s %-40s %s%n", "--", "kill -9 " + killed, "(Tomcat process killed; " + survivors + " carry on)");
  }

  private Observation step(String name, Supplier<Browser.Response> request, Function<Observation, String> check) {
    stepNumber++;
    long before = fleet.meter().count();
    Observation seen;
    String problem;
    try {
      seen = Observation.of(request.get());
      problem = check.apply(seen) + placement(seen);
    } catch (RuntimeException e) {
      throw new StepFailed("step " + stepNumber + " (" + name + ") failed: " + e.getMessage());
    }
    long cost = fleet.meter().settled() - before;
    out.printf("%-3d %-40s %-9s %-5d %s %d%s%n", stepNumber, name, Objects.toString(seen.node(), "?"),
        seen.status(), seen.sessionState(), cost, problem.isEmpty() ? "" : "   <-- " + problem.strip());
    if (!problem.isEmpty()) {
      throw new StepFailed("step " + stepNumber + " (" + name + "): " + problem.strip());
    }
    previousNode = seen.node();
    if (fleet.isTomcat(seen.node())) {
      lastTomcat = seen.node();
    }
    return seen;
  }

  /** Round robin: each request on another node than the one before, never on the killed one. */
  private String placement(Observation seen) {
    if (seen.node() == null) {
      return " the response does not say which node served it;";
    }
    if (seen.node().equals(killed)) {
      return " served by " + killed + ", which was killed;";
    }
    if (seen.node().equals(previousNode)) {
      return " served by " + seen.node() + " again, expected the next node;";
    }
    return "";
  }

  /** The login form: Tomcat forwards to it (the page says {@code login}), Jetty redirects to it. */
  private static String loginForm(Observation o) {
    boolean redirected = o.response().isRedirect()
        && o.response().location().map(location -> location.getPath().endsWith("/login.html")).orElse(false);
    return redirected ? "" : expect("page", "login", o.page());
  }

  private boolean pointsAtBalancer(URI location) {
    return location.toString().startsWith(app + "/");
  }

  private static String expect(String what, Object expected, Object actual) {
    return Objects.equals(expected, actual) ? "" : " expected " + what + " " + expected + ", got " + actual + ";";
  }

  /** The first step that did not show what it should. */
  private static final class StepFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StepFailed(String message) {
      super(message);
    }
  }
}
