package dev.handoff.webapp.page;

/**
 * A link to one of the webapp's pages.
 *
 * @param path        the path inside the webapp, starting with {@code /}, query string included
 * @param description what following the link shows or does
 */
public record Link(String path, String description) {
}
