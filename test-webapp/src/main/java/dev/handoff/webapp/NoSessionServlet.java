package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /nosession}: answers ok and the node, and never looks at the session or the user,
 * so a session store has nothing to load or save and no cookie is ever set.
 */
public class NoSessionServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The page that never touches the session. */
    public NoSessionServlet() {
        super("nosession");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        page.put("status", "ok");
    }

    @Override
    boolean readsSession() {
        return false;
    }
}
