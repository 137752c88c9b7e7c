/**
 * The servlets of the Handoff test webapp: pages that show which node served a request and
 * what its HTTP session holds, so tests, the demo and benchmarks can watch sessions move
 * between nodes. {@link dev.handoff.webapp.CartItem} is the one session value class of the
 * webapp's own; the URL contract is in the module's README.
 */
package dev.handoff.webapp;
