package dev.handoff.serialization.internal;

import dev.handoff.serialization.Codec;
import dev.handoff.serialization.CodecContext;
import dev.handoff.serialization.SerializationException;
import java.lang.reflect.InvocationTargetException;
import java.util.Map;
import java.util.TreeMap;

/** The codecs one serializer knows: the built-in ones always (to read old values), plus a user's. */
public final class Codecs {

  private final Codec writer;
  private final Map<Integer, Codec> byId = new TreeMap<>();

  /**
   * Kryo always decodes (its class filter and Serializable check guard it); JDK serialization
   * only when it is the configured codec: a JDK stream can run code from any Serializable class's
   * readObject, so bytes in that format are refused unless the operator chose it.
   */
  private Codecs(Codec writer) {
    this.writer = writer;
    register(new KryoCodec());
    register(writer);
  }

  /**
   * The codecs for the {@code serializer} setting: {@code kryo}, {@code jdk} or a class name.
   *
   * @throws IllegalArgumentException naming the setting and the value when it is not usable
   */
  public static Codecs load(String serializer) {
    switch (serializer) {
      case KryoCodec.NAME:
        return new Codecs(new KryoCodec());
      case JdkCodec.NAME:
        return new Codecs(new JdkCodec());
      default:
        return new Codecs(userCodec(serializer));
    }
  }

  /** The codec that encodes. */
  public Codec writer() {
    return writer;
  }

  /**
   * The writer's canonical bytes of {@code value}: the same for equal content in any JVM, whatever
   * the hash order of its collections; for comparing only, never stored. Null when the writer has
   * no canonical form (a user codec) or it cannot be had within {@code workBytes} of sorting work.
   */
  public byte[] canonical(Object value, CodecContext context, long workBytes) {
    if (writer instanceof KryoCodec kryo) {
      return kryo.encodeCanonical(value, context, workBytes);
    }
    if (writer instanceof JdkCodec) {
      return CanonicalJdk.encode(value, workBytes);
    }
    return null;
  }

  /** The codec with this id, or a {@link SerializationException} naming the known ones. */
  public Codec byId(int id) {
    Codec codec = byId.get(id);
    if (codec == null && id == JdkCodec.ID) {
      throw new SerializationException("JDK serialization bytes are not decoded: serializer = " + writer.name()
          + " (set serializer = jdk to read values written with it)");
    }
    if (codec == null) {
      StringBuilder known = new StringBuilder();
      byId.forEach((k, v) -> known.append(known.length() == 0 ? "" : ", ").append(k).append(" = ").append(v.name()));
      throw new SerializationException("value written by codec id " + id + ", which is not configured here"
          + " (known: " + known + "); was it written with a custom serializer?");
    }
    return codec;
  }

  private void register(Codec codec) {
    Codec previous = byId.put(codec.id(), codec);
    if (previous != null && previous.getClass() != codec.getClass()) {
      throw new IllegalArgumentException("serializer = " + codec.getClass().getName() + ": its id "
          + codec.id() + " is already taken by " + previous.name());
    }
  }

  private static Codec userCodec(String className) {
    Class<?> type = null;
    for (ClassLoader loader : new ClassLoader[] {Codecs.class.getClassLoader(),
        Thread.currentThread().getContextClassLoader()}) {
      if (loader == null) {
        continue;
      }
      try {
        type = Class.forName(className, true, loader);
        break;
      } catch (ClassNotFoundException e) {
        // try the next loader
      }
    }
    if (type == null) {
      throw new IllegalArgumentException("serializer = '" + className + "': not kryo, not jdk, and no"
          + " class of that name is visible; give kryo, jdk, or the class name of a " + Codec.class.getName());
    }
    if (!Codec.class.isAssignableFrom(type)) {
      throw new IllegalArgumentException("serializer = '" + className + "': that class does not implement "
          + Codec.class.getName());
    }
    Codec codec;
    try {
      codec = (Codec) type.getConstructor().newInstance();
    } catch (NoSuchMethodException | InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException("serializer = '" + className + "': needs a public no-argument constructor", e);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("serializer = '" + className + "': its constructor failed: " + e.getCause(), e);
    }
    if (codec.id() < Codec.FIRST_USER_ID || codec.id() > Codec.LAST_USER_ID) {
      throw new IllegalArgumentException("serializer = '" + className + "': id " + codec.id()
          + " is outside " + Codec.FIRST_USER_ID + ".." + Codec.LAST_USER_ID + " (lower ids are Handoff's)");
    }
    return codec;
  }
}
