package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.Pool;
import dev.handoff.serialization.ClassFilter;
import dev.handoff.serialization.Codec;
import dev.handoff.serialization.CodecContext;
import dev.handoff.serialization.SerializationException;
import java.util.concurrent.ConcurrentHashMap;

/** Kryo 5, configured by {@link HandoffKryo}, pooled per class loader. */
final class KryoCodec implements Codec {

  static final String NAME = "kryo";
  static final int ID = 2;

  private final ConcurrentHashMap<PoolKey, KryoPools> poolsBySettings = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PoolKey, KryoPools> canonicalPoolsBySettings = new ConcurrentHashMap<>();

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
    Pool<HandoffKryo> pool = pools(context).poolFor(context.classLoader());
    HandoffKryo kryo = pool.obtain();
    try {
      Output output = kryo.output(context.maxAttributeBytes());
      kryo.writeClassAndObject(output, value);
      return output.toBytes();
    } catch (KryoException e) {
      String detail = e.getMessage() != null && e.getMessage().startsWith("Buffer overflow")
          ? "it is larger than maxAttributeBytes = " + context.maxAttributeBytes() : String.valueOf(e.getMessage());
      throw new SerializationException("kryo could not encode a value of "
          + (value == null ? "null" : value.getClass().getName()) + ": " + detail, e);
    } finally {
      kryo.reset();
      pool.free(kryo);
    }
  }

  @Override
  public Object decode(byte[] bytes, int offset, int length, CodecContext context) {
    Pool<HandoffKryo> pool = pools(context).poolFor(context.classLoader());
    HandoffKryo kryo = pool.obtain();
    try {
      BoundedInput input = new BoundedInput(bytes, offset, length);
      kryo.beginDecode(length, context.maxObjects(), context.maxDecodeTime());
      Object value = kryo.readClassAndObject(input);
      if (input.position() != offset + length) {
        throw new SerializationException("corrupt value: " + (offset + length - input.position())
            + " bytes left over after the value");
      }
      return value;
    } catch (KryoException e) {
      throw new SerializationException("kryo could not decode " + length + " bytes: " + rootMessage(e), e);
    } finally {
      kryo.endDecode();
      kryo.reset();
      pool.free(kryo);
    }
  }

  /**
   * The bytes of {@code value} with hash-ordered collections sorted (see {@link CanonicalKryo}),
   * or null when they cannot be had within {@code workBytes} of sorting work: for comparing only.
   */
  byte[] encodeCanonical(Object value, CodecContext context, long workBytes) {
    Pool<HandoffKryo> pool = canonicalPoolsBySettings.computeIfAbsent(
        new PoolKey(context.classFilter(), context.maxDepth()),
        key -> new KryoPools(key.filter(), key.maxDepth(), true)).poolFor(context.classLoader());
    CanonicalKryo kryo = (CanonicalKryo) pool.obtain();
    try {
      return kryo.encode(value, context.maxAttributeBytes(), workBytes);
    } catch (KryoException | SerializationException | StackOverflowError e) {
      return null; // not comparable: the caller counts the value as changed
    } finally {
      kryo.reset();
      pool.free(kryo);
    }
  }

  /** Pools for these settings (one serializer has one set; tests may use several). */
  KryoPools pools(CodecContext context) {
    return poolsBySettings.computeIfAbsent(new PoolKey(context.classFilter(), context.maxDepth()),
        key -> new KryoPools(key.filter(), key.maxDepth()));
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String first = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
    return root == e ? first : first + " (" + root + ")";
  }

  private record PoolKey(ClassFilter filter, int maxDepth) {
  }
}
