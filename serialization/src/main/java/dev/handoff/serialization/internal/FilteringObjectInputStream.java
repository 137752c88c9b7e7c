package dev.handoff.serialization.internal;

import dev.handoff.serialization.ClassFilter;
import dev.handoff.serialization.SerializationException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InvalidClassException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.util.Map;

/**
 * An ObjectInputStream that checks every class name against the class filter before loading it,
 * resolves classes through the web application's class loader, refuses dynamic proxies, and
 * bounds depth, array lengths, objects (maxObjects), bytes and time (maxDecodeTime) with an
 * {@link ObjectInputFilter}, which the JDK calls for every object, class and array it reads.
 */
final class FilteringObjectInputStream extends ObjectInputStream {

  private static final Map<String, Class<?>> PRIMITIVES = Map.of("boolean", boolean.class, "byte",
      byte.class, "char", char.class, "short", short.class, "int", int.class, "long", long.class,
      "float", float.class, "double", double.class, "void", void.class);

  private final ClassLoader loader;
  private final ClassFilter filter;

  FilteringObjectInputStream(InputStream in, ClassLoader loader, ClassFilter filter, int maxDepth,
      long maxAttributeBytes, long maxObjects, long deadline) throws IOException {
    super(in);
    this.loader = loader;
    this.filter = filter;
    setObjectInputFilter(info -> {
      if (info.depth() > maxDepth) {
        return ObjectInputFilter.Status.REJECTED;
      }
      // Every array element and reference takes at least one byte of the stream.
      if (info.arrayLength() > maxAttributeBytes || info.references() > maxAttributeBytes || info.streamBytes() > maxAttributeBytes) {
        return ObjectInputFilter.Status.REJECTED;
      }
      if (info.references() > maxObjects || System.nanoTime() - deadline > 0) {
        return ObjectInputFilter.Status.REJECTED;
      }
      Class<?> type = info.serialClass();
      if (type != null && !filter.allows(type.getName())) {
        return ObjectInputFilter.Status.REJECTED;
      }
      return ObjectInputFilter.Status.UNDECIDED;
    });
  }

  @Override
  protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
    String name = desc.getName();
    if (!filter.allows(name)) {
      throw new InvalidClassException(name, "refused by the class filter");
    }
    try {
      return Class.forName(name, false, loader);
    } catch (ClassNotFoundException e) {
      Class<?> primitive = PRIMITIVES.get(name);
      if (primitive != null) {
        return primitive;
      }
      throw e;
    }
  }

  @Override
  protected Class<?> resolveProxyClass(String[] interfaces) throws IOException {
    throw new InvalidClassException("java.lang.reflect.Proxy",
        "dynamic proxies are not decoded (interfaces " + String.join(", ", interfaces) + ")");
  }

  /** Wraps the JDK's exceptions into one with the class name and the cause. */
  static SerializationException failure(Exception e) {
    String message = e instanceof InvalidClassException ice && ice.classname != null
        ? "class " + ice.classname + ": " + ice.getMessage()
        : e.toString();
    if (e.getMessage() != null && e.getMessage().contains("REJECTED")) {
      message = "refused by the class filter or a limit (maxDepth, maxAttributeBytes, maxObjects, maxDecodeTime): " + e.getMessage();
    }
    return new SerializationException("JDK deserialization failed: " + message, e);
  }
}
