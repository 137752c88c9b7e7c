package dev.handoff.webapp.page;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** The two ways a page is written: HTML for browsers, JSON for tests and scripts. */
public enum ResponseFormat {

    /** An escaped HTML document; the default. */
    HTML("text/html;charset=UTF-8"),

    /** A JSON object; chosen by {@code ?format=json} or an {@code Accept: application/json} header. */
    JSON("application/json;charset=UTF-8");

    private final String contentType;

    ResponseFormat(String contentType) {
        this.contentType = contentType;
    }

    /**
     * The format a request asks for: {@code format=json} or {@code format=html} in the query
     * wins, then an {@code Accept} header naming {@code application/json}, else HTML.
     */
    public static ResponseFormat of(HttpServletRequest request) {
        String format = request.getParameter("format");
        if ("json".equalsIgnoreCase(format)) {
            return JSON;
        }
        if ("html".equalsIgnoreCase(format)) {
            return HTML;
        }
        String accept = request.getHeader("Accept");
        return accept != null && accept.toLowerCase().contains("application/json") ? JSON : HTML;
    }

    /** Writes the page in this format, never cacheable. */
    public void send(Page page, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("X-Content-Type-Options", "nosniff");
        if (this == HTML && page.browserRedirect() != null) {
            response.sendRedirect(page.browserRedirect());
            return;
        }
        response.setContentType(contentType);
        String body = this == JSON ? JsonWriter.write(page.facts()) + "\n" : HtmlWriter.write(page);
        response.getWriter().write(body);
    }
}
