/**
 * Integration tests of the built test webapp WAR in real embedded containers: one shared
 * set of scenarios, run on Tomcat and on Jetty (ee10).
 */
package dev.handoff.webapp.it;
