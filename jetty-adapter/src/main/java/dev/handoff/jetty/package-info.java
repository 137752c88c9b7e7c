/**
 * Jetty 12 sessions in Redis: {@link dev.handoff.jetty.RedisSessionDataStoreFactory} makes a
 * {@link dev.handoff.jetty.RedisSessionDataStore} (Jetty's {@code AbstractSessionDataStore}) for
 * each context, over the container-neutral store. Everything else in the package is
 * implementation.
 */
package dev.handoff.jetty;
