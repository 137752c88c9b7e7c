package dev.handoff.jetty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.junit.jupiter.api.Test;

/** The version cookie found in the raw Cookie headers, as a browser and an attacker send them. */
class JettyVersionCookiesTest {

  private static String sent(String... cookieHeaders) {
    HttpFields.Mutable headers = HttpFields.build().add(HttpHeader.HOST, "node");
    for (String header : cookieHeaders) {
      headers.add(HttpHeader.COOKIE, header);
    }
    return JettyVersionCookies.sentVersion(headers);
  }

  @Test
  void findsTheCookieAmongOthers() {
    assertEquals("7.1a2b", sent("JSESSIONID=abc; HANDOFF_VERSION=7.1a2b; theme=dark"));
    assertEquals("7.1a2b", sent("HANDOFF_VERSION=7.1a2b"));
    assertEquals("7.1a2b", sent("JSESSIONID=abc;HANDOFF_VERSION=7.1a2b"));
  }

  @Test
  void noCookieHeader_orNoSuchCookie_isNone() {
    assertNull(sent());
    assertNull(sent("JSESSIONID=abc"));
  }

  @Test
  void aCookieWhoseNameOnlyEndsOrStartsWithTheName_isNotIt() {
    assertNull(sent("XHANDOFF_VERSION=9.1a2b; JSESSIONID=abc"));
    assertNull(sent("HANDOFF_VERSIONS=9.1a2b"));
    assertNull(sent("theme=HANDOFF_VERSION"));
  }

  @Test
  void theLastOneCounts_acrossHeaders() {
    assertEquals("8.1a2b", sent("HANDOFF_VERSION=7.1a2b", "JSESSIONID=abc; HANDOFF_VERSION=8.1a2b"));
    assertEquals("", sent("HANDOFF_VERSION="));
  }
}
