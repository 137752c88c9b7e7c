/**
 * The demo: Redis, two Tomcat nodes and one Jetty node running the test webapp with Handoff,
 * behind a round-robin balancer on one URL. Not built yet (issue 7).
 */
package dev.handoff.demo;
