package dev.handoff.webapp.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cart: a list changed in place, values escaped, items loaded by the webapp's class loader. */
interface CartScenarios extends DeployedWebapp {

    @Test
    default void cart_addThreeItems_listsThemInOrderAndClearEmptiesIt() {
        Browser browser = newBrowser();
        browser.post(URI.create(webappRoot() + "/cart"), Map.of("add", "apple", "price", "150"));
        browser.get("/cart?add=pear&price=99");
        browser.get("/cart?add=plum");

        Map<String, Object> cart = browser.get("/cart?format=json").json();

        assertEquals(List.of("apple", "pear", "plum"), names(cart));
        assertEquals(List.of(new BigDecimal(150), new BigDecimal(99), BigDecimal.ZERO),
                items(cart).stream().map(item -> item.get("priceCents")).toList());
        assertEquals(new BigDecimal(249), cart.get("totalCents"));
        assertEquals(new BigDecimal(3), cart.get("itemCount"));

        Map<String, Object> cleared = browser.get("/cart?clear=1&format=json").json();

        assertEquals(List.of(), cleared.get("cart"));
        assertEquals(List.of(), browser.get("/cart?format=json").json().get("cart"));
    }

    @Test
    default void cart_viewWithoutSession_createsNone() {
        Browser.Response response = newBrowser().get("/cart?format=json");

        assertEquals(200, response.status(), response::toString);
        assertEquals(List.of(), response.setCookies());
        assertEquals(List.of(), response.json().get("cart"));
    }

    @Test
    default void cart_invalidPrice_isRejectedWithoutCreatingASession() {
        Browser.Response response = newBrowser().get("/cart?add=apple&price=-5");

        assertEquals(400, response.status(), response::toString);
        assertEquals(List.of(), response.setCookies());
    }

    @Test
    default void cart_markupInName_isEscapedInHtmlAndExactInJson() {
        Browser browser = newBrowser();
        String name = "<script>alert('x&y')</script>";

        Browser.Response html = browser.get("/cart?add=%3Cscript%3Ealert('x%26y')%3C%2Fscript%3E");
        Browser.Response json = browser.get("/cart?format=json");
        Browser.Response session = browser.get("/session?format=json");

        assertEquals(200, html.status(), html::toString);
        assertFalse(html.body().contains("<script>"), html::toString);
        assertTrue(html.body().contains("&lt;script&gt;alert(&#39;x&amp;y&#39;)&lt;/script&gt;"), html::toString);
        assertFalse(json.body().contains("<script>"), json::toString);
        assertEquals(List.of(name), names(json.json()));
        String shown = (String) ((Map<?, ?>) ((Map<?, ?>) session.json().get("session")).get("attributes")).get("cart");
        assertTrue(shown.contains(name), shown);
    }

    @Test
    default void cartItem_isLoadedByTheWebappClassLoader() {
        Browser browser = newBrowser();
        browser.get("/cart?add=apple");

        assertEquals(webappClassLoaderName(), browser.get("/cart?format=json").json().get("cartItemLoader"));
        assertEquals(webappClassLoaderName(), browser.get("/session?format=json").json().get("cartItemLoader"));
        assertThrows(ClassNotFoundException.class, () -> Class.forName("dev.handoff.webapp.CartItem"),
                "the webapp's classes must reach the container only through the WAR");
    }

    private static List<Map<?, ?>> items(Map<String, Object> cartPage) {
        return ((List<?>) cartPage.get("cart")).stream().<Map<?, ?>>map(item -> (Map<?, ?>) item).toList();
    }

    private static List<Object> names(Map<String, Object> cartPage) {
        return items(cartPage).stream().map(item -> (Object) item.get("name")).toList();
    }
}
