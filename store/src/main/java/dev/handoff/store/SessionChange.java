package dev.handoff.store;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What one write changes in a session: attributes set (with their new bytes) and removed,
 * access time, inactivity limit, login, container fields. Only what is in here is written. Adapters
 * get it from their {@link TrackedSession} (the changes of the requests that saved, not yet
 * written); build one with {@link #builder()}; immutable once built.
 */
public final class SessionChange {

  private final Map<String, byte[]> set;
  private final Set<String> removed;
  private final long lastAccessedTime;
  private final int maxInactiveSeconds;
  private final boolean loginChanged;
  private final byte[] principal;
  private final String authType;
  private final Map<ContainerField, Long> containerFields;

  private SessionChange(Builder b) {
    this.set = Collections.unmodifiableMap(new LinkedHashMap<>(b.set));
    this.removed = Collections.unmodifiableSet(new LinkedHashSet<>(b.removed));
    this.lastAccessedTime = b.lastAccessedTime;
    this.maxInactiveSeconds = b.maxInactiveSeconds;
    this.loginChanged = b.loginChanged;
    this.principal = b.principal;
    this.authType = b.authType;
    this.containerFields = b.containerFields.isEmpty() ? Map.of()
        : Collections.unmodifiableMap(new EnumMap<>(b.containerFields));
  }

  /** An empty change. */
  public static Builder builder() {
    return new Builder();
  }

  public Map<String, byte[]> set() { return set; }
  public Set<String> removed() { return removed; }
  /** The new last access time, or 0 when unchanged. */
  public long lastAccessedTime() { return lastAccessedTime; }
  /** The new inactivity limit, or {@link Integer#MIN_VALUE} when unchanged. */
  public int maxInactiveSeconds() { return maxInactiveSeconds; }
  /** True when the login (principal and auth type) is to be written, or cleared when null. */
  public boolean loginChanged() { return loginChanged; }
  public byte[] principal() { return principal; }
  public String authType() { return authType; }
  /** The container fields to write; those not named keep their stored values. */
  public Map<ContainerField, Long> containerFields() { return containerFields; }

  /** This change followed by {@code newer}: what writing both in order would leave. */
  public SessionChange mergedWith(SessionChange newer) {
    Builder merged = new Builder();
    set.forEach(merged::set);
    removed.forEach(merged::remove);
    newer.set.forEach(merged::set);
    newer.removed.forEach(merged::remove);
    merged.lastAccessedTime(Math.max(lastAccessedTime, newer.lastAccessedTime));
    merged.maxInactiveSeconds(newer.maxInactiveSeconds != Integer.MIN_VALUE ? newer.maxInactiveSeconds : maxInactiveSeconds);
    containerFields.forEach(merged::containerField);
    newer.containerFields.forEach(merged::containerField);
    if (newer.loginChanged) {
      merged.login(newer.principal, newer.authType);
    } else if (loginChanged) {
      merged.login(principal, authType);
    }
    return merged.build();
  }

  /** The same change with each set value and the principal passed through {@code values} and {@code login}. */
  SessionChange withValues(java.util.function.BiFunction<String, byte[], byte[]> values,
      java.util.function.UnaryOperator<byte[]> login) {
    Builder copy = new Builder();
    set.forEach((name, value) -> copy.set(name, values.apply(name, value)));
    removed.forEach(copy::remove);
    copy.lastAccessedTime = lastAccessedTime;
    copy.maxInactiveSeconds = maxInactiveSeconds;
    containerFields.forEach(copy::containerField);
    if (loginChanged) {
      copy.login(principal == null ? null : login.apply(principal), authType);
    }
    return copy.build();
  }

  /**
   * The memory this change holds while it waits for Redis, as counted toward maxQueuedBytes: its
   * bytes, its names (two bytes a character) and {@link #ENTRY_BYTES} an entry.
   */
  long heldBytes() {
    long bytes = ENTRY_BYTES + (principal == null ? 0 : principal.length);
    for (Map.Entry<String, byte[]> entry : set.entrySet()) {
      bytes += ENTRY_BYTES + 2L * entry.getKey().length() + entry.getValue().length;
    }
    for (String name : removed) {
      bytes += ENTRY_BYTES + 2L * name.length();
    }
    return bytes;
  }

  /** What one map entry, its key object and array header cost beyond their content (64-bit JVM, rounded up). */
  static final int ENTRY_BYTES = 96;

  /** True when nothing would be written. */
  public boolean isEmpty() {
    return set.isEmpty() && removed.isEmpty() && lastAccessedTime == 0 && maxInactiveSeconds == Integer.MIN_VALUE
        && !loginChanged && containerFields.isEmpty();
  }

  /** Collects one request's changes; the last call for an attribute wins. */
  public static final class Builder {
    private final Map<String, byte[]> set = new LinkedHashMap<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private long lastAccessedTime;
    private int maxInactiveSeconds = Integer.MIN_VALUE;
    private boolean loginChanged;
    private byte[] principal;
    private String authType;
    private final Map<ContainerField, Long> containerFields = new EnumMap<>(ContainerField.class);

    private Builder() {
    }

    /** The attribute now holds these bytes. */
    public Builder set(String name, byte[] value) {
      removed.remove(name);
      set.put(name, value);
      return this;
    }

    /**
     * The entry is to hold {@code value}, or to be gone when it is null, given the bytes it
     * {@code holds} now (null: absent); nothing when that is already so.
     *
     * @return true when something was added to the change
     */
    public boolean setOrRemove(String name, byte[] value, byte[] holds) {
      if (java.util.Arrays.equals(value, holds)) {
        return false;
      }
      if (value == null) {
        remove(name);
      } else {
        set(name, value);
      }
      return true;
    }

    /** The attribute is gone. */
    public Builder remove(String name) {
      set.remove(name);
      removed.add(name);
      return this;
    }

    /** The session was accessed at this time (epoch milliseconds). */
    public Builder lastAccessedTime(long time) {
      this.lastAccessedTime = time;
      return this;
    }

    /** The inactivity limit changed. */
    public Builder maxInactiveSeconds(int seconds) {
      this.maxInactiveSeconds = seconds;
      return this;
    }

    /** The user logged in (or out, with nulls). */
    public Builder login(byte[] principal, String authType) {
      this.loginChanged = true;
      this.principal = principal;
      this.authType = authType;
      return this;
    }

    /** The container field now holds this number. */
    public Builder containerField(ContainerField field, long value) {
      containerFields.put(java.util.Objects.requireNonNull(field, "field"), value);
      return this;
    }

    public SessionChange build() {
      return new SessionChange(this);
    }
  }
}
