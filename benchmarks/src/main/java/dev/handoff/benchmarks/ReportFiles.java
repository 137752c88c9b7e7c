package dev.handoff.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where every part's report goes: {@code <name>.md} and {@code <name>.csv} in the output directory. */
final class ReportFiles {

  private ReportFiles() {
  }

  /** Writes both files (creating the directory), prints the Markdown, and returns the Markdown file. */
  static Path write(Path out, String name, String markdown, String csv) throws IOException {
    Files.createDirectories(out);
    Path md = out.resolve(name + ".md");
    Files.writeString(md, markdown, StandardCharsets.UTF_8);
    Files.writeString(out.resolve(name + ".csv"), csv, StandardCharsets.UTF_8);
    System.out.println(markdown);
    return md;
  }
}
