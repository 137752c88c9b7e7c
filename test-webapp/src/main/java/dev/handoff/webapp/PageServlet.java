package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import dev.handoff.webapp.page.ResponseFormat;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;

/**
 * A page of the webapp: does the page's work, then reports the node, the session, the user
 * and the page's own facts as HTML or JSON. Answers GET; pages that accept POST say so.
 */
abstract class PageServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final String pageName;

    /** @param pageName the {@code page} field of the JSON form */
    PageServlet(String pageName) {
        this.pageName = pageName;
    }

    /**
     * Does this page's work and adds its facts to {@code page}. Runs before the session and
     * the user are read, so the page reports their state after the work.
     *
     * @throws InvalidParameterException if a parameter is unusable; nothing has changed then
     */
    abstract void describe(HttpServletRequest request, Page page) throws ServletException;

    /** The {@code page} field for this request; the name given at construction unless a page says otherwise. */
    String pageName(HttpServletRequest request) {
        return pageName;
    }

    /**
     * Whether the page reports the session and the user. Only {@code /nosession} says no:
     * even reading the user can make a container load the session.
     */
    boolean readsSession() {
        return true;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        Page page = new Page(pageName(request), NodeName.of(request), request.getContextPath());
        try {
            describe(request, page);
        } catch (InvalidParameterException e) {
            response.sendError(HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return;
        }
        if (readsSession()) {
            Principal user = request.getUserPrincipal();
            page.user(user == null ? null : user.getName(), request.getAuthType());
            page.session(SessionFacts.of(request.getSession(false)));
        } else {
            page.session(SessionFacts.notConsulted());
        }
        ResponseFormat.of(request).send(page, response);
    }
}
