package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
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
 * per value, each with the class its values are written as when that is fixed (a primitive or
 * String), then every field value, with its class only where it varies. A reader sets the fields it knows, leaves new
 * ones at their defaults, and reads and drops the values of fields it no longer has (reading them,
 * rather than skipping bytes, keeps Kryo's back-references in step). Everything is read from the
 * one bounded input.
 */
final class NamedFieldSerializer<T> extends Serializer<T> {

  private final Class<T> type;
  private final Field[] fields;
  private final String[] names;
  private final Class<?>[] fixedTypes;
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
    this.fixedTypes = new Class<?>[fields.length];
    for (int i = 0; i < fields.length; i++) {
      Class<?> declared = fields[i].getType();
      // Primitives and strings only: Kryo shares one registration between int and Integer, so a
      // boxed field's class read back from the schema would look primitive.
      boolean fixed = declared.isPrimitive() || declared == String.class;
      fixedTypes[i] = fixed ? declared : null;
    }
  }

  @Override
  public void write(Kryo kryo, Output output, T object) {
    // The schema goes once per value and class; later objects of the class in that value share it.
    if (kryo.getGraphContext().put(this, Boolean.TRUE) == null) {
      output.writeVarInt(names.length, true);
      for (int i = 0; i < names.length; i++) {
        output.writeString(names[i]);
        kryo.writeClass(output, fixedTypes[i]); // null: each value carries its class
      }
    }
    for (int i = 0; i < fields.length; i++) {
      Object value;
      try {
        value = fields[i].get(object);
      } catch (IllegalAccessException e) {
        throw new SerializationException("cannot read field " + fields[i].getName() + " of " + type.getName(), e);
      }
      Class<?> fixed = fixedTypes[i];
      if (fixed == null) {
        kryo.writeClassAndObject(output, value);
      } else if (fixed == String.class) {
        output.writeString((String) value); // Kryo's string format has its own null
      } else if (fixed.isPrimitive()) {
        // The primitive's own serializer: a boxed Character would otherwise find another one.
        kryo.writeObject(output, value, kryo.getRegistration(fixed).getSerializer());
      } else {
        kryo.writeObjectOrNull(output, value, fixed);
      }
    }
  }

  @Override
  public T read(Kryo kryo, Input input, Class<? extends T> actualType) {
    T object = kryo.newInstance(actualType);
    kryo.reference(object);
    Schema schema = readSchema(kryo, input);
    for (int i = 0; i < schema.fields.length; i++) {
      Class<?> writtenAs = schema.writtenAs[i];
      Object value = writtenAs == null ? kryo.readClassAndObject(input)
          : writtenAs == String.class ? input.readString()
          : writtenAs.isPrimitive() ? kryo.readObject(input, writtenAs)
          : kryo.readObjectOrNull(input, writtenAs);
      Field field = schema.fields[i];
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

  private Schema readSchema(Kryo kryo, Input input) {
    Object cached = kryo.getGraphContext().get(this);
    if (cached instanceof Schema schema) {
      return schema;
    }
    int count = input.readVarInt(true);
    BoundedInput.reserve(input, count);
    Field[] schemaFields = new Field[count];
    Class<?>[] writtenAs = new Class<?>[count];
    for (int i = 0; i < count; i++) {
      schemaFields[i] = byName.get(input.readString());
      Registration registration = kryo.readClass(input);
      writtenAs[i] = registration == null ? null : registration.getType();
    }
    Schema schema = new Schema(schemaFields, writtenAs);
    kryo.getGraphContext().put(this, schema);
    return schema;
  }

  /** The fields of one writer's release, in its order, and how their values were written. */
  private record Schema(Field[] fields, Class<?>[] writtenAs) {
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
