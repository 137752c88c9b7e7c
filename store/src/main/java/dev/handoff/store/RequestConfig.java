package dev.handoff.store;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How an adapter treats the requests of a session: whether attributes read are checked for
 * changes made in place, what a request gets while Redis is unreachable, and which requests hold
 * the session's lock. Built by {@link Settings} from the settings {@code checkInPlaceChanges},
 * {@code failurePolicy}, {@code locking} and {@code lockPattern}; immutable.
 */
public final class RequestConfig {

  /** Which requests take the session's lock for their whole duration. */
  public enum Locking { NONE, ALL, PATTERN }

  /** What a request that needs a session gets while Redis is unreachable. */
  public enum FailurePolicy { DEGRADE, FAIL }

  private final boolean checkInPlaceChanges;
  private final FailurePolicy failurePolicy;
  private final Locking locking;
  private final Pattern lockPattern;

  private RequestConfig(Builder b) {
    this.checkInPlaceChanges = b.checkInPlaceChanges;
    this.failurePolicy = b.failurePolicy;
    this.locking = b.locking;
    this.lockPattern = b.lockPattern;
  }

  /** Every setting at its default: check in-place changes, degrade, no locking. */
  public static RequestConfig defaults() {
    return new Builder().build();
  }

  static Builder builder() {
    return new Builder();
  }

  /** Whether attributes read during a request are re-encoded at its end and saved when their bytes changed. */
  public boolean checkInPlaceChanges() { return checkInPlaceChanges; }
  public FailurePolicy failurePolicy() { return failurePolicy; }
  public Locking locking() { return locking; }
  /** The request URIs that lock with {@link Locking#PATTERN}; null otherwise. */
  public Pattern lockPattern() { return lockPattern; }

  /** Whether a request to this URI holds the session's lock. */
  public boolean locks(String uri) {
    return locking == Locking.ALL || (locking == Locking.PATTERN && uri != null && lockPattern.matcher(uri).matches());
  }

  @Override
  public String toString() {
    return "checkInPlaceChanges=" + checkInPlaceChanges + ", failurePolicy=" + SettingBounds.word(failurePolicy)
        + ", locking=" + SettingBounds.word(locking) + (lockPattern == null ? "" : ", lockPattern=" + lockPattern);
  }

  /** Collects the settings; {@link #build()} validates them together. */
  static final class Builder {
    private boolean checkInPlaceChanges = true;
    private FailurePolicy failurePolicy = FailurePolicy.DEGRADE;
    private Locking locking = Locking.NONE;
    private Pattern lockPattern;

    private Builder() {
    }

    Builder checkInPlaceChanges(boolean check) { this.checkInPlaceChanges = check; return this; }
    Builder failurePolicy(FailurePolicy policy) { this.failurePolicy = Objects.requireNonNull(policy); return this; }
    Builder locking(Locking locking) { this.locking = Objects.requireNonNull(locking); return this; }
    Builder lockPattern(Pattern pattern) { this.lockPattern = pattern; return this; }

    RequestConfig build() {
      if (locking == Locking.PATTERN && lockPattern == null) {
        throw new IllegalArgumentException("locking = pattern needs lockPattern, a regular expression of request URIs");
      }
      if (locking != Locking.PATTERN && lockPattern != null) {
        throw new IllegalArgumentException("lockPattern = '" + lockPattern + "' is set but locking = "
            + locking.name().toLowerCase(Locale.ROOT) + "; set locking = pattern, or remove lockPattern");
      }
      return new RequestConfig(this);
    }
  }
}
