package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.handoff.serialization.SerializationException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Application classes, field by field, so that a class may gain or lose fields between two
 * releases of the application (a rolling upgrade, a rollback): the field names are written once
 * per value, then every field value with its class. A reader sets the fields it knows, leaves new
 * ones at their defaults, and reads and drops the values of fields it no longer has (reading them,
 * rather than skipping bytes, keeps Kryo's back-references in step). Everything is read from the
 * one bounded input.
 */
final class NamedFieldSerializer<T> extends Serializer<T> {

  private final Class<T> type;
  private final Field[] fields;
  private final String[] names;
  private final Map<String, Field> byName = new HashMap<>();

  NamedFieldSerializer(Class<T> type) {
    this.type = type;
    List<Field> all = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<String> fieldNames = new ArrayList<>();
    for (Class<?> c = type; c != null && !HandoffKryo.isJdkClass(c); c = c.getSuperclass()) {
      for (Field field : c.getDeclaredFields()) {
        int modifiers = field.getModifiers();
        if (Modifier.isStatic(modifiers) || Modifier.isTransient(modifiers) || field.isSynthetic()
            && !field.getName().startsWith("this$")) {
          continue;
        }
        try {
          field.setAccessible(true);
        } catch (RuntimeException e) {
          throw new SerializationException("cannot encode " + type.getName() + ": field " + field.getName()
              + " is not accessible (" + e.getMessage() + ")", e);
        }
        String name = seen.add(field.getName()) ? field.getName() : c.getName() + "#" + field.getName();
        all.add(field);
        fieldNames.add(name);
        byName.put(name, field);
      }
    }
    this.fields = all.toArray(Field[]::new);
    this.names = fieldNames.toArray(String[]::new);
  }

  @Override
  public void write(Kryo kryo, Output output, T object) {
    // The names go once per value and class; within one value later objects refer to them.
    if (kryo.getGraphContext().put(this, Boolean.TRUE) == null) {
      output.writeVarInt(names.length, true);
      for (String name : names) {
        output.writeString(name);
      }
    }
    for (Field field : fields) {
      try {
        kryo.writeClassAndObject(output, field.get(object));
      } catch (IllegalAccessException e) {
        throw new SerializationException("cannot read field " + field.getName() + " of " + type.getName(), e);
      }
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> actualType) {
    T object = kryo.newInstance(actualType);
    kryo.reference(object);
    Field[] schema = readSchema(kryo, input);
    for (Field field : schema) {
      Object value = kryo.readClassAndObject(input);
      if (field == null || (value == null && field.getType().isPrimitive())) {
        continue; // a field this release does not have
      }
      if (value != null && !assignable(field.getType(), value.getClass())) {
        continue; // the field changed type between releases: keep the default
      }
      try {
        field.set(object, value);
      } catch (IllegalAccessException e) {
        throw new SerializationException("cannot set field " + field.getName() + " of " + type.getName(), e);
      }
    }
    return object;
  }

  @SuppressWarnings("unchecked")
  private Field[] readSchema(Kryo kryo, Input input) {
    Object cached = kryo.getGraphContext().get(this);
    if (cached instanceof Field[] schema) {
      return schema;
    }
    int count = input.readVarInt(true);
    BoundedInput.reserve(input, count);
    Field[] schema = new Field[count];
    for (int i = 0; i < count; i++) {
      schema[i] = byName.get(input.readString());
    }
    kryo.getGraphContext().put(this, schema);
    return schema;
  }

  private static boolean assignable(Class<?> fieldType, Class<?> valueType) {
    if (!fieldType.isPrimitive()) {
      return fieldType.isAssignableFrom(valueType);
    }
    return (fieldType == int.class && valueType == Integer.class) || (fieldType == long.class && valueType == Long.class)
        || (fieldType == boolean.class && valueType == Boolean.class) || (fieldType == double.class && valueType == Double.class)
        || (fieldType == float.class && valueType == Float.class) || (fieldType == short.class && valueType == Short.class)
        || (fieldType == byte.class && valueType == Byte.class) || (fieldType == char.class && valueType == Character.class);
  }
}
