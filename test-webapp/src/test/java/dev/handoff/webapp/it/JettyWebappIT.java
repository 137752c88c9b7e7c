package dev.handoff.webapp.it;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.security.HashLoginService;
import org.eclipse.jetty.security.UserStore;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.security.Credential;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The scenarios on embedded Jetty 12 (ee10). Sets no node name, so the webapp falls back to
 * {@code <local host name>:<port>} unless the environment names the node.
 */
class JettyWebappIT implements PageScenarios, CartScenarios, LoginScenarios {

    private static Path tempDir;
    private static Server server;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        tempDir = Files.createTempDirectory("handoff-jetty");
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath(CONTEXT_PATH);
        webapp.setWar(DeployedWebapp.builtWar().toString());
        webapp.setTempDirectory(tempDir.toFile());
        webapp.getSecurityHandler().setLoginService(loginService());
        server.setHandler(webapp);
        server.start();
        port = connector.getLocalPort();
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (tempDir != null && Files.exists(tempDir)) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    private static HashLoginService loginService() {
        UserStore users = new UserStore();
        for (String user : USERS) {
            users.addUser(user, Credential.getCredential(PASSWORD), new String[] {ROLE});
        }
        HashLoginService loginService = new HashLoginService("handoff");
        loginService.setUserStore(users);
        return loginService;
    }

    @Override
    public URI webappRoot() {
        return URI.create("http://127.0.0.1:" + port + CONTEXT_PATH);
    }

    @Override
    public String expectedNode() {
        String configured = System.getProperty("handoff.node", System.getenv("HANDOFF_NODE"));
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName() + ":" + port;
        } catch (UnknownHostException e) {
            return "localhost:" + port;
        }
    }

    @Override
    public String webappClassLoaderName() {
        return "org.eclipse.jetty.ee.webapp.WebAppClassLoader";
    }
}
