package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedisBinaryTest {

  @Test
  void locate_emptyPath_failsSayingWhatToInstall() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisBinary.locate(Map.of("PATH", "/nonexistent"), null));
    assertTrue(e.getMessage().contains("redis-server was not found on the PATH"), e.getMessage());
    assertTrue(e.getMessage().contains("apt-get install -y redis-server"), e.getMessage());
    assertTrue(e.getMessage().contains(RedisBinary.ENV), e.getMessage());
  }

  @Test
  void locate_explicitPathNotExecutable_failsNamingTheVariable(@TempDir Path dir) throws Exception {
    Path notExecutable = Files.writeString(dir.resolve("redis-server"), "text");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisBinary.locate(Map.of(RedisBinary.ENV, notExecutable.toString()), null));
    assertTrue(e.getMessage().startsWith(RedisBinary.ENV + "=" + notExecutable), e.getMessage());
  }

  @Test
  void locate_executableThatIsNotRedis_failsWithWhatItPrinted(@TempDir Path dir) throws Exception {
    Path fake = Files.writeString(dir.resolve("redis-server"), "#!/bin/sh\necho hello\n");
    assertTrue(fake.toFile().setExecutable(true));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisBinary.locate(Map.of("PATH", dir.toString()), null));
    assertTrue(e.getMessage().contains("printed 'hello', not a Redis server"), e.getMessage());
  }

  @Test
  void locate_redisSix_failsAskingForSeven(@TempDir Path dir) throws Exception {
    Path old = Files.writeString(dir.resolve("redis-server"),
        "#!/bin/sh\necho 'Redis server v=6.2.6 sha=00000000:0 malloc=jemalloc-5.1.0 bits=64'\n");
    assertTrue(old.toFile().setExecutable(true));
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> RedisBinary.locate(Map.of("PATH", dir.toString()), null));
    assertTrue(e.getMessage().contains("is Redis 6.2; Handoff needs Redis >= 7.0"), e.getMessage());
  }

  @Test
  void locate_systemPropertyWinsOverEnvironment(@TempDir Path dir) throws Exception {
    Path seven = Files.writeString(dir.resolve("my-redis"),
        "#!/bin/sh\necho 'Redis server v=7.2.4 sha=00000000:0 malloc=libc bits=64'\n");
    assertTrue(seven.toFile().setExecutable(true));
    RedisBinary binary = RedisBinary.locate(Map.of(RedisBinary.ENV, "/nonexistent"), seven.toString());
    assertEquals(seven, binary.path());
    assertEquals("7.2.4", binary.version());
  }
}
