package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /cart}: shows the cart; {@code ?add=NAME[&price=CENTS]} appends an item (creating
 * the session if needed) and {@code ?clear=1} empties the cart, both changing the stored list
 * in place (see {@link CartAttribute}). Answers GET and POST alike.
 */
public class CartServlet extends PageServlet {

    private static final long serialVersionUID = 1L;

    private static final int MAX_NAME_LENGTH = 100;

    /** The cart page. */
    public CartServlet() {
        super("cart");
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response)
            throws ServletException, IOException {
        doGet(request, response);
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        CartItem added = itemToAdd(request);
        boolean clear = isSet(request.getParameter("clear"));
        HttpSession session = request.getSession(added != null);
        if (clear) {
            CartAttribute.clear(session);
        }
        if (added != null) {
            CartAttribute.append(session, added);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        long totalCents = 0;
        for (Object each : CartAttribute.items(session)) {
            CartItem item = (CartItem) each;
            rows.add(asFacts(item));
            totalCents += item.getQuantity() * item.getPriceCents();
        }
        page.put("cart", rows)
                .put("itemCount", rows.size())
                .put("totalCents", totalCents)
                .put("cartItemLoader", CartAttribute.itemLoaderName(session));
    }

    private static CartItem itemToAdd(HttpServletRequest request) {
        String name = request.getParameter("add");
        if (name == null) {
            return null;
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new InvalidParameterException("add must be a product name of 1 to " + MAX_NAME_LENGTH
                    + " characters, not blank; was '" + name + "'");
        }
        return new CartItem(name, 1, priceCents(request.getParameter("price")));
    }

    private static long priceCents(String price) {
        if (price == null || price.isEmpty()) {
            return 0;
        }
        try {
            long cents = Long.parseLong(price);
            if (cents >= 0) {
                return cents;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value and what is allowed.
        }
        throw new InvalidParameterException("price must be a whole number of cents, 0 or more; was '" + price + "'");
    }

    private static boolean isSet(String flag) {
        return "1".equals(flag) || "true".equalsIgnoreCase(flag);
    }

    private static Map<String, Object> asFacts(CartItem item) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("name", item.getName());
        facts.put("quantity", item.getQuantity());
        facts.put("priceCents", item.getPriceCents());
        return facts;
    }
}
