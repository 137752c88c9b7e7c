package dev.handoff.benchmarks;

import dev.handoff.benchmarks.session.CartItem;
import dev.handoff.benchmarks.session.RealisticSession;
import dev.handoff.benchmarks.session.Role;
import dev.handoff.benchmarks.session.UserProfile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The footprint benchmark's webapp, written as a WAR at run time: four JSPs (Tomcat compiles
 * them; no servlet API needed to build this module) and the classes of the realistic session in
 * {@code WEB-INF/classes}, so that every session manager stores the very objects the
 * serialization benchmark encodes, through the servlet API, as an application would.
 *
 * <ul>
 *   <li>{@code create.jsp}: a new session with every attribute of {@link RealisticSession} set;
 *       answers {@code created N} (N attributes set; not getAttributeNames, which Redisson's
 *       manager answers with its own metadata fields too in readMode REDIS);
 *   <li>{@code read.jsp}: reads every attribute of the request's session and compares it with
 *       the original; answers {@code read N} (N equal attributes) or 404;
 *   <li>{@code update.jsp}: {@code visitCount} + 1 (one small attribute changed); answers
 *       {@code visits N} or 404;
 *   <li>{@code ready.jsp}: no session; answers {@code ready}.
 * </ul>
 */
final class FootprintWebapp {

  /** Context path the WAR is deployed under. */
  static final String CONTEXT = "fp";

  private static final List<Class<?>> SESSION_CLASSES =
      List.of(RealisticSession.class, UserProfile.class, CartItem.class, Role.class);

  private static final String IMPORTS = "<%@ page contentType=\"text/plain; charset=UTF-8\" trimDirectiveWhitespaces=\"true\""
      + " import=\"java.util.Map,jakarta.servlet.http.HttpSession,dev.handoff.benchmarks.session.RealisticSession\"";

  static final Map<String, String> PAGES = Map.of(
      "ready.jsp", IMPORTS + " session=\"false\" %>ready",
      "create.jsp", IMPORTS + " %><%\n"
          + "  int set = 0;\n"
          + "  for (Map.Entry<String, Object> a : RealisticSession.attributes(RealisticSession.SEED).entrySet()) {\n"
          + "    session.setAttribute(a.getKey(), a.getValue());\n"
          + "    set++;\n"
          + "  }\n"
          + "  out.print(\"created \" + set);\n"
          + "%>",
      "read.jsp", IMPORTS + " session=\"false\" %><%\n"
          + "  HttpSession s = request.getSession(false);\n"
          + "  if (s == null) { response.setStatus(404); out.print(\"no session\"); return; }\n"
          + "  int same = 0;\n"
          + "  for (Map.Entry<String, Object> a : RealisticSession.attributes(RealisticSession.SEED).entrySet()) {\n"
          + "    if (a.getValue().equals(s.getAttribute(a.getKey()))) { same++; }\n"
          + "  }\n"
          + "  out.print(\"read \" + same);\n"
          + "%>",
      "update.jsp", IMPORTS + " session=\"false\" %><%\n"
          + "  HttpSession s = request.getSession(false);\n"
          + "  if (s == null) { response.setStatus(404); out.print(\"no session\"); return; }\n"
          + "  int visits = (Integer) s.getAttribute(\"visitCount\") + 1;\n"
          + "  s.setAttribute(\"visitCount\", visits);\n"
          + "  out.print(\"visits \" + visits);\n"
          + "%>");

  private FootprintWebapp() {
  }

  /** Writes the WAR to {@code war} (replacing it) and returns it. */
  static Path write(Path war) throws IOException {
    Files.createDirectories(war.toAbsolutePath().getParent());
    try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
      for (Map.Entry<String, String> page : new java.util.TreeMap<>(PAGES).entrySet()) {
        zip.putNextEntry(new ZipEntry(page.getKey()));
        zip.write(page.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      for (Class<?> type : SESSION_CLASSES) {
        String resource = type.getName().replace('.', '/') + ".class";
        try (InputStream bytes = type.getClassLoader().getResourceAsStream(resource)) {
          if (bytes == null) {
            throw new IOException(resource + " is not on the class path");
          }
          zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + resource));
          bytes.transferTo(zip);
          zip.closeEntry();
        }
      }
    }
    return war;
  }
}
