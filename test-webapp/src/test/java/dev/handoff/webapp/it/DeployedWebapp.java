package dev.handoff.webapp.it;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the shared scenarios need from a container running the built WAR. The users are the
 * project's convention: {@code alice} and {@code bob}, password {@code secret}, role {@code user}.
 */
interface DeployedWebapp {

    /** The context path every container deploys the WAR under; not the root, so links must use it. */
    String CONTEXT_PATH = "/webapp";

    /** The users every container defines. */
    List<String> USERS = List.of("alice", "bob");

    /** The password of every user. */
    String PASSWORD = "secret";

    /** The role every user has and {@code /secure/*} demands. */
    String ROLE = "user";

    /** The webapp's address without a trailing slash, e.g. {@code http://127.0.0.1:41234/webapp}. */
    URI webappRoot();

    /** The node name the webapp must report. */
    String expectedNode();

    /** The class name of the container's webapp class loader. */
    String webappClassLoaderName();

    /** A browser with no cookies. */
    default Browser newBrowser() {
        return new Browser(webappRoot());
    }

    /** The WAR the build just packaged, from the system property {@code handoff.test.war}. */
    static Path builtWar() {
        String war = System.getProperty("handoff.test.war");
        if (war == null || !Files.isRegularFile(Path.of(war))) {
            throw new IllegalStateException("system property handoff.test.war must name the built WAR file; was "
                    + war + " (run the tests with mvn verify)");
        }
        return Path.of(war);
    }
}
