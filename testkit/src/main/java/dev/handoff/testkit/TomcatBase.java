package dev.handoff.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Writes a node's {@code CATALINA_BASE}: the home's {@code conf/} with server.xml pointed at
 * one loopback port, the test's users and manager, extra jars in {@code lib/}, the WARs in
 * {@code webapps/}, and empty {@code logs/}, {@code temp/}, {@code work/}.
 */
final class TomcatBase {

  private TomcatBase() {
  }

  static Path create(TomcatNodeSettings settings, int port) {
    try {
      Path root = Path.of(System.getProperty("handoff.testkit.tomcat.dir", "target/tomcat-nodes"))
          .toAbsolutePath();
      Files.createDirectories(root);
      Path base = Files.createTempDirectory(root, settings.name() + "-");
      for (String dir : new String[] {"conf", "lib", "logs", "temp", "work", "webapps"}) {
        Files.createDirectories(base.resolve(dir));
      }
      copyTree(settings.catalinaHome().resolve("conf"), base.resolve("conf"));
      rewriteServerXml(base.resolve("conf/server.xml"), port);
      writeUsers(base.resolve("conf/tomcat-users.xml"), settings.users());
      if (!settings.jarsToSkip().isEmpty()) {
        skipJars(base.resolve("conf/catalina.properties"), settings.jarsToSkip());
      }
      if (settings.managerXml() != null) {
        addToContext(base.resolve("conf/context.xml"), settings.managerXml());
      }
      for (Path jar : settings.libJars()) {
        Files.copy(jar, base.resolve("lib").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
      for (Map.Entry<String, Path> war : settings.wars().entrySet()) {
        if (Files.isDirectory(war.getValue())) {
          copyTree(war.getValue(), base.resolve("webapps").resolve(war.getKey()));
        } else {
          Files.copy(war.getValue(), base.resolve("webapps").resolve(war.getKey()));
        }
      }
      return base;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CATALINA_BASE of Tomcat node "
          + settings.name(), e);
    }
  }

  /** Puts {@code patterns} first in the {@code jarsToSkip} list of catalina.properties. */
  private static void skipJars(Path properties, List<String> patterns) throws IOException {
    String key = "tomcat.util.scan.StandardJarScanFilter.jarsToSkip=";
    List<String> lines = new ArrayList<>(Files.readAllLines(properties, StandardCharsets.ISO_8859_1));
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(key)) {
        String rest = lines.get(i).substring(key.length());
        lines.set(i, key + String.join(",", patterns) + (rest.equals("\\") ? ",\\" : rest.isEmpty() ? "" : "," + rest));
        Files.write(properties, lines, StandardCharsets.ISO_8859_1);
        return;
      }
    }
    lines.add(key + String.join(",", patterns));
    Files.write(properties, lines, StandardCharsets.ISO_8859_1);
  }

  /** Escapes {@code text} for an XML attribute value in double quotes. */
  static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace("\"", "&quot;");
  }

  /**
   * Shutdown port -1 (the node stops by signal), one HTTP connector on {@code 127.0.0.1:port}
   * (AJP and TLS connectors removed), and no auto-deploy: webapps deploy once, at start.
   */
  private static void rewriteServerXml(Path serverXml, int port) throws IOException {
    Document doc;
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      doc = factory.newDocumentBuilder().parse(serverXml.toFile());
    } catch (Exception e) {
      throw new IOException("cannot parse " + serverXml, e);
    }
    doc.getDocumentElement().setAttribute("port", "-1");
    Element http = null;
    for (Element connector : elements(doc, "Connector")) {
      boolean ajp = connector.getAttribute("protocol").toUpperCase().contains("AJP");
      boolean tls = "true".equalsIgnoreCase(connector.getAttribute("SSLEnabled"));
      if (http == null && !ajp && !tls) {
        http = connector;
      } else {
        connector.getParentNode().removeChild(connector);
      }
    }
    if (http == null) {
      throw new IOException(serverXml + " has no plain HTTP connector to rewrite");
    }
    http.setAttribute("port", Integer.toString(port));
    http.setAttribute("address", TomcatNode.HOST);
    for (Element host : elements(doc, "Host")) {
      host.setAttribute("autoDeploy", "false");
    }
    try {
      var transformer = TransformerFactory.newInstance().newTransformer();
      transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
      transformer.transform(new DOMSource(doc), new StreamResult(serverXml.toFile()));
    } catch (Exception e) {
      throw new IOException("cannot write " + serverXml, e);
    }
  }

  private static void writeUsers(Path file, List<TomcatNodeSettings.User> users) throws IOException {
    List<String> lines = new ArrayList<>();
    lines.add("<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    lines.add("<!-- Written by the Handoff testkit. -->");
    lines.add("<tomcat-users xmlns=\"http://tomcat.apache.org/xml\" version=\"1.0\">");
    users.stream().flatMap(user -> user.roles().stream()).distinct()
        .forEach(role -> lines.add("  <role rolename=\"" + escape(role) + "\"/>"));
    for (TomcatNodeSettings.User user : users) {
      lines.add("  <user username=\"" + escape(user.name()) + "\" password=\"" + escape(user.password())
          + "\" roles=\"" + escape(String.join(",", user.roles())) + "\"/>");
    }
    lines.add("</tomcat-users>");
    Files.write(file, lines, StandardCharsets.UTF_8);
  }

  private static void addToContext(Path contextXml, String element) throws IOException {
    String text = Files.readString(contextXml, StandardCharsets.UTF_8);
    int end = text.lastIndexOf("</Context>");
    if (end < 0) {
      throw new IOException(contextXml + " has no </Context> to add the manager before");
    }
    Files.writeString(contextXml, text.substring(0, end)
        + "    <!-- Added by the Handoff testkit. -->\n    " + element + "\n" + text.substring(end),
        StandardCharsets.UTF_8);
  }

  private static List<Element> elements(Document doc, String tag) {
    NodeList nodes = doc.getElementsByTagName(tag);
    List<Element> list = new ArrayList<>();
    for (int i = 0; i < nodes.getLength(); i++) {
      list.add((Element) nodes.item(i));
    }
    return list;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (Stream<Path> paths = Files.walk(from)) {
      for (Path source : (Iterable<Path>) paths::iterator) {
        Path target = to.resolve(from.relativize(source).toString());
        if (Files.isDirectory(source)) {
          Files.createDirectories(target);
        } else {
          Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
