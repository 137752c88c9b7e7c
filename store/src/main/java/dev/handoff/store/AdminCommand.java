package dev.handoff.store;

import java.io.PrintStream;
import java.time.Instant;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bin/handoff-admin}: the fleet's sessions of one application, from a shell. The settings
 * are the store's, by the names of the {@code <Manager>} attributes ({@code address=...},
 * {@code namespace=...}, {@code sessionKey=...}, {@code ${env.X}} expanded), then a command:
 * <pre>
 *   count                      the application's sessions in Redis (every node's)
 *   sessions-of USER           the sessions USER is logged in to: created, last access, node, auth type
 *   logout-everywhere USER     ends every session USER is logged in to, on every node
 * </pre>
 * Exit status 0, 2 for a usage or settings error (the message names it), 1 when Redis fails.
 */
public final class AdminCommand {

  static final String USAGE = """
      usage: bin/handoff-admin name=value ... COMMAND
        settings: the store's, as the <Manager> attributes name them; namespace is needed
          (Tomcat's and Jetty's default is host and context path: namespace=localhost/shop), and the
          sessionKey when sessions are sealed; ${env.NAME} reads an environment variable
        commands:
          count                    the application's sessions in Redis, every node's
          sessions-of USER         the sessions USER is logged in to
          logout-everywhere USER   ends every session USER is logged in to, on every node""";

  private AdminCommand() {
  }

  public static void main(String[] args) {
    // The drop-in jar logs through java.util.logging: warnings only, on stderr (not the store's start-up lines).
    java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
    root.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Handler handler : root.getHandlers()) {
      handler.setLevel(java.util.logging.Level.WARNING);
    }
    System.exit(run(args, System.out, System.err));
  }

  static int run(String[] args, PrintStream out, PrintStream err) {
    List<Map.Entry<String, String>> settings = new ArrayList<>();
    List<String> command = new ArrayList<>();
    for (String arg : args) {
      int equals = arg.indexOf('=');
      if (command.isEmpty() && equals > 0) {
        settings.add(new SimpleEntry<>(arg.substring(0, equals), arg.substring(equals + 1)));
      } else {
        command.add(arg);
      }
    }
    if (command.isEmpty() || !(command.equals(List.of("count"))
        || command.size() == 2 && List.of("sessions-of", "logout-everywhere").contains(command.get(0)))) {
      err.println(command.isEmpty() ? "handoff-admin: no command" : "handoff-admin: unknown command " + String.join(" ", command));
      err.println(USAGE);
      return 2;
    }
    if (settings.stream().noneMatch(s -> s.getKey().trim().equalsIgnoreCase("namespace"))) {
      err.println("handoff-admin: namespace=... is needed: the application's, e.g. namespace=localhost/shop"
          + " (Tomcat's and Jetty's default: host and context path)");
      return 2;
    }
    StoreConfig config;
    try {
      config = Settings.parse(settings, store -> { }).storeConfig();
    } catch (IllegalArgumentException e) {
      err.println("handoff-admin: " + e.getMessage());
      return 2;
    }
    try (SessionStore store = SessionStore.open(config)) {
      FleetSessions fleet = store.fleet();
      switch (command.get(0)) {
        case "count" -> out.println(fleet.count() + " sessions in " + config.namespace());
        case "sessions-of" -> {
          List<FleetSessions.Summary> sessions = fleet.sessionsOf(command.get(1));
          out.println(command.get(1) + ": " + sessions.size() + (sessions.size() == 1 ? " session" : " sessions")
              + " in " + config.namespace());
          sessions.forEach(s -> out.println("  created " + Instant.ofEpochMilli(s.createdAt()) + ", last access "
              + Instant.ofEpochMilli(s.lastAccessedAt()) + ", node " + s.lastNode() + ", " + s.authType()));
        }
        default -> out.println(command.get(1) + ": " + fleet.invalidateSessionsOf(command.get(1))
            + " sessions ended in " + config.namespace());
      }
      return 0;
    } catch (RuntimeException e) {
      err.println("handoff-admin: " + e.getMessage());
      return 1;
    }
  }
}
