/**
 * Session attribute values to bytes and back, one value at a time, for the Handoff store and
 * adapters. Knows nothing of Redis or containers.
 *
 * <p>{@link dev.handoff.serialization.AttributeSerializer} is the entry point, configured by one
 * {@link dev.handoff.serialization.SerializationConfig}. Every encoded value starts with a
 * three-byte header (format version, codec id, flags) so that values written by one codec, or by
 * an older Handoff, stay readable. Kryo is the default codec, JDK serialization the other built-in
 * one; users may plug their own {@link dev.handoff.serialization.Codec}. Decoding is filtered by a
 * {@link dev.handoff.serialization.ClassFilter} and bounded: bad bytes end in a {@link
 * dev.handoff.serialization.SerializationException}, never in a crash, a hang or an exhausted heap.
 */
package dev.handoff.serialization;
