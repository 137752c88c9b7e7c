package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** bin/handoff-admin's command line: what it refuses before it opens a connection (exit status 2). */
class AdminCommandTest {

  private static String refused(String... args) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = AdminCommand.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(2, status, err.toString(StandardCharsets.UTF_8));
    return err.toString(StandardCharsets.UTF_8);
  }

  @Test
  void noCommand_unknownCommand_orAMissingUser_showTheUsage() {
    assertTrue(refused("address=redis://x:1", "namespace=localhost/shop").contains("no command"));
    assertTrue(refused("namespace=localhost/shop", "purge").contains("unknown command purge"));
    assertTrue(refused("namespace=localhost/shop", "logout-everywhere").contains("usage: bin/handoff-admin"));
  }

  @Test
  void withoutANamespace_itSaysWhichOne() {
    assertTrue(refused("address=redis://x:1", "count").contains("namespace=... is needed"));
  }

  @Test
  void aMisspelledSetting_isNamed() {
    assertTrue(refused("adress=redis://x:1", "namespace=localhost/shop", "count")
        .contains("unknown setting 'adress' (did you mean address?)"));
  }
}
