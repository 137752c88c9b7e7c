package dev.handoff.jetty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.session.DefaultSessionIdManager;
import org.eclipse.jetty.util.security.Credential;

/**
 * One embedded Jetty 12 (ee10) node running the test webapp WAR under {@code /app}, with its
 * sessions in Redis through {@link RedisSessionDataStoreFactory}, added the one-line way. Records
 * the sessions destroyed on it (with the counter they held) for the expiry tests.
 */
final class JettyNode implements AutoCloseable {

  static final String CONTEXT = "/app";

  private final String name;
  private final Server server;
  private final ServerConnector connector;
  private final Path tempDir;
  private final List<String> destroyed = new CopyOnWriteArrayList<>();
  private final WebAppContext webapp;

  private JettyNode(String name, String redisUri, int scavengeSeconds, Consumer<RedisSessionDataStoreFactory> settings)
      throws Exception {
    this(name, name, redisUri, scavengeSeconds, settings);
  }

  /**
   * With {@code workerName} empty, session ids carry no ".worker" suffix in cookies, so that a
   * Tomcat node can find the sessions this node creates.
   */
  private JettyNode(String name, String workerName, String redisUri, int scavengeSeconds,
      Consumer<RedisSessionDataStoreFactory> settings) throws Exception {
    this.name = name;
    this.tempDir = Files.createTempDirectory("handoff-jetty-" + name);
    server = new Server();
    connector = new ServerConnector(server);
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);

    DefaultSessionIdManager ids = new DefaultSessionIdManager(server);
    ids.setWorkerName(workerName);
    org.eclipse.jetty.session.HouseKeeper houseKeeper = new org.eclipse.jetty.session.HouseKeeper();
    houseKeeper.setIntervalSec(scavengeSeconds);
    ids.setSessionHouseKeeper(houseKeeper);
    server.addBean(ids, true);

    RedisSessionDataStoreFactory factory = new RedisSessionDataStoreFactory();
    factory.setGracePeriodSec(1);
    settings.accept(factory);
    if (!factory.isGiven("address")) {
      factory.setAddress(redisUri); // a setting is given once: the test's own address wins
    }
    if (!factory.isGiven("sessionKey")) {
      factory.set("sessionKey", dev.handoff.testkit.HandoffSettings.TEST_SESSION_KEY);
    }
    server.addBean(factory);

    webapp = new WebAppContext();
    webapp.setContextPath(CONTEXT);
    webapp.setWar(war().toString());
    webapp.setTempDirectory(tempDir.toFile());
    webapp.setInitParameter("handoff.node", name);
    webapp.getSecurityHandler().setLoginService(loginService());
    webapp.getSessionHandler().addEventListener(new HttpSessionListener() {
      @Override
      public void sessionDestroyed(HttpSessionEvent event) {
        destroyed.add("counter=" + event.getSession().getAttribute("counter"));
      }
    });
    server.setHandler(webapp);
  }

  static JettyNode start(String name, String redisUri, int scavengeSeconds,
      Consumer<RedisSessionDataStoreFactory> settings) throws Exception {
    JettyNode node = new JettyNode(name, redisUri, scavengeSeconds, settings);
    node.server.start();
    return node;
  }

  /** A node whose session ids Tomcat can read too (no worker suffix). */
  static JettyNode startForTomcatNeighbours(String name, Consumer<RedisSessionDataStoreFactory> settings)
      throws Exception {
    JettyNode node = new JettyNode(name, "", "redis://unused:1", 600, settings);
    node.server.start();
    return node;
  }

  static JettyNode start(String name, String redisUri) throws Exception {
    return start(name, redisUri, 600, factory -> { });
  }

  static Path war() {
    String war = System.getProperty("handoff.test.war");
    if (war == null || !Files.isRegularFile(Path.of(war))) {
      throw new IllegalStateException("handoff.test.war does not name the test webapp WAR (run through Maven's verify): "
          + war);
    }
    return Path.of(war);
  }

  private static HashLoginService loginService() {
    UserStore users = new UserStore();
    for (String user : List.of("alice", "bob")) {
      users.addUser(user, Credential.getCredential("secret"), new String[] {"user"});
    }
    HashLoginService loginService = new HashLoginService("handoff");
    loginService.setUserStore(users);
    return loginService;
  }

  String url(String path) {
    return "http://127.0.0.1:" + connector.getLocalPort() + CONTEXT + path;
  }

  String name() {
    return name;
  }

  /** Why the webapp did not start (Jetty keeps the server up and answers 503); null when it did. */
  Throwable startFailure() {
    return webapp.getUnavailableException();
  }

  /** One entry per session destroyed on this node, with its counter value. */
  List<String> destroyed() {
    return destroyed;
  }

  private static boolean isEvictionRaceAtShutdown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("not resident")) {
        return true;
      }
    }
    return false;
  }

  void stop() throws Exception {
    server.stop();
  }

  @Override
  public void close() throws java.io.IOException {
    try {
      server.stop();
    } catch (Exception e) {
      if (!isEvictionRaceAtShutdown(e)) {
        throw new IllegalStateException("node " + name + " did not stop", e);
      }
      // Jetty's DefaultSessionCache.shutdown passivates a session that the last request's exit is
      // evicting at the same moment ("not resident"); the server still stops. Seen in CI, see README.
      System.err.println("node " + name + ": Jetty's session cache met a session being evicted at shutdown: " + e);
    }
    if (!Files.exists(tempDir)) {
      return; // Jetty removed it
    }
    try (var files = Files.walk(tempDir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
