package dev.handoff.webapp;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The name of the node serving a request. The first of these that is set and not blank:
 * the context init parameter {@code handoff.node} (for several nodes in one JVM), the system
 * property {@code handoff.node}, the environment variable {@code HANDOFF_NODE}; else
 * {@code <local host name>:<local port>}.
 */
final class NodeName {

    static final String PROPERTY = "handoff.node";
    static final String ENVIRONMENT_VARIABLE = "HANDOFF_NODE";

    private static final String LOCAL_HOST = localHostName();

    private NodeName() {
    }

    /** The node name for this request. */
    static String of(HttpServletRequest request) {
        String[] configured = {
            request.getServletContext().getInitParameter(PROPERTY),
            System.getProperty(PROPERTY),
            System.getenv(ENVIRONMENT_VARIABLE),
        };
        for (String name : configured) {
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        return LOCAL_HOST + ":" + request.getLocalPort();
    }

    /** The node name outside a request (listeners): as above, with the host name as last resort. */
    static String of(jakarta.servlet.ServletContext context) {
        for (String name : new String[] {context.getInitParameter(PROPERTY), System.getProperty(PROPERTY),
            System.getenv(ENVIRONMENT_VARIABLE)}) {
            if (name != null && !name.isBlank()) {
                return name.strip();
            }
        }
        return LOCAL_HOST;
    }

    private static String localHostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // A host without a resolvable name still has a usable node name: the port tells nodes apart.
            return "localhost";
        }
    }
}
