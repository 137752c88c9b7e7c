package dev.handoff.jetty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;

/**
 * A standalone Jetty: a {@code $JETTY_BASE} over a real {@code jetty-home} distribution, set up
 * with the README's steps (the module files taken from the drop-in jar, the jar in
 * {@code lib/handoff/}, {@code start.jar --add-modules}, properties in
 * {@code start.d/session-store-handoff.ini}), the test webapp deployed with a login realm, run
 * as its own process through {@code start.jar}.
 */
final class JettyHomeNode implements AutoCloseable {

  private final String name;
  private final Path home;
  private final Path base;
  private final int port;
  private final Map<String, String> environment;
  private Process process;

  private JettyHomeNode(String name, Path home, Path base, int port, Map<String, String> environment) {
    this.name = name;
    this.home = home;
    this.base = base;
    this.port = port;
    this.environment = environment;
  }

  /**
   * A new {@code $JETTY_BASE} under {@code parent}, set up as the README says for the webapp
   * environment {@code ee} ({@code ee10} or {@code ee11}), with these lines in the module's ini;
   * {@code environment} is what the process gets besides this JVM's.
   */
  static JettyHomeNode install(String name, String ee, Path parent, List<String> iniLines,
      Map<String, String> environment) throws IOException, InterruptedException {
    String modules = "http," + ee + "-deploy,session-store-handoff";
    Path home = Path.of(property("handoff.jetty.home"));
    Path dropin = Path.of(property("handoff.jetty.dropin.jar"));
    Path base = Files.createDirectories(parent.resolve(name));
    // 1. The module and its XML, from the drop-in jar.
    try (JarFile jar = new JarFile(dropin.toFile())) {
      for (String file : List.of("modules/session-store-handoff.mod", "etc/sessions/handoff/session-store.xml")) {
        Path target = Files.createDirectories(base.resolve(file).getParent()).resolve(Path.of(file).getFileName());
        try (InputStream in = jar.getInputStream(jar.getEntry("config/" + file))) {
          Files.copy(in, target);
        }
      }
    }
    // 2. The drop-in jar in lib/handoff/.
    Files.copy(dropin, Files.createDirectories(base.resolve("lib/handoff")).resolve(dropin.getFileName()));
    // 3. The modules, then the properties.
    Path addLog = base.resolve("add-modules.log");
    Process add = new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(), "--add-modules=" + modules)
        .directory(base.toFile()).redirectErrorStream(true).redirectOutput(addLog.toFile()).start();
    if (!add.waitFor(2, TimeUnit.MINUTES) || add.exitValue() != 0) {
      add.destroyForcibly();
      throw new IllegalStateException(name + ": start.jar --add-modules=" + modules + " failed:\n" + Files.readString(addLog));
    }
    Files.write(base.resolve("start.d/session-store-handoff.ini"), iniLines, StandardCharsets.UTF_8,
        StandardOpenOption.APPEND);
    // 4. The webapp, with a login realm (a context XML next to the war, as Jetty's deployer reads it).
    Files.writeString(base.resolve("etc/realm.properties"), "alice: secret,user\nbob: secret,user\n");
    Files.copy(JettyNode.war(), base.resolve("webapps/app.war"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(base.resolve("webapps/app.xml"), """
        <?xml version="1.0"?>
        <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
        <Configure class="org.eclipse.jetty.%s.webapp.WebAppContext">
          <Set name="contextPath">/app</Set>
          <Set name="war"><Property name="jetty.webapps" default="."/>/app.war</Set>
          <Call class="org.eclipse.jetty.util.resource.ResourceFactory" name="root">
            <Call id="realm" name="newResource"><Arg><Property name="jetty.base"/>/etc/realm.properties</Arg></Call>
          </Call>
          <Get name="securityHandler">
            <Set name="loginService">
              <New class="org.eclipse.jetty.security.HashLoginService">
                <Set name="name">handoff</Set>
                <Set name="config"><Ref refid="realm"/></Set>
              </New>
            </Set>
          </Get>
        </Configure>
        """.formatted(ee));
    return new JettyHomeNode(name, home, base, freePort(), environment);
  }

  /** Starts the server and waits until {@code path} answers anything but a refused connection. */
  JettyHomeNode start(String path) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(java(), "-jar", home.resolve("start.jar").toString(),
        "jetty.http.host=127.0.0.1", "jetty.http.port=" + port)
        .directory(base.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
    builder.environment().put("HANDOFF_NODE", name);
    builder.environment().putAll(environment);
    process = builder.start();
    HttpClient probe = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(name + ": Jetty exited with " + process.exitValue() + ":\n" + logText());
      }
      try {
        int status = probe.send(HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 404) { // 404: the server is up, the webapp not deployed yet
          return this;
        }
      } catch (ConnectException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(name + ": interrupted while starting");
      }
      sleep(200);
    }
    close();
    throw new IllegalStateException(name + ": " + path + " not served within 90 s:\n" + logText());
  }

  String url(String path) {
    return "http://127.0.0.1:" + port + "/app" + path;
  }

  /** What the server printed so far. */
  String logText() {
    try {
      return Files.isRegularFile(log()) ? Files.readString(log()) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path log() {
    return base.resolve("console.log");
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public String toString() {
    return name + " (" + base + ")";
  }

  private static String java() {
    return ProcessHandle.current().info().command().orElseThrow(() -> new IllegalStateException("no java executable"));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static String property(String name) {
    String value = System.getProperty(name);
    if (value == null || !Files.exists(Path.of(value))) {
      throw new IllegalStateException(name + " does not name an existing file (run through Maven's verify): " + value);
    }
    return value;
  }
}
