package dev.handoff.serialization;

/** What a {@link Codec} needs to know for one encode or decode. */
public interface CodecContext {

  /** The class loader of the web application the value belongs to. */
  ClassLoader classLoader();

  /** The classes decoding may resolve. */
  ClassFilter classFilter();

  /** Maximum nesting depth of an object graph. */
  int maxDepth();

  /** Most objects one decode may read. */
  int maxObjects();

  /** Longest one decode may run. */
  java.time.Duration maxDecodeTime();

  /** Maximum size in bytes of one value, encoded or decoded. */
  int maxAttributeBytes();
}
