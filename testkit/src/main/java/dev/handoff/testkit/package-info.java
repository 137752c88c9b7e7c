/**
 * Real Redis servers for tests: every topology Handoff supports, started on free loopback ports
 * from a local {@code redis-server}, torn down after the test, with the operations fault tests
 * need (kill, restart, promote, failover) and a fault-injecting TCP proxy.
 *
 * <p>Entry point: {@link dev.handoff.testkit.Redis}. In JUnit 5 tests: {@link
 * dev.handoff.testkit.RedisExtension}.
 */
package dev.handoff.testkit;
