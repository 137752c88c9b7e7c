package dev.handoff.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where the build put what the demo runs: the unpacked Tomcat distribution, the drop-in jar and
 * the test webapp's WAR, and the class path the Jetty node runs with. Read from {@code build.properties} (written by resource filtering);
 * each entry can be overridden by the system property {@code handoff.demo.<name>}.
 */
record DemoBuild(Path buildDirectory, String tomcatVersion, String jettyVersion, Path tomcatHome, Path dropinJar,
    Path war) {

  private static final String RESOURCE = "build.properties";

  /** The locations, checked to exist; the message says how to build them when they do not. */
  static DemoBuild locate() {
    Properties built = new Properties();
    try (InputStream in = DemoBuild.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("no " + RESOURCE + " next to " + DemoBuild.class.getName()
            + "; build the demo with: mvn -B -pl demo -am package -DskipTests");
      }
      built.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
    DemoBuild build = new DemoBuild(
        Path.of(setting(built, "buildDirectory")),
        setting(built, "tomcatVersion"),
        setting(built, "jettyVersion"),
        Path.of(setting(built, "tomcatHome")),
        Path.of(setting(built, "dropinJar")),
        Path.of(setting(built, "war")));
    build.requireExists("tomcatHome", build.tomcatHome.resolve("bin/bootstrap.jar"));
    build.requireExists("dropinJar", build.dropinJar);
    build.requireExists("war", build.war);
    return build;
  }

  /** The module's classes and run-time dependencies, as the build wrote them: the Jetty node's class path. */
  String runtimeClasspath() {
    return JettyProcess.runtimeClasspath(buildDirectory);
  }

  private static String setting(Properties built, String name) {
    String value = System.getProperty("handoff.demo." + name, built.getProperty(name));
    if (value == null || value.isBlank() || value.contains("${")) {
      throw new IllegalStateException("handoff.demo." + name + " = " + value
          + ": not set; build the demo with: mvn -B -pl demo -am package -DskipTests");
    }
    return value;
  }

  private void requireExists(String name, Path file) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("handoff.demo." + name + ": no " + file
          + "; build the demo with: mvn -B -pl demo -am package -DskipTests (bin/demo does)");
    }
  }
}
