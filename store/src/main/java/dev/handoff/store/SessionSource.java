package dev.handoff.store;

import java.util.Map;

/**
 * What a container holds for a session now, as a {@link TrackedSession} asks for it when it
 * writes: the adapters implement it over their session fields.
 */
public interface SessionSource {

  /** The attribute's live value on this node, or null when it is removed (or not decoded here). */
  Object attribute(String name);

  /**
   * The bytes to store for {@code value}.
   *
   * @throws IllegalArgumentException when it cannot be stored (too large, not serializable); the
   *     adapter has logged why
   */
  byte[] encode(String name, Object value);

  /**
   * The bytes to store for {@code value} when they differ from {@code before} (it changed in
   * place), else null. Values that cannot change in place (strings, boxed numbers) answer null.
   *
   * @throws IllegalArgumentException when it cannot be stored; the adapter has logged why
   */
  byte[] encodeIfChanged(String name, Object value, byte[] before);

  /** Reserved entries the container keeps with the session (notes), name to bytes, or null for absent. */
  Map<String, byte[]> entries();

  /** The container's login object (compared by identity), or null. */
  Object principal();

  /** The stored bytes of {@link #principal()}; only called when it changed. */
  byte[] principalBytes();

  String authType();

  long creationTime();

  /** The latest access time the container knows, epoch milliseconds. */
  long accessTime();

  int maxInactiveSeconds();

  /**
   * The numbers the container keeps beyond the store's fields ({@link ContainerField}), written
   * with every write of the session and never a reason to write it; none by default.
   */
  default Map<ContainerField, Long> containerFields() {
    return Map.of();
  }

  /** The node the container names as the session's last, for its first write; null (the default): this node. */
  default String lastNode() {
    return null;
  }
}
