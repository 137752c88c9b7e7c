package dev.handoff.demo;

import dev.handoff.testkit.Browser;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one response through the balancer showed: the node that served it and the session's
 * user, counter and cart size, read from the page's JSON ({@code null} where the page does not
 * say, e.g. on a redirect, which has no body).
 */
record Observation(int status, String node, String page, String user, Long counter, Long cartItems,
    Map<String, Object> json, Browser.Response response) {

  // CartItem.toString(): "1 x apple @ 120c"; the session's attribute is a list of them.
  private static final Pattern CART_ITEM = Pattern.compile("\\d+ x [^,\\]]* @ \\d+c");

  static Observation of(Browser.Response response) {
    String servedBy = response.header(RoundRobinBalancer.NODE_HEADER).orElse(null);
    boolean isJson = response.header("Content-Type").orElse("").startsWith("application/json");
    if (!isJson) {
      return new Observation(response.status(), servedBy, null, null, null, null, Map.of(), response);
    }
    Map<String, Object> json = response.json();
    String node = (String) json.get("node");
    if (servedBy != null && !servedBy.equals(node)) {
      throw new IllegalStateException("the balancer sent the request to " + servedBy
          + " but the page says node " + node);
    }
    Map<?, ?> attributes = attributes(json);
    Long counter = json.get("counter") instanceof Long value ? value
        : attributes.get("counter") instanceof String text ? Long.valueOf(text) : null;
    Long cartItems = json.get("itemCount") instanceof Long value ? value
        : attributes.get("cart") instanceof String text ? count(text) : null;
    return new Observation(response.status(), node, (String) json.get("page"),
        (String) json.get("user"), counter, cartItems, json, response);
  }

  private static Map<?, ?> attributes(Map<String, Object> json) {
    if (json.get("session") instanceof Map<?, ?> session
        && session.get("attributes") instanceof Map<?, ?> attributes) {
      return attributes;
    }
    return Map.of();
  }

  private static long count(String cart) {
    Matcher items = CART_ITEM.matcher(cart);
    long count = 0;
    while (items.find()) {
      count++;
    }
    return count;
  }

  /** {@code user=alice counter=3 cart=2}, with {@code -} for what the page did not say. */
  String sessionState() {
    return String.format("%-6s %-8s %-5s", text(user), text(counter), text(cartItems));
  }

  private static String text(Object value) {
    return value == null ? "-" : value.toString();
  }
}
