package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * {@code /counter}: adds one to the Integer attribute {@code counter}, creating the session if
 * needed; {@code ?maxInactive=SECONDS} also sets the session's inactivity limit (expiry tests).
 */
public class CounterServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The attribute that holds the count. */
    static final String ATTRIBUTE = "counter";

    /** The counter page. */
    public CounterServlet() {
        super("counter");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        HttpSession session = request.getSession(true);
        String maxInactive = request.getParameter("maxInactive");
        if (maxInactive != null) {
            try {
                session.setMaxInactiveInterval(Integer.parseInt(maxInactive));
            } catch (NumberFormatException e) {
                throw new InvalidParameterException("maxInactive must be a whole number of seconds; was '" + maxInactive + "'");
            }
        }
        int next = session.getAttribute(ATTRIBUTE) instanceof Integer current ? current + 1 : 1;
        session.setAttribute(ATTRIBUTE, next);
        page.put("counter", next);
    }
}
