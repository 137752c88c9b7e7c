package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /tags}: a {@code HashSet<Tag>} in the session ({@link Tag}'s {@code hashCode} can leave a
 * mark: the security tests plant such sets). A GET reads it; {@code ?add=NAME} adds a tag.
 */
public class TagsServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The attribute that holds the set. */
    static final String ATTRIBUTE = "tags";

    /** The tags page. */
    public TagsServlet() {
        super("tags");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        String add = request.getParameter("add");
        if (add != null && !add.matches("[A-Za-z0-9-]{1,40}")) {
            throw new InvalidParameterException("add must be 1 to 40 letters, digits or dashes");
        }
        HttpSession session = request.getSession(add != null);
        Set<String> shown = new TreeSet<>();
        if (session != null) {
            @SuppressWarnings("unchecked")
            Set<Tag> tags = session.getAttribute(ATTRIBUTE) instanceof Set<?> set ? (Set<Tag>) set : null;
            if (add != null) {
                Set<Tag> next = tags == null ? new HashSet<>() : new HashSet<>(tags);
                next.add(new Tag(add));
                session.setAttribute(ATTRIBUTE, next);
                tags = next;
            }
            if (tags != null) {
                tags.forEach(tag -> shown.add(tag.name()));
            }
        }
        page.put("tags", shown);
    }
}
