package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.eclipse.jetty.xml.XmlConfiguration;
import org.junit.jupiter.api.Test;

/** The Jetty module file and its XML, as a standalone Jetty reads them. */
class ModuleFilesTest {

  @Test
  void moduleFile_providesSessionStore_andNamesItsXml() throws Exception {
    String module = read("config/modules/session-store-handoff.mod");
    assertTrue(module.contains("[provides]\nsession-store\n"), module);
    assertTrue(module.contains("[depend]\nsessions\n"));
    assertTrue(module.contains("[xml]\netc/sessions/handoff/session-store.xml\n"));
    assertNotNull(getClass().getClassLoader().getResource("config/etc/sessions/handoff/session-store.xml"));
  }

  @Test
  void xml_addsTheFactory_withTheModuleProperties() throws Exception {
    URL xml = getClass().getClassLoader().getResource("config/etc/sessions/handoff/session-store.xml");
    Server server = new Server();
    try (ResourceFactory.Closeable resources = ResourceFactory.closeable()) {
      XmlConfiguration configuration = new XmlConfiguration(resources.newResource(xml.toURI()));
      configuration.getProperties().putAll(Map.of(
          "jetty.session.handoff.address", "rediss://cache.example:6379",
          "jetty.session.handoff.topology", "cluster",
          "jetty.session.handoff.password", "s3cret",
          "jetty.session.handoff.sessionKey", "a2V5LW9mLXNpeHRlZW4tYg==",
          "jetty.session.handoff.checkInPlaceChanges", "false",
          "jetty.session.gracePeriod.seconds", "120"));
      configuration.configure(server);
    }
    RedisSessionDataStoreFactory factory = server.getBean(RedisSessionDataStoreFactory.class);
    assertNotNull(factory);
    assertEquals(120, factory.getGracePeriodSec());
    assertEquals(0, factory.getSavePeriodSec());
    String settings = factory.toString();
    assertTrue(settings.contains("address=rediss://cache.example:6379"), settings);
    assertTrue(settings.contains("topology=cluster"), settings);
    assertTrue(settings.contains("checkInPlaceChanges=false"), settings);
    assertTrue(settings.contains("password=****") && !settings.contains("s3cret"), "secrets masked: " + settings);
    assertTrue(settings.contains("sessionKey=****") && !settings.contains("a2V5LW9m"), "the key masked: " + settings);
    assertTrue(!settings.contains("username"), "unset properties stay unset: " + settings);
  }

  private String read(String resource) throws Exception {
    try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
