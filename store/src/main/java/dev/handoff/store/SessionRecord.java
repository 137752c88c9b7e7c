package dev.handoff.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One session as stored: metadata, the authenticated user, and each attribute as the bytes the
 * serializer produced (decoding them is the caller's business, lazily). Immutable.
 *
 * @param id the session id (in clear only here, never in keys or logs)
 * @param creationTime epoch milliseconds
 * @param lastAccessedTime epoch milliseconds
 * @param maxInactiveSeconds seconds of inactivity before expiry; 0 or less: kept 30 days after last access
 * @param version incremented by every save; 0 before the first
 * @param lastNode the node that last wrote it
 * @param principal the serialized principal of a container login, or null
 * @param authType the container's auth type (FORM, BASIC...), or null
 * @param attributes attribute name to encoded value
 * @param containerFields the numbers a container keeps beyond these ({@link ContainerField}); those absent were
 *     never written (another container created the session) or could not be read
 */
public record SessionRecord(String id, long creationTime, long lastAccessedTime, int maxInactiveSeconds,
    long version, String lastNode, byte[] principal, String authType, Map<String, byte[]> attributes,
    Map<ContainerField, Long> containerFields) {

  /**
   * Entries whose names start with NUL are never attributes: Tomcat's authenticator notes and
   * the login's return address ({@link Login#RETURN_URI}); docs/schema.md lists them.
   */
  public static boolean isReserved(String name) {
    return name.startsWith("\u0000");
  }

  /** Sessions with no inactivity limit are still removed this long after their last access. */
  public static final long UNLIMITED_KEEP_MILLIS = 30L * 24 * 3600 * 1000;

  public SessionRecord {
    Objects.requireNonNull(id, "id");
    attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    containerFields = containerFields == null || containerFields.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(containerFields));
  }

  /** A record without container fields. */
  public SessionRecord(String id, long creationTime, long lastAccessedTime, int maxInactiveSeconds, long version,
      String lastNode, byte[] principal, String authType, Map<String, byte[]> attributes) {
    this(id, creationTime, lastAccessedTime, maxInactiveSeconds, version, lastNode, principal, authType, attributes,
        Map.of());
  }

  /** When the session expires if nothing touches it again, epoch milliseconds. */
  public long expiryTime() {
    return expiryTime(lastAccessedTime, maxInactiveSeconds);
  }

  /** True when {@code now} is past the expiry time. */
  public boolean isExpired(long now) {
    return expiryTime() <= now;
  }

  /** Total bytes of the attributes and principal. */
  public long size() {
    long size = principal == null ? 0 : principal.length;
    for (byte[] value : attributes.values()) {
      size += value.length;
    }
    return size;
  }

  /** The memory the record holds while it waits for Redis, counted as {@link SessionChange#heldBytes()} counts. */
  long heldBytes() {
    long bytes = SessionChange.ENTRY_BYTES + 2L * id.length() + (principal == null ? 0 : principal.length);
    for (Map.Entry<String, byte[]> entry : attributes.entrySet()) {
      bytes += SessionChange.ENTRY_BYTES + 2L * entry.getKey().length() + entry.getValue().length;
    }
    return bytes;
  }

  /** A copy with other attribute values and principal (sealed or opened: {@link SealedValues}). */
  SessionRecord withValues(Map<String, byte[]> newAttributes, byte[] newPrincipal) {
    return new SessionRecord(id, creationTime, lastAccessedTime, maxInactiveSeconds, version, lastNode, newPrincipal,
        authType, newAttributes, containerFields);
  }

  /** A copy with another id (for a session id change). */
  public SessionRecord withId(String newId) {
    return new SessionRecord(newId, creationTime, lastAccessedTime, maxInactiveSeconds, version, lastNode, principal,
        authType, attributes, containerFields);
  }

  /**
   * What Redis holds once {@code change} is written over this record and the session is at
   * {@code newVersion}: for a node that keeps the record it last read or wrote and checks it by
   * version ({@link SessionStore#read}) instead of reading it whole again.
   */
  public SessionRecord withChange(SessionChange change, long newVersion) {
    Map<String, byte[]> merged = new LinkedHashMap<>(attributes);
    merged.putAll(change.set());
    change.removed().forEach(merged::remove);
    Map<ContainerField, Long> numbers = new EnumMap<>(ContainerField.class);
    numbers.putAll(containerFields);
    numbers.putAll(change.containerFields());
    return new SessionRecord(id, creationTime,
        change.lastAccessedTime() > 0 ? change.lastAccessedTime() : lastAccessedTime,
        change.maxInactiveSeconds() != Integer.MIN_VALUE ? change.maxInactiveSeconds() : maxInactiveSeconds,
        newVersion, lastNode, change.loginChanged() ? change.principal() : principal,
        change.loginChanged() ? change.authType() : authType, merged, numbers);
  }

  static long expiryTime(long lastAccessedTime, int maxInactiveSeconds) {
    return maxInactiveSeconds > 0 ? lastAccessedTime + maxInactiveSeconds * 1000L : lastAccessedTime + UNLIMITED_KEEP_MILLIS;
  }

  @Override
  public String toString() {
    return "SessionRecord[" + SessionIds.forLog(id) + ", version " + version + ", " + attributes.size()
        + " attributes, last node " + lastNode + "]";
  }
}
