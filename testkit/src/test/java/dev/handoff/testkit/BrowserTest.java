package dev.handoff.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link Browser} against two JDK HTTP servers standing in for two nodes. */
class BrowserTest {

  private HttpServer nodeA;
  private HttpServer nodeB;

  @BeforeEach
  void startServers() throws IOException {
    nodeA = server("a");
    nodeB = server("b");
  }

  @AfterEach
  void stopServers() {
    nodeA.stop(0);
    nodeB.stop(0);
  }

  @Test
  void get_otherPort_sendsTheCookieSetByTheFirst() {
    Browser browser = new Browser();

    browser.get(url(nodeA, "/login"));
    Browser.Response echoed = browser.get(url(nodeB, "/echo"));

    assertEquals("JSESSIONID=from-a", echoed.body());
    assertEquals("from-a", browser.cookie("JSESSIONID"));
  }

  @Test
  void get_redirect_isNotFollowedUntilAsked() {
    Browser browser = new Browser();

    Browser.Response redirect = browser.get(url(nodeA, "/redirect"));

    assertEquals(302, redirect.status());
    assertTrue(redirect.isRedirect());
    Browser.Response followed = browser.follow(redirect);
    assertEquals(200, followed.status());
    assertEquals(url(nodeA, "/echo"), followed.uri().toString());
  }

  @Test
  void setCookie_thenMaxAgeZero_sendsThenForgets() {
    Browser browser = new Browser().setCookie("JSESSIONID", "given");

    assertEquals("JSESSIONID=given", browser.get(url(nodeB, "/echo")).body());
    browser.get(url(nodeA, "/expire"));

    assertNull(browser.cookie("JSESSIONID"));
    assertEquals("", browser.get(url(nodeB, "/echo")).body());
  }

  @Test
  void post_form_isUrlEncodedInOrder() {
    Browser.Response echoed = new Browser().post(url(nodeA, "/echo-body"),
        Map.of("j_username", "al ice&"));

    assertEquals("j_username=al+ice%26", echoed.body());
  }

  @Test
  void json_nestedObject_parses() {
    Map<String, Object> json = new Browser().get(url(nodeA, "/json")).json();

    assertEquals(3L, json.get("counter"));
    assertEquals(Map.of("exists", true, "idPrefix", "<A>"), json.get("session"));
    assertEquals(List.of(1.5, "x"), json.get("list"));
    assertNull(json.get("user"));
  }

  @Test
  void get_nobodyListening_throwsNamingTheAddress() {
    String url = url(nodeA, "/echo");
    nodeA.stop(0);

    RuntimeException failure = assertThrows(RuntimeException.class, () -> new Browser().get(url));

    assertTrue(failure.getMessage().contains(url), failure::getMessage);
  }

  private static String url(HttpServer server, String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  private static HttpServer server(String name) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/login", exchange -> {
      exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=from-" + name + "; Path=/app; HttpOnly");
      reply(exchange, 200, "ok");
    });
    server.createContext("/expire", exchange -> {
      exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=; Max-Age=0");
      reply(exchange, 200, "ok");
    });
    server.createContext("/echo", exchange ->
        reply(exchange, 200, String.join(";", exchange.getRequestHeaders().getOrDefault("Cookie", List.of()))));
    server.createContext("/echo-body", exchange ->
        reply(exchange, 200, new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    server.createContext("/redirect", exchange -> {
      exchange.getResponseHeaders().add("Location", "/echo");
      reply(exchange, 302, "");
    });
    server.createContext("/json", exchange -> reply(exchange, 200,
        "{\"counter\":3,\"session\":{\"exists\":true,\"idPrefix\":\"\\u003cA\\u003e\"},"
            + "\"list\":[1.5,\"x\"],\"user\":null}"));
    server.start();
    return server;
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }
}
