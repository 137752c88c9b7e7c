package dev.handoff.benchmarks;

/**
 * The test webapp's pages the load benchmark requests, each as a signed-in user's browser would:
 * with the user's session cookie (except {@link #NOSESSION_NO_COOKIE}).
 */
enum LoadPage {
  /** {@code /app/session}: reads the session, never changes it. */
  SESSION("session", "read-only session page", true, true, 1),
  /** {@code /app/counter}: increments an Integer attribute with setAttribute. */
  COUNTER("counter", "counter (setAttribute)", true, true, 2),
  /** {@code /app/cart?add=item}: appends to a list in place; every 20th request clears it first. */
  CART("cart", "cart add (list changed in place)", true, true, 2),
  /** {@code /app/nosession} with the session cookie: the page never calls getSession. */
  NOSESSION("nosession", "page without session, cookie sent", true, false, 0),
  /** {@code /app/nosession} without a cookie: nothing in the request names a session. */
  NOSESSION_NO_COOKIE("nosession-nocookie", "page without session, no cookie", false, false, 0);

  /** Every how many cart requests the cart is cleared, so that it stays small. */
  static final int CART_CLEAR_EVERY = 20;

  final String id;
  final String description;
  final boolean sendsCookie;
  /** Whether the page uses the session (the throughput budgets are about those). */
  final boolean usesSession;
  /** The design brief's budget of Redis round trips per request. */
  final int roundTripBudget;

  LoadPage(String id, String description, boolean sendsCookie, boolean usesSession, int roundTripBudget) {
    this.id = id;
    this.description = description;
    this.sendsCookie = sendsCookie;
    this.usesSession = usesSession;
    this.roundTripBudget = roundTripBudget;
  }

  /** The path and query of the {@code n}-th request (from 0) of one user on this page. */
  String path(long n) {
    switch (this) {
      case SESSION:
        return "/app/session?format=json";
      case COUNTER:
        return "/app/counter?format=json";
      case CART:
        return n % CART_CLEAR_EVERY == CART_CLEAR_EVERY - 1
            ? "/app/cart?clear=1&add=item&format=json" : "/app/cart?add=item&format=json";
      default:
        return "/app/nosession?format=json";
    }
  }

  static LoadPage byId(String id) {
    for (LoadPage page : values()) {
      if (page.id.equals(id)) {
        return page;
      }
    }
    throw new IllegalArgumentException("page = " + id + ": unknown; allowed: " + ids());
  }

  static String ids() {
    StringBuilder ids = new StringBuilder();
    for (LoadPage page : values()) {
      ids.append(ids.length() == 0 ? "" : ", ").append(page.id);
    }
    return ids.toString();
  }
}
