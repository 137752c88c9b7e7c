package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.ObjectMap;
import dev.handoff.serialization.ClassFilter;
import dev.handoff.serialization.SerializationException;
import java.io.Serializable;
import java.lang.reflect.Modifier;
import java.lang.reflect.Proxy;

/**
 * Kryo's class resolver with the class filter in front: a class name read from the input is
 * checked before the class is looked up; then the class, loaded without initializing it, must be
 * what a session attribute may be (Serializable, not a dynamic proxy) before Kryo builds a
 * serializer for it or any instance of it exists. Encoding refuses the same classes, so nothing
 * is written that could not be read back.
 */
final class FilteringClassResolver extends DefaultClassResolver {

  /** Immutable JDK values that are not Serializable, built by Kryo's own serializers: allowed. */
  private static final java.util.Set<Class<?>> JDK_VALUES = java.util.Set.of(java.util.Optional.class,
      java.util.OptionalInt.class, java.util.OptionalLong.class, java.util.OptionalDouble.class);

  private final ClassFilter filter;

  FilteringClassResolver(ClassFilter filter) {
    this.filter = filter;
  }

  @Override
  protected Class<?> getTypeByName(String className) {
    filter.check(className);
    Class<?> type = super.getTypeByName(className);
    if (type != null) {
      return type; // checked when it was first resolved
    }
    type = load(className);
    String refusal = refusal(type);
    if (refusal != null) {
      throw new SerializationException("class " + className + " is refused: " + refusal);
    }
    if (nameToClass == null) {
      nameToClass = new ObjectMap<>();
    }
    nameToClass.put(className, type);
    return type;
  }

  @Override
  protected void writeName(Output output, Class type, Registration registration) {
    String refusal = refusal(type);
    if (refusal != null) {
      throw new SerializationException("cannot encode " + type.getName() + ": " + refusal
          + " (session attributes of a distributable application must be Serializable)");
    }
    super.writeName(output, type, registration);
  }

  private Class<?> load(String className) {
    try {
      return Class.forName(className, false, kryo.getClassLoader());
    } catch (ClassNotFoundException e) {
      try {
        return Class.forName(className, false, Kryo.class.getClassLoader());
      } catch (ClassNotFoundException again) {
        throw new KryoException("Unable to find class: " + className, e);
      }
    }
  }

  /** Why a class may not be in a session attribute, or null when it may. */
  static String refusal(Class<?> type) {
    if (Proxy.isProxyClass(type)) {
      return "a dynamic proxy";
    }
    if (type.isArray()) {
      Class<?> component = type;
      while (component.isArray()) {
        component = component.getComponentType();
      }
      boolean open = component.isPrimitive() || component == Object.class || component.isInterface()
          || Modifier.isAbstract(component.getModifiers());
      return open ? null : refusal(component);
    }
    if (Serializable.class.isAssignableFrom(type) || JDK_VALUES.contains(type) || JdkCollectionViews.handles(type)) {
      return null;
    }
    return "not Serializable";
  }
}
