/**
 * The drop-in Tomcat 10.1 / 11 session manager and its valve, over the store.
 */
package dev.handoff.tomcat;
