package dev.handoff.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The Lua scripts of schema version 2, read once from the jar (sent as EVALSHA by the store). */
final class Scripts {

  static final String CREATE = withReaders("create.lua");
  static final String SAVE = withSessionRules("save.lua");
  static final String READ = withSessionRules("read.lua");
  static final String CLAIM = withReaders("claim.lua");
  static final String DELETE = withReaders("delete.lua");
  static final String UNLOCK = load("unlock.lua");
  static final String RENEW = load("renew.lua");
  static final String CLAIM_RENEW = load("claim-renew.lua");
  static final String CLAIM_FINISH = load("claim-finish.lua");
  static final String INDEX = load("index.lua");
  static final String LOGINS = load("logins.lua");
  /** Every script, for SCRIPT LOAD at start. */
  static final java.util.List<String> ALL = java.util.List.of(CREATE, SAVE, READ, CLAIM, UNLOCK, RENEW, CLAIM_RENEW,
      CLAIM_FINISH, INDEX, DELETE, LOGINS);

  /** Each script's SHA-1, as EVALSHA names it. */
  private static final java.util.Map<String, String> SHAS = ALL.stream()
      .collect(java.util.stream.Collectors.toMap(script -> script, Scripts::sha1));

  private Scripts() {
  }

  /**
   * The SHA-1 that EVALSHA names {@code script} by. The store sends EVALSHA itself (loaded at
   * open, and again on a NOSCRIPT reply): left to Redisson, the first use of each script on each
   * node cost a SCRIPT LOAD round trip of its own.
   */
  static String sha(String script) {
    String sha = SHAS.get(script);
    if (sha == null) {
      throw new IllegalArgumentException("not one of the store's scripts");
    }
    return sha;
  }

  private static String sha1(String script) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
          .digest(script.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The script after the rules of a session's readers (readers.lua), with the Java constants filled in. */
  private static String withReaders(String name) {
    return load("readers.lua").replace("{{MAX_READERS}}", Integer.toString(Announcements.MAX_READERS)) + load(name);
  }

  /** The script after the rules it shares with the others (readers.lua, session.lua), with the Java constants filled in. */
  private static String withSessionRules(String name) {
    return withReaders("session.lua").replace("{{UNLIMITED_KEEP_MS}}", Long.toString(SessionRecord.UNLIMITED_KEEP_MILLIS))
        .replace("{{MAX_FIELDS}}", Integer.toString(RedisSessionStore.MAX_FIELDS)) + load(name);
  }

  private static String load(String name) {
    try (InputStream in = Scripts.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("the Handoff jar lacks " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
