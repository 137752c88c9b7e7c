/**
 * The drop-in session manager for Tomcat 10.1 and 11: {@link dev.handoff.tomcat.RedisSessionManager},
 * configured by attributes of the {@code <Manager>} element in context.xml, keeps each web
 * application's sessions in Redis through the store module, and installs the valve that saves each
 * request's changes before the response completes.
 */
package dev.handoff.tomcat;
