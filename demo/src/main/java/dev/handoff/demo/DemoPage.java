package dev.handoff.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's own page, served by the balancer under {@value #PATH}: the nodes side by side with
 * buttons to stop and start each, and buttons that send requests through the balancer as a user
 * would (log in, add to the cart, count, log out). The page itself ({@code demo-page.html}) asks
 * {@code state} for the nodes and the last requests with the Redis round trips each cost.
 *
 * <ul>
 *   <li>{@code GET /demo/}: the page.
 *   <li>{@code GET /demo/state}: {@code {"redis": ..., "nodes": [...], "requests": [...]}}.
 *   <li>{@code POST /demo/nodes/<name>/stop}, {@code .../start}: then the state.
 * </ul>
 */
final class DemoPage implements HttpHandler {

  static final String PATH = "/demo/";
  private static final Pattern NODE_ACTION = Pattern.compile("/demo/nodes/([a-z0-9-]+)/(stop|start)");

  private final Fleet fleet;

  DemoPage(Fleet fleet) {
    this.fleet = fleet;
  }

  @Override
  public void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      Matcher action = NODE_ACTION.matcher(path);
      if (method.equals("GET") && path.equals(PATH)) {
        send(exchange, 200, "text/html;charset=UTF-8", page());
      } else if (method.equals("GET") && path.equals(PATH + "state")) {
        send(exchange, 200, "application/json", state());
      } else if (method.equals("POST") && action.matches()) {
        String name = action.group(1);
        if (fleet.nodeStates().stream().noneMatch(node -> node.name().equals(name))) {
          send(exchange, 404, "application/json", "{\"error\":" + string("no node named " + name) + "}");
          return;
        }
        try {
          if (action.group(2).equals("stop")) {
            fleet.stopNode(name);
          } else {
            fleet.startNode(name);
          }
        } catch (RuntimeException e) {
          send(exchange, 500, "application/json", "{\"error\":" + string(action.group(2) + " " + name + " failed: "
              + e.getMessage()) + "}");
          return;
        }
        send(exchange, 200, "application/json", state());
      } else {
        send(exchange, 404, "text/plain;charset=UTF-8", "not a page of the demo: " + method + " " + path + "\n");
      }
    }
  }

  private static String page() throws IOException {
    try (InputStream in = DemoPage.class.getResourceAsStream("demo-page.html")) {
      if (in == null) {
        throw new IOException("demo-page.html is missing from the demo's classes");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The nodes and the last requests, as the page reads them. */
  private String state() {
    StringJoiner nodes = new StringJoiner(",", "[", "]");
    for (Fleet.NodeState node : fleet.nodeStates()) {
      nodes.add("{\"name\":" + string(node.name()) + ",\"container\":" + string(node.container())
          + ",\"running\":" + node.running() + "}");
    }
    StringJoiner requests = new StringJoiner(",", "[", "]");
    List<RoundRobinBalancer.Passed> recent = fleet.balancer().recent();
    for (RoundRobinBalancer.Passed passed : recent) {
      requests.add("{\"number\":" + passed.number + ",\"method\":" + string(passed.method) + ",\"path\":"
          + string(passed.path) + ",\"node\":" + string(passed.node) + ",\"status\":" + passed.status
          + ",\"millis\":" + passed.millis + ",\"roundTrips\":" + passed.roundTrips + "}");
    }
    return "{\"redis\":" + string(fleet.redisDescription()) + ",\"roundTrips\":" + fleet.roundTrips()
        + ",\"nodes\":" + nodes + ",\"requests\":" + requests + "}";
  }

  /** A JSON string (null as null). */
  private static String string(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || c == '<' || c == '>' || c == '&') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }
}
