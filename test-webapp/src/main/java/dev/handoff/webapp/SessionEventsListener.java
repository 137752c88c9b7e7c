package dev.handoff.webapp;

import jakarta.servlet.http.HttpSessionEvent;
import jakarta.servlet.http.HttpSessionListener;

/**
 * Writes one line to standard output when a session is destroyed, with the node and the counter
 * it held, so that tests can see where, how often, and with which attribute values expiry fired.
 */
public class SessionEventsListener implements HttpSessionListener {

    @Override
    public void sessionDestroyed(HttpSessionEvent event) {
        Object counter = event.getSession().getAttribute(CounterServlet.ATTRIBUTE);
        System.out.println("handoff-test-webapp session-destroyed node="
                + NodeName.of(event.getSession().getServletContext()) + " counter=" + counter);
    }
}
