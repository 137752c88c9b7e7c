package dev.handoff.testkit;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * How a {@link TomcatNode} is set up, from {@link TomcatNode#builder(Path)}. Each method returns
 * this builder; {@link #build()} validates everything at once and writes the node's
 * {@code CATALINA_BASE}.
 */
public final class TomcatNodeBuilder {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,40}");
  private static final Pattern CONTEXT = Pattern.compile("[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*");

  private final Path catalinaHome;
  private String name = "tomcat";
  private final Map<String, Path> wars = new LinkedHashMap<>();
  private String managerXml;
  private final List<Path> libJars = new ArrayList<>();
  private final List<String> jarsToSkip = new ArrayList<>();
  private final List<TomcatNodeSettings.User> users = new ArrayList<>();
  private final Map<String, String> systemProperties = new LinkedHashMap<>();
  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<String> jvmArguments = new ArrayList<>();
  private String readinessPath;
  private Duration startTimeout = Duration.ofSeconds(60);

  TomcatNodeBuilder(Path catalinaHome) {
    this.catalinaHome = Objects.requireNonNull(catalinaHome, "catalinaHome").toAbsolutePath().normalize();
  }

  /** The node's name (default {@code tomcat}): its directory, its logs, and {@code -Dhandoff.node}. */
  public TomcatNodeBuilder name(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name = " + name + ": must be 1 to 40 of A-Z a-z 0-9 . _ -");
    }
    this.name = name;
    return this;
  }

  /**
   * Deploys {@code war} under context path {@code /contextName}: {@code war(p, "app")} copies it
   * to {@code webapps/app.war}; {@code ""} deploys it as the root webapp, {@code "a/b"} as
   * {@code /a/b}. A directory is an unpacked webapp (Tomcat's own {@code webapps/manager}, say),
   * copied as {@code webapps/app/}.
   */
  public TomcatNodeBuilder war(Path war, String contextName) {
    Objects.requireNonNull(war, "war");
    String context = contextName == null ? "" : contextName.replaceAll("^/+|/+$", "");
    if (!context.isEmpty() && !CONTEXT.matcher(context).matches()) {
      throw new IllegalArgumentException("war context name = " + contextName
          + ": must be empty (root) or path segments of A-Z a-z 0-9 . _ -");
    }
    String file = (context.isEmpty() ? "ROOT" : context.replace('/', '#')) + (Files.isDirectory(war) ? "" : ".war");
    if (wars.putIfAbsent(file, war.toAbsolutePath()) != null) {
      throw new IllegalArgumentException("war context name = " + contextName + ": already given");
    }
    return this;
  }

  /**
   * Adds a {@code <Manager>} element, written as it goes into {@code conf/context.xml}, e.g.
   * {@code <Manager className="dev.handoff.tomcat.RedisSessionManager" address="redis://..."/>}.
   * Without one, every webapp gets Tomcat's default (non-persistent) manager.
   */
  public TomcatNodeBuilder manager(String managerElementXml) {
    Objects.requireNonNull(managerElementXml, "manager");
    String root;
    try {
      Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
          .parse(new InputSource(new StringReader(managerElementXml)));
      root = doc.getDocumentElement().getTagName();
    } catch (Exception e) {
      throw new IllegalArgumentException("manager = " + managerElementXml
          + ": not well-formed XML (" + e.getMessage() + ")", e);
    }
    if (!root.equals("Manager")) {
      throw new IllegalArgumentException("manager = " + managerElementXml
          + ": must be one <Manager .../> element, not <" + root + ">");
    }
    this.managerXml = managerElementXml.strip();
    return this;
  }

  /** Adds {@code <Manager className="..." key="value" .../>} (values are XML-escaped). */
  public TomcatNodeBuilder manager(String className, Map<String, String> attributes) {
    StringBuilder xml = new StringBuilder("<Manager className=\"")
        .append(TomcatBase.escape(Objects.requireNonNull(className, "className"))).append('"');
    attributes.forEach((key, value) -> xml.append(' ').append(key).append("=\"")
        .append(TomcatBase.escape(value)).append('"'));
    return manager(xml.append("/>").toString());
  }

  /** Copies {@code jar} into the node's {@code lib/}, on the common class loader (a drop-in jar). */
  public TomcatNodeBuilder libJar(Path jar) {
    libJars.add(Objects.requireNonNull(jar, "libJar").toAbsolutePath());
    return this;
  }

  /**
   * Adds a user to {@code conf/tomcat-users.xml}. Without any call the users are {@code alice}
   * and {@code bob}, password {@code secret}, role {@code user}; the first call replaces them.
   */
  public TomcatNodeBuilder user(String name, String password, String... roles) {
    if (name == null || name.isBlank() || password == null) {
      throw new IllegalArgumentException("user = " + name + ": needs a name and a password");
    }
    users.add(new TomcatNodeSettings.User(name, password, List.of(roles)));
    return this;
  }

  /**
   * Adds a file name pattern (e.g. {@code handoff-*.jar}) to {@code jarsToSkip} in the node's
   * {@code conf/catalina.properties}: Tomcat then looks in no jar of that name for TLDs, web
   * fragments or container initializers when a webapp deploys (the drop-in jar has none, and its
   * 14,000 entries cost 1.6 s of every start here).
   */
  public TomcatNodeBuilder skipJarScan(String pattern) {
    String name = requireText("skipJarScan pattern", pattern);
    if (name.contains(",") || name.contains("\\") || name.contains("/")) {
      throw new IllegalArgumentException("skipJarScan = " + pattern + ": one file name pattern, like handoff-*.jar");
    }
    jarsToSkip.add(name);
    return this;
  }

  /** Passes {@code -Dkey=value} to the Tomcat JVM. */
  public TomcatNodeBuilder systemProperty(String key, String value) {
    systemProperties.put(requireText("systemProperty key", key), Objects.requireNonNull(value, key));
    return this;
  }

  /** Sets an environment variable of the Tomcat process. */
  public TomcatNodeBuilder environment(String variable, String value) {
    environment.put(requireText("environment variable", variable), Objects.requireNonNull(value, variable));
    return this;
  }

  /** Passes a JVM option as it is, e.g. {@code -Xmx256m}. */
  public TomcatNodeBuilder jvmArgument(String argument) {
    jvmArguments.add(requireText("jvmArgument", argument));
    return this;
  }

  /**
   * A path that must answer 200 before {@link TomcatNode#start()} returns, e.g.
   * {@code /app/nosession}. Without one, start returns at the first HTTP answer on {@code /}
   * (Tomcat opens its connector only after deploying every webapp).
   */
  public TomcatNodeBuilder readinessPath(String path) {
    if (path == null || !path.startsWith("/")) {
      throw new IllegalArgumentException("readinessPath = " + path + ": must start with /");
    }
    this.readinessPath = path;
    return this;
  }

  /** How long {@link TomcatNode#start()} waits for readiness (default 60 s). */
  public TomcatNodeBuilder startTimeout(Duration timeout) {
    if (timeout == null || timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("startTimeout = " + timeout + ": must be positive");
    }
    this.startTimeout = timeout;
    return this;
  }

  /** Validates the settings, picks the port and writes the base directory; does not start. */
  public TomcatNode build() {
    return new TomcatNode(settings());
  }

  private TomcatNodeSettings settings() {
    for (String file : new String[] {"bin/bootstrap.jar", "bin/tomcat-juli.jar", "conf/server.xml",
        "conf/context.xml", "conf/web.xml", "conf/logging.properties"}) {
      if (!Files.isRegularFile(catalinaHome.resolve(file))) {
        throw new IllegalArgumentException("catalinaHome = " + catalinaHome + ": no " + file
            + "; give the apache-tomcat-x.y.z directory of an unpacked Tomcat distribution");
      }
    }
    wars.forEach((file, war) -> {
      if (!Files.isDirectory(war)) {
        requireFile("war", war);
      }
    });
    libJars.forEach(jar -> requireFile("libJar", jar));
    return new TomcatNodeSettings(catalinaHome, name, frozen(wars), managerXml, List.copyOf(libJars),
        List.copyOf(jarsToSkip),
        users.isEmpty() ? TomcatNodeSettings.DEFAULT_USERS : List.copyOf(users),
        frozen(systemProperties), frozen(environment), List.copyOf(jvmArguments), readinessPath,
        startTimeout);
  }

  private static <V> Map<String, V> frozen(Map<String, V> map) {
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  private static void requireFile(String setting, Path path) {
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(setting + " = " + path + ": no such file");
    }
  }

  private static String requireText(String setting, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(setting + " = " + value + ": must not be blank");
    }
    return value;
  }
}
