/**
 * The objects a typical shop keeps in an HTTP session (a user profile, a cart, a CSRF token and
 * small values), built by {@link dev.handoff.benchmarks.session.RealisticSession} from a fixed
 * seed so that every run encodes the same bytes.
 */
package dev.handoff.benchmarks.session;
