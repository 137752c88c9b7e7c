package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code /login.html} and {@code /login-error.html}: the container's FORM login page, posting
 * {@code j_username} and {@code j_password} to {@code j_security_check}. A servlet rather than
 * a static file so it, too, shows the node. Answers GET and POST alike, because containers
 * forward the failed login POST to the error page.
 */
public class LoginPageServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    private static final String ERROR_PAGE = "/login-error.html";

    /** The login page and the login error page. */
    public LoginPageServlet() {
        super("login");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doGet(request, response);
    }

    @Override
    String pageName(HttpServletRequest request) {
        return isErrorPage(request) ? "login-error" : "login";
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        boolean failed = isErrorPage(request);
        page.put("loginFailed", failed)
                .put("message", failed ? "Login failed: wrong user name or password." : "Please log in.")
                .put("form", "POST j_security_check with j_username and j_password")
                .withLoginForm();
    }

    private static boolean isErrorPage(HttpServletRequest request) {
        return ERROR_PAGE.equals(request.getServletPath());
    }
}
