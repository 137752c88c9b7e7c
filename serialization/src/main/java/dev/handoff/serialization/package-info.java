/**
 * Session attribute values to bytes and back (Kryo by default, JDK serialization as a choice); knows nothing of Redis or containers.
 */
package dev.handoff.serialization;
