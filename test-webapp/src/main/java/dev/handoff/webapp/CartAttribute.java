package dev.handoff.webapp;

import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;

/**
 * The cart as the session holds it: an {@code ArrayList<CartItem>} under the attribute
 * {@code cart}. The list is stored with {@code setAttribute} once, when the first item is
 * added; later changes mutate that same list in place and never call {@code setAttribute}
 * again. That is deliberate: it is the "value changed in place" case a session store must
 * notice on its own.
 */
final class CartAttribute {

    /** The attribute that holds the cart. */
    static final String NAME = "cart";

    private CartAttribute() {
    }

    /** The items in the session's cart; empty if there is no session or no cart. */
    static List<?> items(HttpSession session) {
        return session != null && session.getAttribute(NAME) instanceof List<?> cart ? cart : List.of();
    }

    /** Appends {@code item}: stores a new list the first time, else changes the stored list in place. */
    static void append(HttpSession session, CartItem item) {
        List<CartItem> cart = storedList(session);
        if (cart == null) {
            cart = new ArrayList<>();
            cart.add(item);
            session.setAttribute(NAME, cart);
        } else {
            cart.add(item);
        }
    }

    /** Empties the stored list in place, if there is one. */
    static void clear(HttpSession session) {
        List<CartItem> cart = storedList(session);
        if (cart != null) {
            cart.clear();
        }
    }

    /**
     * The class name of the class loader that loaded the cart's first item, or of the loader
     * of {@link CartItem} itself when the cart is empty; {@code "bootstrap"} for the JDK's.
     */
    static String itemLoaderName(HttpSession session) {
        List<?> items = items(session);
        Class<?> itemClass = items.isEmpty() || items.get(0) == null ? CartItem.class : items.get(0).getClass();
        ClassLoader loader = itemClass.getClassLoader();
        return loader == null ? "bootstrap" : loader.getClass().getName();
    }

    @SuppressWarnings("unchecked")
    private static List<CartItem> storedList(HttpSession session) {
        return session != null && session.getAttribute(NAME) instanceof List<?> cart ? (List<CartItem>) cart : null;
    }
}
