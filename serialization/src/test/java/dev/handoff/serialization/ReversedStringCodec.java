package dev.handoff.serialization;

import java.nio.charset.StandardCharsets;

/** A user codec for tests: strings only, stored reversed. */
public final class ReversedStringCodec implements Codec {

  @Override
  public int id() {
    return 77;
  }

  @Override
  public String name() {
    return "reversed-string";
  }

  @Override
  public byte[] encode(Object value, CodecContext context) {
    if (!(value instanceof String s)) {
      throw new SerializationException("reversed-string encodes strings only, not " + value);
    }
    return new StringBuilder(s).reverse().toString().getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public Object decode(byte[] bytes, int offset, int length, CodecContext context) {
    return new StringBuilder(new String(bytes, offset, length, StandardCharsets.UTF_8)).reverse().toString();
  }
}
