/**
 * The Jetty 12 SessionDataStore and its factory, over the store.
 */
package dev.handoff.jetty;
