package dev.handoff.store;

import java.security.SecureRandom;

/** The random source of {@link SessionStore#newCreateToken}. */
final class CreateTokens {

  static final SecureRandom RANDOM = new SecureRandom();

  private CreateTokens() {
  }
}
