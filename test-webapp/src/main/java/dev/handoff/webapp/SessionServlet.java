package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /session}: read-only view of the session, never creates one. Also reports which
 * class loader loaded the cart's items, to show that session values come back through the
 * webapp's class loader.
 */
public class SessionServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The read-only session page. */
    public SessionServlet() {
        super("session");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        page.put("cartItemLoader", CartAttribute.itemLoaderName(request.getSession(false)));
    }
}
