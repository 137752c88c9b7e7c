package dev.handoff.webapp;

import jakarta.servlet.http.HttpSession;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a page reports about the session: whether it exists, the first 8 characters of its id
 * (never the whole id, which is a credential), whether it is new, when it was created, and
 * each attribute's name and value as text, sorted by name.
 */
final class SessionFacts {

    private static final int ID_PREFIX_LENGTH = 8;

    private SessionFacts() {
    }

    /** The facts of {@code session}, or {@code {"exists": false}} if it is {@code null} or invalidated. */
    static Map<String, Object> of(HttpSession session) {
        if (session == null) {
            return Map.of("exists", false);
        }
        try {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("exists", true);
            String id = session.getId();
            facts.put("idPrefix", id.substring(0, Math.min(ID_PREFIX_LENGTH, id.length())));
            facts.put("new", session.isNew());
            facts.put("createdAt", Instant.ofEpochMilli(session.getCreationTime()).toString());
            facts.put("attributes", attributes(session));
            return facts;
        } catch (IllegalStateException invalidated) {
            return Map.of("exists", false);
        }
    }

    /** The facts of a page that deliberately never looks at the session: {@code exists} is unknown. */
    static Map<String, Object> notConsulted() {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("exists", null);
        facts.put("consulted", false);
        return facts;
    }

    private static Map<String, Object> attributes(HttpSession session) {
        Map<String, Object> attributes = new TreeMap<>();
        for (String name : Collections.list(session.getAttributeNames())) {
            attributes.put(name, describe(session.getAttribute(name)));
        }
        return attributes;
    }

    private static String describe(Object value) {
        try {
            return String.valueOf(value);
        } catch (RuntimeException e) {
            // A value whose toString() fails must not break the page that shows it.
            return "<unprintable " + value.getClass().getName() + ": " + e + ">";
        }
    }
}
