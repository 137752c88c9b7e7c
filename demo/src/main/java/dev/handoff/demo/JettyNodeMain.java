package dev.handoff.demo;

import dev.handoff.jetty.RedisSessionDataStoreFactory;
import java.nio.file.Files;
import java.util.List;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.util.security.Credential;

/**
 * The demo's Jetty node, run in a JVM of its own by {@link JettyProcess}: an embedded Jetty 12
 * (ee10) server with the test webapp as {@code /app}, its sessions in Redis through Handoff's
 * {@link RedisSessionDataStoreFactory} added the one-line way, and the demo's users. Arguments:
 * node name, port, WAR, then Handoff settings as {@code name=value} (the same vocabulary as the
 * Tomcat manager's attributes; {@code ${env.NAME}} reads an environment variable), or
 * {@code --in-memory} alone for Jetty's own in-memory session handling without Handoff (the load
 * benchmark's Jetty baseline).
 */
public final class JettyNodeMain {

  private JettyNodeMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: JettyNodeMain <node name> <port> <war> [setting=value... | --in-memory]");
      System.exit(2);
    }
    String name = args[0];
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(Integer.parseInt(args[1]));
    server.addConnector(connector);

    // No ".worker" suffix on session ids, so that the Tomcat nodes find the sessions this one creates.
    DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
    ids.setWorkerName("");
    server.addBean(ids, true);

    List<String> settings = List.of(args).subList(3, args.length);
    if (!settings.equals(List.of("--in-memory"))) { // else Jetty's default: DefaultSessionCache, no store
      RedisSessionDataStoreFactory sessions = new RedisSessionDataStoreFactory();
      for (String setting : settings) {
        int equals = setting.indexOf('=');
        if (equals <= 0) {
          throw new IllegalArgumentException(setting + ": give settings as name=value, or --in-memory alone");
        }
        sessions.set(setting.substring(0, equals), resolve(setting.substring(equals + 1)));
      }
      server.addBean(sessions);
    }

    WebAppContext webapp = new WebAppContext();
    webapp.setContextPath("/" + Fleet.CONTEXT);
    webapp.setWar(args[2]);
    webapp.setTempDirectory(Files.createTempDirectory("handoff-demo-" + name).toFile());
    webapp.setInitParameter("handoff.node", name);
    webapp.getSecurityHandler().setLoginService(users());
    server.setHandler(webapp);
    server.setStopAtShutdown(true);
    server.start();
    server.join();
  }

  /** {@code ${env.NAME}}: the environment variable (secrets stay off the command line). */
  private static String resolve(String value) {
    if (value.startsWith("${env.") && value.endsWith("}")) {
      String variable = value.substring("${env.".length(), value.length() - 1);
      String resolved = System.getenv(variable);
      if (resolved == null) {
        throw new IllegalArgumentException(value + ": environment variable " + variable + " is not set");
      }
      return resolved;
    }
    return value;
  }

  /** The demo's users, as the Tomcat nodes have them: alice and bob, password secret, role user. */
  private static HashLoginService users() {
    UserStore users = new UserStore();
    for (String user : List.of("alice", "bob")) {
      users.addUser(user, Credential.getCredential("secret"), new String[] {"user"});
    }
    HashLoginService service = new HashLoginService("handoff-demo");
    service.setUserStore(users);
    return service;
  }
}
