package dev.handoff.serialization.internal;

import dev.handoff.serialization.ClassFilter;
import dev.handoff.serialization.Codec;
import dev.handoff.serialization.CodecContext;
import dev.handoff.serialization.SerializationException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

/** Plain Java serialization (ObjectOutputStream), filtered and bounded on the way in. */
final class JdkCodec implements Codec {

  static final String NAME = "jdk";
  static final int ID = 1;

  @Override
  public int id() {
    return ID;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public byte[] encode(Object value, CodecContext context) {
    return write(value);
  }

  @Override
  public Object decode(byte[] bytes, int offset, int length, CodecContext context) {
    return read(bytes, offset, length, context.classLoader(), context.classFilter(), context.maxDepth(),
        context.maxObjects(), System.nanoTime() + context.maxDecodeTime().toNanos());
  }

  static byte[] write(Object value) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
    try (ObjectOutputStream out = new ObjectOutputStream(buffer)) {
      out.writeObject(value);
    } catch (NotSerializableException e) {
      throw new SerializationException("class " + e.getMessage() + " is not Serializable; JDK"
          + " serialization cannot encode it (session attributes of a distributable application must be Serializable)", e);
    } catch (IOException e) {
      throw new SerializationException("JDK serialization failed for " + value.getClass().getName() + ": " + e, e);
    }
    return buffer.toByteArray();
  }

  /** Decodes JDK-serialization bytes within the limits; {@code deadline} is a {@link System#nanoTime()}. */
  static Object read(byte[] bytes, int offset, int length, ClassLoader loader, ClassFilter filter,
      int maxDepth, long maxObjects, long deadline) {
    try (ObjectInputStream in = new FilteringObjectInputStream(
        new ByteArrayInputStream(bytes, offset, length), loader, filter, maxDepth, length, maxObjects, deadline)) {
      return in.readObject();
    } catch (IOException | ClassNotFoundException e) {
      throw FilteringObjectInputStream.failure(e);
    } catch (RuntimeException e) {
      throw new SerializationException("JDK deserialization failed: " + e, e);
    }
  }
}
