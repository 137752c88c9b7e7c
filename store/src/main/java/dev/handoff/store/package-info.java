/**
 * The container-neutral session store: HTTP sessions as Redis hashes through Redisson, written
 * and read in as few round trips as possible, with an expiry index that needs no keyspace
 * notifications. Imports no container class; the Tomcat and Jetty adapters are thin layers over
 * {@link dev.handoff.store.SessionStore}, configured by one {@link dev.handoff.store.StoreConfig}.
 */
package dev.handoff.store;
