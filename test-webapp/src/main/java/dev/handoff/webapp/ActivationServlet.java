package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/**
 * {@code /activation}: {@code ?set=NAME} puts an {@link ActivationProbe} in the session under
 * {@code probe}; every call reads it and shows its name, the node that activated it (null when it
 * was created on this node and never moved), and this node's activation and passivation counts.
 */
public class ActivationServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    static final String ATTRIBUTE = "probe";

    /** The activation page. */
    public ActivationServlet() {
        super("activation");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        String set = request.getParameter("set");
        if (set != null && !set.matches("[A-Za-z0-9-]{1,40}")) {
            throw new InvalidParameterException("set must be 1 to 40 letters, digits or dashes");
        }
        HttpSession session = request.getSession(set != null);
        if (session != null && set != null) {
            session.setAttribute(ATTRIBUTE, new ActivationProbe(set));
        }
        ActivationProbe probe = session == null ? null
            : session.getAttribute(ATTRIBUTE) instanceof ActivationProbe p ? p : null;
        page.put("probe", probe == null ? null : probe.name());
        page.put("activatedOn", probe == null ? null : probe.activatedOn());
        page.put("activations", ActivationProbe.ACTIVATIONS.get());
        page.put("passivations", ActivationProbe.PASSIVATIONS.get());
    }
}
