/**
 * The container-neutral session store on Redisson: Redis schema, session records and deltas, expiry index, locks.
 */
package dev.handoff.store;
