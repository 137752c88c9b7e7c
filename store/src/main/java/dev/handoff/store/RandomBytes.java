package dev.handoff.store;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;

/**
 * Random bytes for tokens, nonces and seal salts, from a strong generator per thread. One shared
 * {@code SecureRandom} is a lock every save took (a write token, a salt per sealed value): under
 * 16 request threads its waits averaged 20 ms a call and bounded a changing page to 2,500
 * requests/s (JFR, bench-load's counter page). Each thread's DRBG is seeded from the system once.
 */
final class RandomBytes {

  private static final ThreadLocal<SecureRandom> PER_THREAD = ThreadLocal.withInitial(RandomBytes::newGenerator);

  private RandomBytes() {
  }

  /** Fills {@code bytes} with random bytes. */
  static void fill(byte[] bytes) {
    PER_THREAD.get().nextBytes(bytes);
  }

  private static SecureRandom newGenerator() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom(); // a JDK without DRBG (before 9): the default, shared as before
    }
  }
}
