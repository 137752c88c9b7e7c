package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.util.DefaultClassResolver;
import dev.handoff.serialization.ClassFilter;

/**
 * Kryo's class resolver with the class filter in front: a class name read from the input is
 * checked before the class is looked up, loaded or instantiated.
 */
final class FilteringClassResolver extends DefaultClassResolver {

  private final ClassFilter filter;

  FilteringClassResolver(ClassFilter filter) {
    this.filter = filter;
  }

  @Override
  protected Class<?> getTypeByName(String className) {
    filter.check(className);
    return super.getTypeByName(className);
  }
}
