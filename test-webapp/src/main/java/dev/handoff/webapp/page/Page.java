package dev.handoff.webapp.page;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The facts one response reports: the node that served it, the page name, the session and
 * the user, then any facts of the page itself, in the order they were added.
 *
 * <p>Values are {@code null}, strings, booleans, integers, longs, maps with string keys and
 * lists of these; {@link ResponseFormat} writes them as HTML or JSON.
 */
public final class Page {

    private final String name;
    private final String node;
    private final String contextPath;
    private final Map<String, Object> pageFacts = new LinkedHashMap<>();
    private Map<String, Object> session = Map.of();
    private String user;
    private String authType;
    private boolean loginForm;
    private String browserRedirect;

    /**
     * A page with no facts yet.
     *
     * @param name        the page name as it appears in JSON ({@code "counter"}, {@code "cart"}, ...)
     * @param node        the name of the node serving the request
     * @param contextPath the webapp's context path, for links ({@code ""} at the root)
     */
    public Page(String name, String node, String contextPath) {
        this.name = Objects.requireNonNull(name, "name");
        this.node = Objects.requireNonNull(node, "node");
        this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
    }

    /** Adds a fact of this page; facts keep the order they were added in. */
    public Page put(String field, Object value) {
        pageFacts.put(Objects.requireNonNull(field, "field"), value);
        return this;
    }

    /** Sets what the page reports about the session (see the {@code session} object in JSON). */
    public Page session(Map<String, Object> sessionFacts) {
        this.session = Objects.requireNonNull(sessionFacts, "sessionFacts");
        return this;
    }

    /** Sets the authenticated user's name and the authentication type, both {@code null} if none. */
    public Page user(String userName, String authenticationType) {
        this.user = userName;
        this.authType = authenticationType;
        return this;
    }

    /** Makes the HTML form of this page show the container's FORM login form. */
    public Page withLoginForm() {
        this.loginForm = true;
        return this;
    }

    /**
     * Makes the HTML form of this page a redirect to {@code location} instead of a document;
     * JSON clients still get the facts.
     */
    public Page redirectBrowsersTo(String location) {
        this.browserRedirect = Objects.requireNonNull(location, "location");
        return this;
    }

    String name() {
        return name;
    }

    String node() {
        return node;
    }

    String contextPath() {
        return contextPath;
    }

    boolean showsLoginForm() {
        return loginForm;
    }

    String browserRedirect() {
        return browserRedirect;
    }

    /** All facts in JSON order: node, page, session, user, authType, then the page's own. */
    Map<String, Object> facts() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("node", node);
        facts.put("page", name);
        facts.put("session", session);
        facts.put("user", user);
        facts.put("authType", authType);
        pageFacts.forEach(facts::putIfAbsent);
        return Collections.unmodifiableMap(facts);
    }
}
