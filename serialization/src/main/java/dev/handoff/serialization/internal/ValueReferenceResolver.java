package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.util.MapReferenceResolver;

/**
 * Tracks object identity (for cycles and shared objects) only where it can matter: not for
 * immutable values such as strings, numbers, dates and enums, whose identity no application may
 * rely on. That saves a byte and an identity-map lookup per such value.
 */
final class ValueReferenceResolver extends MapReferenceResolver {

  @Override
  public boolean useReferences(Class type) {
    return !ImmutableTypes.isImmutableType(type) && super.useReferences(type);
  }
}
