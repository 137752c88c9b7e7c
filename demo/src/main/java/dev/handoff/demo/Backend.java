package dev.handoff.demo;

import java.net.URI;

/** One node behind the balancer: its name (what the webapp reports as {@code node}) and base URL. */
record Backend(String name, URI baseUri) {
}
