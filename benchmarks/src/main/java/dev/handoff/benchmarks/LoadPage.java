package dev.handoff.benchmarks;

/**
 * The test webapp's pages the load benchmark requests, each as a signed-in user's browser would:
 * with the user's session cookie (except {@link #NOSESSION_NO_COOKIE}).
 */
enum LoadPage {
  /** {@code /app/session}: reads the session, never changes it. */
  SESSION("session", "read-only session page", true, true, 0, 0, 0.7),
  /** {@code /app/counter}: increments an Integer attribute with setAttribute. */
  COUNTER("counter", "counter (setAttribute)", true, true, 1, 2, 0.5),
  /** {@code /app/cart?add=item}: appends to a list in place; every 20th request clears it first. */
  CART("cart", "cart add (list changed in place)", true, true, 1, 2, 0.5),
  /** {@code /app/nosession} with the session cookie: the page never calls getSession. */
  NOSESSION("nosession", "page without session, cookie sent", true, false, 0, 0, 0),
  /** {@code /app/nosession} without a cookie: nothing in the request names a session. */
  NOSESSION_NO_COOKIE("nosession-nocookie", "page without session, no cookie", false, false, 0, 0, 0);

  /** Every how many cart requests the cart is cleared, so that it stays small. */
  static final int CART_CLEAR_EVERY = 20;

  final String id;
  final String description;
  final boolean sendsCookie;
  /** Whether the page uses the session (the throughput budgets are about those). */
  final boolean usesSession;
  /**
   * Issue 15's budget of Redis round trips per request, on a node whose copy is current (sticky): a
   * read 0, a change 1, a page that never uses the session 0.
   */
  final int roundTripBudget;
  /** The same when every request goes to the other node, whose copy the last change made stale (a change 2). */
  final int roundTripBudgetNonSticky;
  /** Issue 15's throughput budget against the in-memory baseline: 0.7x a read-only page, 0.5x a changing one. */
  final double minVsBaseline;

  LoadPage(String id, String description, boolean sendsCookie, boolean usesSession, int roundTripBudget,
      int roundTripBudgetNonSticky, double minVsBaseline) {
    this.id = id;
    this.description = description;
    this.sendsCookie = sendsCookie;
    this.usesSession = usesSession;
    this.roundTripBudget = roundTripBudget;
    this.roundTripBudgetNonSticky = roundTripBudgetNonSticky;
    this.minVsBaseline = minVsBaseline;
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
