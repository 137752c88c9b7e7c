package dev.handoff.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** memcached's own counters and {@code flush_all}, over its text protocol, for the load benchmark's Memcached rows. */
final class MemcachedStats {

  private final String host;
  private final int port;

  MemcachedStats(String host, int port) {
    this.host = host;
    this.port = port;
  }

  /** Commands served: gets (each key of a multi-get counts), stores (set, add, cas, append), touches, deletes. */
  long commands() {
    long total = 0;
    for (String line : ask("stats").split("\r\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[0].equals("STAT") && java.util.Set.of("cmd_get", "cmd_set", "cmd_touch",
          "delete_hits", "delete_misses").contains(parts[1])) {
        total += Long.parseLong(parts[2]);
      }
    }
    return total;
  }

  /** One of {@code stats}' figures ({@code bytes}, {@code curr_items}, ...); 0 when it has none of that name. */
  long stat(String name) {
    for (String line : ask("stats").split("\r\n")) {
      String[] parts = line.split(" ");
      if (parts.length == 3 && parts[0].equals("STAT") && parts[1].equals(name)) {
        return Long.parseLong(parts[2]);
      }
    }
    return 0;
  }

  void flushAll() {
    ask("flush_all");
  }

  private String ask(String command) {
    try (Socket socket = new Socket(host, port)) {
      OutputStream out = socket.getOutputStream();
      out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      StringBuilder reply = new StringBuilder();
      String line;
      while ((line = in.readLine()) != null) {
        reply.append(line).append("\r\n");
        if (line.equals("END") || line.equals("OK") || line.startsWith("ERROR")) {
          break;
        }
      }
      return reply.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("memcached at " + host + ":" + port + " did not answer " + command, e);
    }
  }
}
