package dev.handoff.webapp;

import jakarta.servlet.http.HttpSessionActivationListener;
import jakarta.servlet.http.HttpSessionEvent;
import java.io.Serializable;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A session value that counts the activation events it hears on this node (this JVM's webapp):
 * {@code sessionDidActivate} when a node takes the session up, {@code sessionWillPassivate}
 * before it lets go. Each event is also printed, so that a test can read what a stopped node heard.
 */
public final class ActivationProbe implements Serializable, HttpSessionActivationListener {

    private static final long serialVersionUID = 1L;

    static final AtomicInteger ACTIVATIONS = new AtomicInteger();
    static final AtomicInteger PASSIVATIONS = new AtomicInteger();

    private final String name;
    /** The node that last activated this object; null for one created here and never moved. */
    private transient volatile String activatedOn;

    ActivationProbe(String name) {
        this.name = name;
    }

    String name() {
        return name;
    }

    String activatedOn() {
        return activatedOn;
    }

    @Override
    public void sessionDidActivate(HttpSessionEvent event) {
        activatedOn = NodeName.of(event.getSession().getServletContext());
        ACTIVATIONS.incrementAndGet();
        System.out.println("activation-probe: " + name + " activated on " + activatedOn);
    }

    @Override
    public void sessionWillPassivate(HttpSessionEvent event) {
        PASSIVATIONS.incrementAndGet();
        System.out.println("activation-probe: " + name + " passivated on " + NodeName.of(event.getSession().getServletContext()));
    }
}
