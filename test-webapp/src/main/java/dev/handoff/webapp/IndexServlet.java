package dev.handoff.webapp;

import dev.handoff.webapp.page.Link;
import dev.handoff.webapp.page.Page;
import dev.handoff.webapp.page.SiteMap;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/** {@code /}: links to every page; shows the session if there is one, never creates it. */
public class IndexServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The index page. */
    public IndexServlet() {
        super("index");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        List<Map<String, Object>> links = SiteMap.LINKS.stream()
                .map(IndexServlet::asFacts)
                .toList();
        page.put("links", links);
    }

    private static Map<String, Object> asFacts(Link link) {
        return Map.of("path", link.path(), "description", link.description());
    }
}
