package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import dev.handoff.serialization.SerializationException;

/**
 * A Kryo input over one value's bytes that refuses to allocate more than those bytes can
 * justify. Every array element, collection element and string character takes at least one byte
 * of input, so the lengths a valid stream declares add up to at most its size; a forged length
 * (2^31 elements in a 20-byte value) is refused before anything is allocated.
 */
final class BoundedInput extends Input {

  private final long budget;
  private long reserved;

  BoundedInput(byte[] bytes, int offset, int length) {
    super(bytes, offset, length);
    this.budget = length;
  }

  /** Accounts for {@code elements} about to be allocated; throws when the input cannot hold them. */
  void reserve(long elements) {
    if (elements < 0) {
      throw new SerializationException("corrupt value: negative length " + elements);
    }
    reserved += elements;
    if (reserved > budget) {
      throw new SerializationException("corrupt value: it declares " + reserved
          + " elements in total, more than its " + budget + " bytes can hold");
    }
  }

  /** {@link #reserve} on {@code input} when it is bounded (always, inside the Kryo codec). */
  static void reserve(Input input, long elements) {
    if (input instanceof BoundedInput bounded) {
      bounded.reserve(elements);
    }
  }

  /**
   * Reads the unsigned varint at the current position without consuming it: the length that a
   * serializer is about to read and allocate for.
   */
  int peekVarInt() {
    int start = position();
    try {
      return readVarInt(true);
    } finally {
      setPosition(start);
    }
  }

  @Override
  public byte[] readBytes(int length) throws KryoException {
    reserve(length);
    return super.readBytes(length);
  }

  @Override
  public char[] readChars(int length) throws KryoException {
    reserve(length);
    return super.readChars(length);
  }

  @Override
  public short[] readShorts(int length) throws KryoException {
    reserve(length);
    return super.readShorts(length);
  }

  @Override
  public int[] readInts(int length) throws KryoException {
    reserve(length);
    return super.readInts(length);
  }

  @Override
  public int[] readInts(int length, boolean optimizePositive) throws KryoException {
    reserve(length);
    return super.readInts(length, optimizePositive);
  }

  @Override
  public long[] readLongs(int length) throws KryoException {
    reserve(length);
    return super.readLongs(length);
  }

  @Override
  public long[] readLongs(int length, boolean optimizePositive) throws KryoException {
    reserve(length);
    return super.readLongs(length, optimizePositive);
  }

  @Override
  public float[] readFloats(int length) throws KryoException {
    reserve(length);
    return super.readFloats(length);
  }

  @Override
  public double[] readDoubles(int length) throws KryoException {
    reserve(length);
    return super.readDoubles(length);
  }

  @Override
  public boolean[] readBooleans(int length) throws KryoException {
    reserve(length);
    return super.readBooleans(length);
  }

  @Override
  public String readString() {
    reserveUtf8();
    return super.readString();
  }

  @Override
  public StringBuilder readStringBuilder() {
    reserveUtf8();
    return super.readStringBuilder();
  }

  /**
   * A non-ASCII string starts with its character count + 1 in Kryo's UTF-8 length format: the
   * first byte has bit 7 set, bit 6 = more bytes follow, bits 0-5 = the low bits; each further
   * byte carries 7 bits, bit 7 = more bytes follow. ASCII strings end at a marked byte, so reading
   * them allocates only what is really there.
   */
  private void reserveUtf8() {
    if (position() >= limit()) {
      return; // the read itself reports the underflow
    }
    byte[] bytes = getBuffer();
    int at = position();
    int b = bytes[at++];
    if ((b & 0x80) == 0) {
      return;
    }
    long value = b & 0x3F;
    int shift = 6;
    boolean more = (b & 0x40) != 0;
    while (more && at < limit() && shift <= 27) {
      b = bytes[at++];
      value |= (long) (b & 0x7F) << shift;
      shift += 7;
      more = (b & 0x80) != 0;
    }
    if (value > 1) {
      reserve(value - 1);
    }
  }
}
