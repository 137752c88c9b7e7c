package dev.handoff.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The last lines of a log file, with a heading naming the process and the file. */
final class LogTail {

  static final int LINES = 60;

  private LogTail() {
  }

  /** Up to {@link #LINES} last lines of {@code file}, or nothing when it does not exist. */
  static String of(String owner, Path file) {
    if (!Files.exists(file)) {
      return "";
    }
    try {
      // A killed process may leave a truncated UTF-8 sequence; decode leniently.
      List<String> lines = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
      StringBuilder text = new StringBuilder("---- ").append(owner).append(' ').append(file)
          .append(" (last ").append(Math.min(LINES, lines.size())).append(" of ")
          .append(lines.size()).append(" lines)\n");
      for (String line : lines.subList(Math.max(0, lines.size() - LINES), lines.size())) {
        text.append(line).append('\n');
      }
      return text.toString();
    } catch (IOException e) {
      return "---- cannot read " + file + ": " + e + "\n";
    }
  }
}
