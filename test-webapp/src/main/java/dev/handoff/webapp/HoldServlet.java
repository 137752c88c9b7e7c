package dev.handoff.webapp;

import dev.handoff.webapp.page.Page;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code /hold}: lets a test hold a request of a session in the middle, so that other requests of
 * the same session run meanwhile on the same node. In this order, each step only when its
 * parameter is given: {@code set=NAME&value=V} sets an attribute (creating the session);
 * {@code list=NAME&size=N} sets an {@code ArrayList} holding one string of N random characters;
 * {@code read=NAME} reads an attribute; {@code wait=GATE} arrives at the gate and waits until a
 * request {@code ?open=GATE} opens it (60 s at most); then {@code add=ITEM} appends an item in
 * place to the list {@code read} returned before the wait (else to the cart), and {@code trim=NAME}
 * cuts the list's string to 10 characters in place. The page reports {@code seen}, the attribute
 * names the request sees at its end, and no other session fact (those would read every
 * attribute). {@code ?await=GATE&count=N} returns once N requests arrived at the gate. Gates live
 * in this node's memory only.
 */
public class HoldServlet extends PageServlet {

    private static final long serialVersionUID = 1L;
    private static final long WAIT_SECONDS = 60;
    private static final Map<String, Gate> GATES = new ConcurrentHashMap<>();

    /** The hold page. */
    public HoldServlet() {
        super("hold");
    }

    /** Reports only {@code seen}: the usual session facts read every attribute, which would hide what the test is after. */
    @Override
    boolean readsSession() {
        return false;
    }

    @Override
    void describe(HttpServletRequest request, Page page) {
        String open = request.getParameter("open");
        if (open != null) {
            gate(open).open.countDown();
            page.put("opened", open);
            return;
        }
        String await = request.getParameter("await");
        if (await != null) {
            page.put("arrived", gate(await).awaitArrivals(count(request.getParameter("count"))));
            return;
        }
        String set = request.getParameter("set");
        if (set != null) {
            request.getSession(true).setAttribute(set, String.valueOf(request.getParameter("value")));
        }
        String list = request.getParameter("list");
        if (list != null) {
            List<String> value = new ArrayList<>();
            value.add(randomText(count(request.getParameter("size"))));
            request.getSession(true).setAttribute(list, value);
        }
        String read = request.getParameter("read");
        HttpSession session = request.getSession(false);
        Object held = read == null || session == null ? null : session.getAttribute(read);
        page.put("read", held != null);
        String wait = request.getParameter("wait");
        if (wait != null) {
            page.put("opened", gate(wait).arriveAndWait());
        }
        String add = request.getParameter("add");
        if (add != null && held instanceof List<?> cart) {
            @SuppressWarnings("unchecked")
            List<CartItem> items = (List<CartItem>) cart;
            items.add(new CartItem(add, 1, 0)); // the reference read before the wait: no getAttribute after it
        } else if (add != null && session != null) {
            CartAttribute.append(session, new CartItem(add, 1, 0));
        }
        String trim = request.getParameter("trim");
        if (trim != null && session != null && session.getAttribute(trim) instanceof List<?> trimmed && !trimmed.isEmpty()) {
            @SuppressWarnings("unchecked")
            List<String> strings = (List<String>) trimmed;
            strings.set(0, strings.get(0).substring(0, Math.min(10, strings.get(0).length())));
        }
        if (session != null) {
            try {
                page.put("seen", new ArrayList<>(Collections.list(session.getAttributeNames())));
            } catch (IllegalStateException invalidated) {
                page.put("seen", List.of());
            }
        }
    }

    private static Gate gate(String name) {
        return GATES.computeIfAbsent(name, n -> new Gate());
    }

    private static int count(String text) {
        try {
            int n = text == null ? 1 : Integer.parseInt(text);
            if (n >= 0 && n <= 10_000_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // Reported below with the value and what is allowed.
        }
        throw new InvalidParameterException("count and size must be whole numbers from 0 to 10000000; was '" + text + "'");
    }

    private static String randomText(int length) {
        StringBuilder text = new StringBuilder(length);
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        while (text.length() < length) {
            text.append((char) ('!' + random.nextInt(90)));
        }
        return text.toString();
    }

    /** Requests arrived at a gate, and the latch that lets them go on. */
    private static final class Gate {
        final AtomicInteger arrived = new AtomicInteger();
        final CountDownLatch open = new CountDownLatch(1);
        final Object arrivals = new Object();

        boolean arriveAndWait() {
            synchronized (arrivals) {
                arrived.incrementAndGet();
                arrivals.notifyAll();
            }
            try {
                return open.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }

        int awaitArrivals(int count) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
            synchronized (arrivals) {
                while (arrived.get() < count && System.nanoTime() < deadline) {
                    try {
                        arrivals.wait(100);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                return arrived.get();
            }
        }
    }
}
