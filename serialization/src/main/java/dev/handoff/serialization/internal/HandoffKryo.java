package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.CollectionSerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.BooleanArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.ObjectArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultArraySerializers.StringArraySerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.PriorityQueueSerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.URISerializer;
import com.esotericsoftware.kryo.serializers.DefaultSerializers.UUIDSerializer;
import com.esotericsoftware.kryo.serializers.EnumNameSerializer;
import com.esotericsoftware.kryo.serializers.FieldSerializer;
import com.esotericsoftware.kryo.serializers.MapSerializer;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;
import dev.handoff.serialization.ClassFilter;
import dev.handoff.serialization.SerializationException;
import java.io.Externalizable;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.LinkedList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Locale;
import java.util.UUID;
import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Kryo as Handoff configures it: no registration needed, references on (cyclic graphs), objects
 * without a no-argument constructor, application classes written with field names (so a class
 * may gain or lose fields), enums by name, Java serialization where a class defines its own
 * serialized form, every class name checked by the class filter, and every length bounded.
 * One instance per web application class loader; not thread-safe (pooled by {@link KryoPools}).
 */
class HandoffKryo extends Kryo {

  /**
   * Classes written as a one-byte id instead of their name. Part of the stored format: append
   * only, never reorder or remove (the module README lists them).
   */
  static final List<Class<?>> REGISTERED = List.of(ArrayList.class, LinkedList.class, HashMap.class,
      LinkedHashMap.class, TreeMap.class, HashSet.class, LinkedHashSet.class, TreeSet.class,
      ConcurrentHashMap.class, BigDecimal.class, BigInteger.class, Date.class, Instant.class,
      LocalDate.class, LocalDateTime.class, LocalTime.class, ZonedDateTime.class, OffsetDateTime.class,
      Duration.class, UUID.class, Locale.class, URI.class, Object[].class, String[].class, byte[].class,
      int[].class, long[].class, Optional.class);
  static final int FIRST_REGISTERED_ID = 20;

  private static final int INITIAL_OUTPUT_BYTES = 4096;
  private static final int KEPT_OUTPUT_BYTES = 64 * 1024;

  private final ClassFilter classFilter;
  private Output output;
  private final int maxDepth;
  private final JdkDelegateSerializer jdkDelegate = new JdkDelegateSerializer();
  private final DecodeWork work = new DecodeWork();

  HandoffKryo(ClassLoader loader, ClassFilter classFilter, int maxDepth) {
    super(new FilteringClassResolver(classFilter), new ValueReferenceResolver());
    this.classFilter = classFilter;
    this.maxDepth = maxDepth;
    setRegistrationRequired(false);
    setWarnUnregisteredClasses(false);
    setReferences(true);
    setMaxDepth(maxDepth);
    setClassLoader(loader);
    setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
    setDefaultSerializer(new SerializerFactory.BaseSerializerFactory<>() {
      @Override
      public Serializer<?> newSerializer(Kryo kryo, Class type) {
        return new NamedFieldSerializer<>(type);
      }
    });
    addDefaultSerializer(URI.class, URISerializer.class);
    addDefaultSerializer(UUID.class, UUIDSerializer.class);
    addDefaultSerializer(Locale.class, new LocaleSerializer());
    for (int i = 0; i < REGISTERED.size(); i++) {
      register(REGISTERED.get(i), FIRST_REGISTERED_ID + i);
    }
  }

  /**
   * This instance's output buffer, emptied, so that encoding does not grow a new buffer every
   * time; a buffer that grew large for one big value is not kept.
   */
  Output output(int maxAttributeBytes) {
    if (output == null || output.getBuffer().length > KEPT_OUTPUT_BYTES || output.getMaxCapacity() != maxAttributeBytes) {
      output = new Output(Math.min(INITIAL_OUTPUT_BYTES, maxAttributeBytes), maxAttributeBytes);
    }
    output.reset();
    return output;
  }

  /** Starts the work budget of one decode of {@code inputBytes} bytes (see {@link DecodeWork}). */
  void beginDecode(int inputBytes, int maxObjects, java.time.Duration maxTime) {
    work.begin(inputBytes, maxObjects, maxTime);
  }

  /** How many more objects this decode may read (a JDK stream nested in it takes from the same budget). */
  long objectsLeft() {
    return work.objectsLeft();
  }

  /** When this decode must be done, as a {@link System#nanoTime()}. */
  long decodeDeadline() {
    return work.deadline();
  }

  void endDecode() {
    work.end();
  }

  @Override
  public <T> T readObject(com.esotericsoftware.kryo.io.Input input, Class<T> type) {
    return work.counted(super.readObject(input, type));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public <T> T readObject(com.esotericsoftware.kryo.io.Input input, Class<T> type, Serializer serializer) {
    return work.counted(super.readObject(input, type, serializer));
  }

  @Override
  public <T> T readObjectOrNull(com.esotericsoftware.kryo.io.Input input, Class<T> type) {
    return work.counted(super.readObjectOrNull(input, type));
  }

  @Override
  @SuppressWarnings("rawtypes")
  public <T> T readObjectOrNull(com.esotericsoftware.kryo.io.Input input, Class<T> type, Serializer serializer) {
    return work.counted(super.readObjectOrNull(input, type, serializer));
  }

  @Override
  public Object readClassAndObject(com.esotericsoftware.kryo.io.Input input) {
    return work.counted(super.readClassAndObject(input));
  }

  ClassFilter classFilter() {
    return classFilter;
  }

  int getMaxDepthSetting() {
    return maxDepth;
  }

  @Override
  @SuppressWarnings({"rawtypes", "unchecked"})
  public Serializer getDefaultSerializer(Class type) {
    Serializer<?> wrapper = JdkCollectionViews.wrapperFor(type);
    if (wrapper != null) {
      return wrapper;
    }
    if (Enum.class.isAssignableFrom(type)) {
      // By name: reordering or adding constants in a new release keeps old values readable.
      return new EnumNameSerializer(type.isEnum() ? type : type.getSuperclass());
    }
    if (type == EnumMap.class) {
      return jdkDelegate; // its key type is private; Java serialization knows it
    }
    boolean jdk = isJdkClass(type);
    if (!jdk && (definesSerializedForm(type) || extendsStatefulJdkClass(type))) {
      if (!Serializable.class.isAssignableFrom(type)) {
        throw new SerializationException("cannot encode " + type.getName() + ": it extends "
            + firstJdkSuperclass(type).getName() + ", whose state only Java serialization can read, and is not Serializable");
      }
      return jdkDelegate;
    }
    Serializer chosen;
    try {
      chosen = super.getDefaultSerializer(type);
    } catch (RuntimeException e) { // InaccessibleObjectException: Java 17 forbids reflection into the JDK
      chosen = null;
    }
    if (jdk && chosen != null && (chosen.getClass() == CollectionSerializer.class || chosen.getClass() == MapSerializer.class)) {
      Serializer<?> copy = JdkCollectionViews.copyFor(type);
      if (copy != null) {
        return copy; // a JDK collection Kryo cannot instantiate: a sub-list, a key set...
      }
    }
    if (jdk && (chosen == null || chosen instanceof FieldSerializer || chosen instanceof NamedFieldSerializer)) {
      // Kryo would read the JDK class's private fields, which Java 17 forbids.
      if (Serializable.class.isAssignableFrom(type)) {
        return jdkDelegate;
      }
      throw new SerializationException("cannot encode " + type.getName() + ": a JDK class that is"
          + " not Serializable and has no serializer");
    }
    if (chosen == null) {
      return new NamedFieldSerializer<>(type); // throws with the reason the library's choice failed
    }
    return bounded(chosen);
  }

  @SuppressWarnings({"rawtypes", "unchecked"})
  private static Serializer bounded(Serializer chosen) {
    Class<?> kind = chosen.getClass();
    if (kind == CollectionSerializer.class) {
      return new BoundedSerializers.BoundedCollectionSerializer();
    }
    if (kind == MapSerializer.class) {
      return new BoundedSerializers.BoundedMapSerializer();
    }
    if (kind == PriorityQueueSerializer.class) {
      return new BoundedSerializers.BoundedPriorityQueueSerializer();
    }
    if (kind == ObjectArraySerializer.class || kind == StringArraySerializer.class
        || kind == BooleanArraySerializer.class) {
      return new BoundedSerializers.LengthFirstSerializer(chosen);
    }
    return chosen;
  }

  /** True when an application class inherits instance fields from a JDK class (ArrayList, say). */
  static boolean extendsStatefulJdkClass(Class<?> type) {
    Class<?> jdk = firstJdkSuperclass(type);
    for (Class<?> c = jdk; c != null && c != Object.class; c = c.getSuperclass()) {
      for (var field : c.getDeclaredFields()) {
        if (!Modifier.isStatic(field.getModifiers()) && !Modifier.isTransient(field.getModifiers())) {
          return true;
        }
      }
    }
    return false;
  }

  private static Class<?> firstJdkSuperclass(Class<?> type) {
    Class<?> c = type;
    while (c != null && !isJdkClass(c)) {
      c = c.getSuperclass();
    }
    return c == null ? Object.class : c;
  }

  /** Classes of the JDK itself (boot and platform class loaders). */
  static boolean isJdkClass(Class<?> type) {
    ClassLoader loader = type.getClassLoader();
    return loader == null || loader == ClassLoader.getPlatformClassLoader();
  }

  /**
   * True when Java serialization is how the class wants to be written: it is Externalizable, or
   * it (or a superclass of the application) declares writeObject, readObject, readObjectNoData,
   * writeReplace or readResolve.
   */
  static boolean definesSerializedForm(Class<?> type) {
    if (!Serializable.class.isAssignableFrom(type)) {
      return false;
    }
    if (Externalizable.class.isAssignableFrom(type)) {
      return true;
    }
    for (Class<?> c = type; c != null && !isJdkClass(c); c = c.getSuperclass()) {
      for (var method : c.getDeclaredMethods()) {
        if (Modifier.isStatic(method.getModifiers())) {
          continue;
        }
        String name = method.getName();
        Class<?>[] params = method.getParameterTypes();
        boolean hook = (name.equals("writeObject") && params.length == 1 && params[0] == ObjectOutputStream.class)
            || (name.equals("readObject") && params.length == 1 && params[0] == ObjectInputStream.class)
            || (name.equals("readObjectNoData") && params.length == 0)
            || (name.equals("writeReplace") && params.length == 0)
            || (name.equals("readResolve") && params.length == 0);
        if (hook) {
          return true;
        }
      }
    }
    return false;
  }
}
