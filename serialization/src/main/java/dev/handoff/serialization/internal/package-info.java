/**
 * Implementation of the serialization module: the Kryo and JDK codecs, their bounded inputs and
 * class filtering, compression. Not an API: it may change in any release.
 */
package dev.handoff.serialization.internal;
