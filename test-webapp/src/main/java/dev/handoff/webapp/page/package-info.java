/**
 * How a page of the test webapp is described and written: one set of facts per response,
 * sent as escaped HTML for people or as JSON for tests, with the same content in both.
 */
package dev.handoff.webapp.page;
