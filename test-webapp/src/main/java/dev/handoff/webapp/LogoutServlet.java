package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;

/**
 * {@code /logout}: logs the user out and invalidates the session, if any; then redirects
 * browsers to the index page and answers JSON clients with what was done. GET and POST alike.
 * {@code ?rotate=1} changes the session id first, in the same request, as an application that
 * rotates ids on every privilege change would.
 */
public class LogoutServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The logout page. */
    public LogoutServlet() {
        super("logout");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doGet(request, response);
    }

    @Override
    void describe(HttpServletRequest request, Page page) throws ServletException {
        boolean wasLoggedIn = request.getUserPrincipal() != null;
        // Log out first: the container clears the login it keeps in the session, which must still be valid.
        request.logout();
        boolean invalidated = false;
        HttpSession session = request.getSession(false);
        if (session != null) {
            try {
                if ("1".equals(request.getParameter("rotate"))) {
                    request.changeSessionId();
                }
                session.invalidate();
                invalidated = true;
            } catch (IllegalStateException alreadyInvalidated) {
                // Another request ended it first; the outcome is the same.
            }
        }
        page.put("loggedOut", wasLoggedIn)
                .put("sessionInvalidated", invalidated)
                .redirectBrowsersTo(request.getContextPath() + "/");
    }
}
