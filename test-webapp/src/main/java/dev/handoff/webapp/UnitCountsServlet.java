package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code /units}: a {@code HashMap<TimeUnit, Integer>} in the session, one count per TimeUnit.
 * Enum keys hash by identity, so the map iterates (and encodes) in another order on every JVM:
 * the page a node only reads must not write back. A GET only reads it; {@code ?add=SECONDS}
 * increments one entry in place, without {@code setAttribute} (the map is stored once, when the
 * first {@code add} creates it).
 */
public class UnitCountsServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    /** The attribute that holds the map. */
    static final String ATTRIBUTE = "unitCounts";

    /** The unit counts page. */
    public UnitCountsServlet() {
        super("units");
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        String add = request.getParameter("add");
        TimeUnit unit = null;
        if (add != null) {
            try {
                unit = TimeUnit.valueOf(add.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidParameterException("add must name a java.util.concurrent.TimeUnit (SECONDS, DAYS, ...); was '"
                        + (add.length() > 100 ? add.substring(0, 100) + "..." : add) + "'");
            }
        }
        HttpSession session = request.getSession(unit != null);
        @SuppressWarnings("unchecked")
        Map<TimeUnit, Integer> counts = session == null ? null : (Map<TimeUnit, Integer>) session.getAttribute(ATTRIBUTE);
        if (unit != null) {
            if (counts == null) {
                counts = new HashMap<>();
                for (TimeUnit each : TimeUnit.values()) {
                    counts.put(each, 0);
                }
                session.setAttribute(ATTRIBUTE, counts);
            }
            counts.merge(unit, 1, Integer::sum); // in place: no setAttribute
        }
        Map<String, Integer> shown = new TreeMap<>();
        if (counts != null) {
            counts.forEach((key, value) -> shown.put(key.name(), value));
        }
        page.put("units", shown);
    }
}
