package dev.handoff.webapp.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.servlets.DefaultServlet;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.util.ServerInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scenarios on embedded Tomcat: Tomcat 11 by default; the build runs this class a second
 * time with Tomcat 10.1 on the class path instead (system property {@code handoff.test.tomcatVersion}).
 * Sets the node name through the context parameter {@code handoff.node}.
 */
class TomcatWebappIT implements PageScenarios, CartScenarios, LoginScenarios {

    /** Has markup in it, so the scenarios also check that the node name is escaped. */
    private static final String NODE = "tomcat-<1>";

    private static Path baseDir;
    private static Tomcat tomcat;

    @BeforeAll
    static void start() throws IOException, LifecycleException {
        baseDir = Files.createTempDirectory("handoff-tomcat");
        Files.createDirectories(baseDir.resolve("webapps"));
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setPort(0);
        tomcat.getConnector();
        for (String user : USERS) {
            tomcat.addUser(user, PASSWORD);
            tomcat.addRole(user, ROLE);
        }
        // Tomcat's default web.xml would add the JSP servlet, and Jasper is not on the class path.
        tomcat.setAddDefaultWebXmlToWebapp(false);
        Context context = tomcat.addWebapp(CONTEXT_PATH, DeployedWebapp.builtWar().toString());
        Tomcat.addDefaultMimeTypeMappings(context);
        Tomcat.addServlet(context, "default", new DefaultServlet());
        context.addServletMappingDecoded("/", "default");
        context.addParameter("handoff.node", NODE);
        tomcat.start();
    }

    @AfterAll
    static void stop() throws LifecycleException, IOException {
        if (tomcat != null) {
            tomcat.stop();
            tomcat.destroy();
        }
        if (baseDir != null) {
            try (Stream<Path> files = Files.walk(baseDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Override
    public URI webappRoot() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + CONTEXT_PATH);
    }

    @Override
    public String expectedNode() {
        return NODE;
    }

    @Override
    public String webappClassLoaderName() {
        return "org.apache.catalina.loader.ParallelWebappClassLoader";
    }

    @Test
    void tomcat_isTheVersionTheBuildAskedFor() {
        String expected = System.getProperty("handoff.test.tomcatVersion", "");
        assertTrue(ServerInfo.getServerNumber().startsWith(expected),
                () -> "running Tomcat " + ServerInfo.getServerNumber() + ", expected " + expected);
    }
}
