package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;

/**
 * {@code /secure/*}: reachable only after FORM login with role {@code user}; reports the
 * user, the authentication type and whether the container grants the role.
 */
public class SecureServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The role the security constraint in web.xml demands. */
    static final String ROLE = "user";

    /** The protected page. */
    public SecureServlet() {
        super("secure");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        page.put("userInRole", request.isUserInRole(ROLE));
        page.put("path", request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo()));
    }
}
