/**
 * The demo: a Redis, two Tomcat nodes running the test webapp with Handoff's drop-in manager,
 * and a round-robin balancer in front of them on one URL; interactive, or a scripted tour that
 * checks each step. {@link dev.handoff.demo.Demo} is the entry point ({@code bin/demo}).
 */
package dev.handoff.demo;
