package dev.handoff.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removing the working directories of the servers the kit started. */
final class Directories {

  private Directories() {
  }

  /** Deletes {@code root} and everything below it, as far as it can; leftovers go with mvn clean. */
  static void deleteRecursively(Path root) {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // leftovers under target/ are removed by mvn clean
    }
  }
}
