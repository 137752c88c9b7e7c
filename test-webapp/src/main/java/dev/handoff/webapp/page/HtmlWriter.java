package dev.handoff.webapp.page;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a page as a small HTML document: the serving node in a header, the page's facts
 * (the same as in its JSON) as nested definition lists and tables, and links to every page.
 * Every value is escaped.
 */
final class HtmlWriter {

    private HtmlWriter() {
    }

    /** The HTML document for {@code page}. */
    static String write(Page page) {
        StringBuilder out = new StringBuilder(2048);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(escape("Handoff test webapp: " + page.name()))
                .append("</title>\n</head>\n<body>\n");
        out.append("<p id=\"node\">served by node <strong>").append(escape(page.node())).append("</strong></p>\n");
        out.append("<h1>").append(escape(page.name())).append("</h1>\n");
        if (page.showsLoginForm()) {
            appendLoginForm(out);
        }
        Map<String, Object> facts = new LinkedHashMap<>(page.facts());
        facts.remove("node");
        facts.remove("page");
        appendMap(out, facts);
        appendNavigation(out, page.contextPath());
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    /** {@code text} with {@code & < > " '} replaced by character references. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("<em>none</em>");
        } else if (value instanceof Map<?, ?> map) {
            appendMap(out, map);
        } else if (value instanceof Collection<?> items && isTable(items)) {
            appendTable(out, items);
        } else if (value instanceof Collection<?> items) {
            appendList(out, items);
        } else {
            out.append(escape(String.valueOf(value)));
        }
    }

    private static void appendMap(StringBuilder out, Map<?, ?> map) {
        if (map.isEmpty()) {
            out.append("<em>empty</em>");
            return;
        }
        out.append("<dl>\n");
        map.forEach((key, value) -> {
            out.append("<dt>").append(escape(String.valueOf(key))).append("</dt><dd>");
            appendValue(out, value);
            out.append("</dd>\n");
        });
        out.append("</dl>\n");
    }

    private static boolean isTable(Collection<?> items) {
        return !items.isEmpty() && items.stream().allMatch(item -> item instanceof Map<?, ?>);
    }

    private static void appendTable(StringBuilder out, Collection<?> rows) {
        List<?> columns = List.copyOf(((Map<?, ?>) rows.iterator().next()).keySet());
        out.append("<table>\n<tr>");
        columns.forEach(column -> out.append("<th>").append(escape(String.valueOf(column))).append("</th>"));
        out.append("</tr>\n");
        for (Object row : rows) {
            out.append("<tr>");
            for (Object column : columns) {
                out.append("<td>");
                appendValue(out, ((Map<?, ?>) row).get(column));
                out.append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    private static void appendList(StringBuilder out, Collection<?> items) {
        if (items.isEmpty()) {
            out.append("<em>empty</em>");
            return;
        }
        out.append("<ol>\n");
        for (Object item : items) {
            out.append("<li>");
            appendValue(out, item);
            out.append("</li>\n");
        }
        out.append("</ol>\n");
    }

    private static void appendLoginForm(StringBuilder out) {
        out.append("""
                <form method="post" action="j_security_check">
                <p><label>User name <input type="text" name="j_username" autocomplete="username"></label></p>
                <p><label>Password <input type="password" name="j_password" autocomplete="current-password"></label></p>
                <p><button type="submit">Log in</button></p>
                </form>
                """);
    }

    private static void appendNavigation(StringBuilder out, String contextPath) {
        out.append("<nav>\n<ul>\n");
        for (Link link : SiteMap.LINKS) {
            out.append("<li><a href=\"").append(escape(contextPath + link.path())).append("\">")
                    .append(escape(link.path())).append("</a> ").append(escape(link.description()))
                    .append("</li>\n");
        }
        out.append("</ul>\n</nav>\n");
    }
}
