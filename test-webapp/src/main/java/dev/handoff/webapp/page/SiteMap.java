package dev.handoff.webapp.page;

import java.util.List;

/** The pages of the webapp, as listed on the index page and at the foot of every HTML page. */
public final class SiteMap {

    /** Every page of the URL contract, with the useful query strings. */
    public static final List<Link> LINKS = List.of(
            new Link("/", "this index (never creates a session)"),
            new Link("/nosession", "answers ok without touching the session"),
            new Link("/session", "read-only view of the session"),
            new Link("/counter", "increments the counter attribute"),
            new Link("/units", "shows the HashMap<TimeUnit, Integer> of unit counts (read only)"),
            new Link("/units?add=SECONDS", "adds one to the SECONDS count, changing the map in place"),
            new Link("/cart", "shows the cart"),
            new Link("/cart?add=apple&price=150", "adds an apple to the cart, changing the list in place"),
            new Link("/cart?clear=1", "empties the cart in place"),
            new Link("/secure/", "needs FORM login, role user"),
            new Link("/logout", "invalidates the session and logs out"),
            new Link("/session?format=json", "the session view as JSON"));

    private SiteMap() {
    }
}
