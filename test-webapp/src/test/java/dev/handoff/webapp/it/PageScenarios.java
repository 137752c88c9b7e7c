package dev.handoff.webapp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The pages without login or cart: which create a session, which never do, and what they report. */
interface PageScenarios extends DeployedWebapp {

    @Test
    default void nosession_anyRequest_answersOkAndSetsNoCookie() {
        Browser browser = newBrowser();
        Browser.Response html = browser.get("/nosession");
        Browser.Response json = browser.get("/nosession?format=json");

        assertEquals(200, html.status(), html::toString);
        assertTrue(html.body().contains("ok"), html::toString);
        assertEquals(List.of(), html.setCookies());
        assertEquals(List.of(), json.setCookies());
        Map<String, Object> facts = json.json();
        assertEquals("nosession", facts.get("page"));
        assertEquals("ok", facts.get("status"));
        Map<?, ?> session = (Map<?, ?>) facts.get("session");
        assertTrue(session.containsKey("exists") && session.get("exists") == null, json::toString);
        assertEquals(Boolean.FALSE, session.get("consulted"));
    }

    @Test
    default void nosession_afterSessionExists_stillSetsNoCookie() {
        Browser browser = newBrowser();
        browser.get("/counter");

        Browser.Response response = browser.get("/nosession?format=json");

        assertEquals(List.of(), response.setCookies());
        assertEquals(Boolean.FALSE, ((Map<?, ?>) response.json().get("session")).get("consulted"));
    }

    @Test
    default void index_withoutSession_linksEveryPageAndSetsNoCookie() {
        Browser.Response response = newBrowser().get("/");

        assertEquals(200, response.status(), response::toString);
        assertEquals(List.of(), response.setCookies());
        for (String path : List.of("/nosession", "/session", "/counter", "/cart", "/secure/", "/logout")) {
            assertTrue(response.body().contains("href=\"" + CONTEXT_PATH + path + "\""), () -> path + " in " + response);
        }
    }

    @Test
    default void session_withoutCookie_reportsNoSessionAndSetsNoCookie() {
        Browser.Response response = newBrowser().get("/session?format=json");

        assertEquals(200, response.status(), response::toString);
        assertEquals(List.of(), response.setCookies());
        Map<String, Object> facts = response.json();
        assertEquals(Map.of("exists", false), facts.get("session"));
        assertNull(facts.get("user"));
        assertNull(facts.get("authType"));
    }

    @Test
    default void counter_sameCookie_countsOneTwoThree() {
        Browser browser = newBrowser();

        for (int expected = 1; expected <= 3; expected++) {
            Map<String, Object> facts = browser.get("/counter?format=json").json();
            assertEquals(new BigDecimal(expected), facts.get("counter"));
        }
        assertEquals(new BigDecimal(1), newBrowser().get("/counter?format=json").json().get("counter"));
    }

    @Test
    default void tags_readWithoutSession_createsNone_addKeepsASet_badNameIs400() {
        Browser browser = newBrowser();
        Browser.Response empty = browser.get("/tags?format=json");
        assertEquals(List.of(), empty.json().get("tags"));
        assertEquals(List.of(), empty.setCookies());
        browser.get("/tags?format=json&add=blue");
        browser.get("/tags?format=json&add=red");
        assertEquals(List.of("blue", "red"), browser.get("/tags?format=json&add=blue").json().get("tags"));
        assertEquals(400, browser.get("/tags?format=json&add=no%20spaces").status());
    }

    @Test
    default void units_readWithoutSession_createsNone_addCountsInPlace_badUnitIs400() {
        Browser browser = newBrowser();
        Browser.Response empty = browser.get("/units?format=json");
        assertEquals(Map.of(), empty.json().get("units"));
        assertEquals(List.of(), empty.setCookies());

        browser.get("/units?format=json&add=SECONDS");
        Map<?, ?> units = (Map<?, ?>) browser.get("/units?format=json&add=seconds").json().get("units");
        assertEquals(new BigDecimal(2), units.get("SECONDS"));
        assertEquals(new BigDecimal(0), units.get("DAYS"));
        assertEquals(7, units.size(), "every TimeUnit constant");
        assertEquals(units, browser.get("/units?format=json").json().get("units"), "a GET only reads");
        assertEquals(400, browser.get("/units?format=json&add=FORTNIGHTS").status());
    }

    @Test
    default void session_afterCounter_showsAttributeAndOnlyAnIdPrefix() {
        Browser browser = newBrowser();
        browser.get("/counter");
        browser.get("/counter");

        Browser.Response response = browser.get("/session?format=json");

        Map<?, ?> session = (Map<?, ?>) response.json().get("session");
        assertEquals(Boolean.TRUE, session.get("exists"));
        assertEquals(Map.of("counter", "2"), session.get("attributes"));
        assertNotNull(session.get("createdAt"));
        String idPrefix = (String) session.get("idPrefix");
        String cookie = browser.cookie("JSESSIONID");
        assertEquals(8, idPrefix.length());
        assertTrue(cookie.startsWith(idPrefix), () -> idPrefix + " is not the start of " + cookie);
        assertFalse(response.body().contains(cookie), "the full session id must not be shown");
        assertEquals(List.of(), response.setCookies());
    }

    @Test
    default void everyPage_html_showsNodeAndForbidsCaching() {
        Browser browser = newBrowser();
        for (String path : List.of("/", "/nosession", "/session", "/counter", "/cart", "/secure/")) {
            Browser.Response response = browser.follow(browser.get(path));
            assertTrue(response.contentType().startsWith("text/html"), response::toString);
            assertTrue(response.body().contains("served by node <strong>" + escaped(expectedNode()) + "</strong>"),
                    response::toString);
            assertEquals("no-store", response.headers().firstValue("Cache-Control").orElse(""), response::toString);
        }
    }

    @Test
    default void everyPage_json_hasTheCommonFields() {
        // Jetty redirects to the login page, dropping the query: ask for JSON in the header as well.
        Browser browser = newBrowser().acceptingJson();
        for (String path : List.of("/", "/nosession", "/session", "/counter", "/cart", "/secure/", "/logout")) {
            Browser.Response response = browser.follow(browser.get(path + "?format=json"));
            assertTrue(response.contentType().startsWith("application/json"), response::toString);
            Map<String, Object> facts = response.json();
            assertEquals(List.of("node", "page", "session", "user", "authType"),
                    List.copyOf(facts.keySet()).subList(0, 5), response::toString);
            assertEquals(expectedNode(), facts.get("node"));
            assertTrue(((Map<?, ?>) facts.get("session")).containsKey("exists"), response::toString);
        }
    }

    @Test
    default void counter_acceptJsonHeader_answersJson() {
        Browser.Response response = newBrowser().acceptingJson().get("/counter");

        assertTrue(response.contentType().startsWith("application/json"), response::toString);
        assertEquals("counter", response.json().get("page"));
    }

    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;").replace("'", "&#39;");
    }
}
