package dev.handoff.tomcat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.Browser;
import dev.handoff.testkit.Redis;
import dev.handoff.testkit.StandaloneRedis;
import dev.handoff.testkit.TomcatNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A webapp that bundles other versions of Netty, Kryo and Redisson in WEB-INF/lib: the drop-in
 * jar's relocated copies and the webapp's own live side by side, sessions work across nodes.
 */
class BundledLibrariesIT {

  @Test
  void webappWithItsOwnNettyKryoAndRedisson_worksAcrossNodes() throws IOException {
    Path war = warWithClashingLibraries();
    try (StandaloneRedis redis = Redis.standalone().start()) {
      List<TomcatNode> nodes = new ArrayList<>();
      try {
        for (String name : new String[] {"a", "b"}) {
          TomcatNode node = TomcatNode.builder(TomcatFleet.home("11")).name(name).war(war, "app")
              .libJar(Path.of(TomcatFleet.requireProperty("handoff.dropin.jar")))
              .manager(TomcatFleet.MANAGER, Map.of("address", redis.uri())).systemProperty("handoff.node", name).build();
          nodes.add(node);
          node.start();
        }
        Browser browser = new Browser();
        assertEquals(200, browser.formLogin(nodes.get(0).baseUrl() + "/app/secure/?format=json", "alice", "secret").status());
        Map<String, Object> page = browser.get(nodes.get(1).baseUrl() + "/app/secure/?format=json").json();
        assertEquals("alice", page.get("user"), page + "\n" + nodes.get(1).logTail());
        browser.get(nodes.get(1).baseUrl() + "/app/cart?format=json&add=book");
        Map<String, Object> cart = browser.get(nodes.get(0).baseUrl() + "/app/cart?format=json&add=pen").json();
        assertEquals(2, ((Number) cart.get("itemCount")).intValue());
        for (TomcatNode node : nodes) {
          assertTrue(!node.logTail().contains("LinkageError") && !node.logTail().contains("ClassCastException"),
              node.logTail());
        }
      } finally {
        nodes.forEach(TomcatNode::close);
      }
    }
  }

  private static Path warWithClashingLibraries() throws IOException {
    Path original = Path.of(TomcatFleet.requireProperty("handoff.test.war"));
    Path war = original.resolveSibling("test-webapp-with-clashing-libraries.war");
    Files.copy(original, war, StandardCopyOption.REPLACE_EXISTING);
    Path libraries = Path.of(TomcatFleet.requireProperty("handoff.clashing.libraries"));
    try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + war.toUri()), Map.of());
        Stream<Path> jars = Files.list(libraries)) {
      Path lib = zip.getPath("/WEB-INF/lib");
      Files.createDirectories(lib);
      for (Path jar : jars.toList()) {
        Files.copy(jar, lib.resolve(jar.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    return war;
  }
}
