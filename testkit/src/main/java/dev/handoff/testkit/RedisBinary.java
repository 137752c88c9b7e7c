package dev.handoff.testkit;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code redis-server} executable the kit starts: {@code HANDOFF_REDIS_SERVER} when set,
 * otherwise the first {@code redis-server} on the {@code PATH}. Redis 7 or newer is required.
 */
public final class RedisBinary {

  /** The environment variable (or system property) that names the executable explicitly. */
  public static final String ENV = "HANDOFF_REDIS_SERVER";

  static final String INSTALL_HINT =
      "Install Redis 7 (with TLS support) and run again:\n"
          + "  Debian/Ubuntu: sudo apt-get update && sudo apt-get install -y redis-server redis-tools\n"
          + "  Fedora/RHEL:   sudo dnf install -y redis\n"
          + "  macOS:         brew install redis\n"
          + "or point " + ENV + " at a redis-server (Redis >= 7.0 or Valkey) executable.\n"
          + "The project's bin/test does the Debian install by itself when run as root or with sudo.";

  private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");
  private static volatile RedisBinary located;

  private final Path path;
  private final String version;

  private RedisBinary(Path path, String version) {
    this.path = path;
    this.version = version;
  }

  /** The executable for this JVM, located once; throws with install instructions when absent. */
  public static RedisBinary locate() {
    RedisBinary binary = located;
    if (binary == null) {
      synchronized (RedisBinary.class) {
        binary = located;
        if (binary == null) {
          binary = locate(System.getenv(), System.getProperty(ENV));
          located = binary;
        }
      }
    }
    return binary;
  }

  static RedisBinary locate(Map<String, String> environment, String property) {
    String explicit = property != null ? property : environment.get(ENV);
    Path candidate;
    if (explicit != null && !explicit.isBlank()) {
      candidate = Path.of(explicit);
      if (!Files.isExecutable(candidate)) {
        throw new IllegalStateException(
            ENV + "=" + explicit + " is not an executable file.\n" + INSTALL_HINT);
      }
    } else {
      candidate = onPath(environment.getOrDefault("PATH", ""));
      if (candidate == null) {
        throw new IllegalStateException(
            "redis-server was not found on the PATH and " + ENV + " is not set.\n" + INSTALL_HINT);
      }
    }
    String version = versionOf(candidate);
    Matcher m = VERSION.matcher(version);
    if (!m.find()) {
      throw new IllegalStateException(
          candidate + " --version printed '" + version.trim() + "', not a Redis server.\n" + INSTALL_HINT);
    }
    if (Integer.parseInt(m.group(1)) < 7) {
      throw new IllegalStateException(
          candidate + " is Redis " + m.group(1) + "." + m.group(2) + "; Handoff needs Redis >= 7.0.\n"
              + INSTALL_HINT);
    }
    return new RedisBinary(candidate, m.group(1) + "." + m.group(2) + "." + m.group(3));
  }

  private static Path onPath(String pathVariable) {
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (dir.isEmpty()) {
        continue;
      }
      Path p = Path.of(dir, "redis-server");
      if (Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }

  private static String versionOf(Path executable) {
    try {
      Process p = new ProcessBuilder(executable.toString(), "--version").redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("could not run " + executable + " --version: " + e.getMessage()
          + "\n" + INSTALL_HINT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running " + executable + " --version", e);
    }
  }

  /** Path of the executable. */
  public Path path() {
    return path;
  }

  /** Version as major.minor.patch, e.g. {@code 7.0.15}. */
  public String version() {
    return version;
  }

  @Override
  public String toString() {
    return path + " (Redis " + version + ")";
  }
}
