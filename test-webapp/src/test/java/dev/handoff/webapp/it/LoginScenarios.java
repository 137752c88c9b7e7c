package dev.handoff.webapp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Container-managed FORM login on {@code /secure/*}, with the users every container defines. */
interface LoginScenarios extends DeployedWebapp {

    @ParameterizedTest
    @ValueSource(strings = {"alice", "bob"})
    default void secure_afterFormLogin_showsUserAndAuthType(String user) {
        Browser browser = newBrowser();

        Browser.Response secure = logIn(browser, "/secure/", user, PASSWORD);

        assertEquals(200, secure.status(), secure::toString);
        assertTrue(secure.body().contains("<h1>secure</h1>"), secure::toString);
        assertTrue(secure.body().contains(user) && secure.body().contains("FORM"), secure::toString);
        Map<String, Object> facts = browser.get("/secure/?format=json").json();
        assertEquals(user, facts.get("user"));
        assertEquals("FORM", facts.get("authType"));
        assertEquals(Boolean.TRUE, facts.get("userInRole"));
        assertEquals(user, browser.get("/session?format=json").json().get("user"));
    }

    @Test
    default void login_afterProtectedRequest_redirectsToTheOriginalRequest() {
        Browser browser = newBrowser();

        Browser.Response original = logIn(browser, "/secure/orders?item=42", "alice", PASSWORD);

        assertEquals(URI.create(webappRoot() + "/secure/orders?item=42"), original.uri());
        assertTrue(original.body().contains("<h1>secure</h1>"), original::toString);
        assertTrue(original.body().contains("/secure/orders"), original::toString);
    }

    @Test
    default void login_wrongPassword_landsOnTheErrorPage() {
        Browser browser = newBrowser();

        Browser.Response failed = logIn(browser, "/secure/", "alice", "wrong");

        assertEquals(200, failed.status(), failed::toString);
        assertTrue(failed.body().contains("<h1>login-error</h1>"), failed::toString);
        Browser.Response stillLoggedOut = browser.follow(browser.get("/secure/"));
        assertTrue(stillLoggedOut.body().contains("<h1>login</h1>"), stillLoggedOut::toString);
    }

    @Test
    default void logout_afterLogin_asksForLoginAgain() {
        Browser browser = newBrowser();
        logIn(browser, "/secure/", "alice", PASSWORD);

        Browser.Response logout = browser.get("/logout");

        assertEquals(302, logout.status(), logout::toString);
        assertEquals(URI.create(webappRoot() + "/"), logout.uri().resolve(logout.headers().firstValue("Location").orElseThrow()));
        Browser.Response again = browser.follow(browser.get("/secure/"));
        assertTrue(again.body().contains("<h1>login</h1>"), again::toString);
    }

    @Test
    default void logout_json_reportsWhatWasDone() {
        Browser browser = newBrowser();
        logIn(browser, "/secure/", "bob", PASSWORD);

        Map<String, Object> facts = browser.get("/logout?format=json").json();

        assertEquals(Boolean.TRUE, facts.get("loggedOut"));
        assertEquals(Boolean.TRUE, facts.get("sessionInvalidated"));
        assertEquals(Boolean.FALSE, ((Map<?, ?>) facts.get("session")).get("exists"));
        assertNull(facts.get("user"));
        assertNull(browser.get("/session?format=json").json().get("user"));
    }

    /**
     * Does what a browser does: asks for {@code protectedPath}, gets the login form, posts it
     * to the form's relative action, and follows the redirects to the final page.
     */
    private Browser.Response logIn(Browser browser, String protectedPath, String user, String password) {
        Browser.Response form = browser.follow(browser.get(protectedPath));
        assertEquals(200, form.status(), form::toString);
        assertTrue(form.body().contains("action=\"j_security_check\""), form::toString);
        assertTrue(form.body().contains("name=\"j_username\""), form::toString);
        URI action = form.uri().resolve("j_security_check");
        return browser.follow(browser.post(action, Map.of("j_username", user, "j_password", password)));
    }
}
