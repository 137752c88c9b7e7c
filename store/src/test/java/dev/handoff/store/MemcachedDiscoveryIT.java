package dev.handoff.store;

import static dev.handoff.store.Creates.created;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.handoff.testkit.MemcachedConfigEndpoint;
import dev.handoff.testkit.MemcachedServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * ElastiCache's Auto Discovery: the one address is a configuration endpoint (here the testkit's,
 * answering {@code config get cluster} as ElastiCache's does) that lists two real memcached
 * servers; the store asks it, and its sessions land on those servers, none on the endpoint.
 */
class MemcachedDiscoveryIT {

  @Test
  void theConfigurationEndpointsNodes_holdTheSessions() throws Exception {
    try (MemcachedServer first = MemcachedServer.start("discovered-1"); MemcachedServer second = MemcachedServer.start("discovered-2");
        MemcachedConfigEndpoint endpoint = MemcachedConfigEndpoint.listing(List.of(first, second));
        SessionStore store = SessionStore.open(Settings.parse(List.of(Map.entry("address", endpoint.uri()),
            Map.entry("autoDiscovery", "on"), Map.entry("namespace", "discovery-" + System.nanoTime())), b -> { })
            .storeConfig())) {
      long now = System.currentTimeMillis();
      for (int i = 0; i < 20; i++) {
        String id = "discovered-" + i + "-" + System.nanoTime();
        assertTrue(created(store, new SessionRecord(id, now, now, 60, 0, "n", null, null, Map.of("a", new byte[] {1}))));
        assertTrue(store.load(id).isPresent());
      }
      assertTrue(endpoint.configRequests() >= 1, "the client asked the endpoint for the cluster");
      long onFirst = items(first);
      long onSecond = items(second);
      assertTrue(onFirst > 0 && onSecond > 0, "the sessions are on the listed servers: " + onFirst + " and " + onSecond);
    }
  }

  private static long items(MemcachedServer server) throws Exception {
    try (Socket socket = new Socket(server.host(), server.port())) {
      socket.getOutputStream().write("stats\r\n".getBytes(StandardCharsets.US_ASCII));
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String line;
      while ((line = in.readLine()) != null && !line.equals("END")) {
        if (line.startsWith("STAT curr_items ")) {
          return Long.parseLong(line.substring("STAT curr_items ".length()).strip());
        }
      }
      return 0;
    }
  }
}
