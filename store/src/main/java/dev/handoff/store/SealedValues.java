package dev.handoff.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The values of a session that carry data (attribute values, notes and the saved request among
 * them, and the login) sealed with the sessionKey: AES-GCM from the JDK, authenticated together
 * with the session's key digest and the field's name, so a value moved to another session or
 * field does not open. The first key seals, every key opens (rotation).
 *
 * <pre>
 * byte 0      0x5E: a sealed value, format 1
 * byte 1      the first byte of SHA-256 of the key that sealed it (which key to try first)
 * bytes 2-17  a random salt: the value's own key is HMAC-SHA256(sessionKey, salt), so no
 *             (key, nonce) pair repeats however many values a fleet seals
 * then        AES-GCM ciphertext and its 16-byte tag (nonce zero: each value key is used once)
 * </pre>
 *
 * A value that does not open (planted, moved, sealed by a key no longer configured, or written
 * without a key) is left out of the record, logged once per session and field, and stays in
 * Redis: it costs that value only.
 */
final class SealedValues {

  static final byte FORMAT = 0x5E;
  private static final int SALT_BYTES = 16;
  private static final int TAG_BITS = 128;
  static final int OVERHEAD = 2 + SALT_BYTES + TAG_BITS / 8;
  private static final byte[] ZERO_NONCE = new byte[12];
  private static final byte[] LABEL = "handoff seal 1".getBytes(StandardCharsets.US_ASCII);
  private static final int LOGGED_REFUSALS = 10_000;
  private static final Logger LOG = LoggerFactory.getLogger(SealedValues.class);

  private final List<byte[]> keys;
  private final byte[] tags;
  private final String namespace;
  private final Set<String> logged = ConcurrentHashMap.newKeySet();

  /** Seals with {@code keys.get(0)}, opens with any; no keys: values pass in clear. */
  SealedValues(List<byte[]> keys, String namespace) {
    this.keys = List.copyOf(keys);
    this.namespace = namespace;
    this.tags = new byte[keys.size()];
    for (int i = 0; i < keys.size(); i++) {
      tags[i] = sha256(keys.get(i))[0];
    }
  }

  /** Bytes a sealed value has beyond its content; 0 without a key. Not counted toward maxSessionBytes. */
  int overhead() {
    return enabled() ? OVERHEAD : 0;
  }

  boolean enabled() {
    return !keys.isEmpty();
  }

  /**
   * The keys of a {@code sessionKey} setting: base64 of 16 or 32 random bytes each, separated by
   * commas or spaces, the sealing key first.
   *
   * @throws IllegalArgumentException naming the setting and the entry that is not a key
   */
  static List<byte[]> parseKeys(String text) {
    List<byte[]> keys = new ArrayList<>();
    if (text == null || text.isBlank()) {
      return keys;
    }
    String[] entries = text.trim().split("[,\\s]+");
    for (int i = 0; i < entries.length; i++) {
      byte[] key;
      try {
        key = Base64.getDecoder().decode(entries[i].replace('-', '+').replace('_', '/'));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("sessionKey: entry " + (i + 1) + " is not base64;"
            + " make a key with: openssl rand -base64 32");
      }
      if (key.length != 16 && key.length != 32) {
        throw new IllegalArgumentException("sessionKey: entry " + (i + 1) + " is " + key.length
            + " bytes; a key is 16 or 32 random bytes in base64 (openssl rand -base64 32)");
      }
      keys.add(key);
    }
    return keys;
  }

  SessionRecord seal(String digest, SessionRecord record) {
    if (!enabled()) {
      return record;
    }
    Map<String, byte[]> sealed = new LinkedHashMap<>();
    record.attributes().forEach((name, value) -> sealed.put(name, seal(digest, HashFields.ATTRIBUTE + name, value)));
    byte[] principal = record.principal() == null ? null : seal(digest, HashFields.PRINCIPAL, record.principal());
    return record.withValues(sealed, principal);
  }

  SessionChange seal(String digest, SessionChange change) {
    if (!enabled()) {
      return change;
    }
    return change.withValues((name, value) -> seal(digest, HashFields.ATTRIBUTE + name, value),
        principal -> seal(digest, HashFields.PRINCIPAL, principal));
  }

  /** The record with every value opened; values that do not open are left out (logged once). */
  SessionRecord open(String digest, SessionRecord record) {
    if (!enabled()) {
      return record;
    }
    Map<String, byte[]> opened = new LinkedHashMap<>();
    String session = SessionIds.forLog(record.id());
    record.attributes().forEach((name, value) -> {
      byte[] plain = open(digest, HashFields.ATTRIBUTE + name, value, session);
      if (plain != null) {
        opened.put(name, plain);
      }
    });
    byte[] principal = record.principal() == null ? null
        : open(digest, HashFields.PRINCIPAL, record.principal(), session);
    return record.withValues(opened, principal);
  }

  byte[] seal(String digest, String field, byte[] plain) {
    byte[] salt = new byte[SALT_BYTES];
    RandomBytes.fill(salt);
    try {
      Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(0), salt, digest, field);
      ByteBuffer out = ByteBuffer.allocate(2 + SALT_BYTES + cipher.getOutputSize(plain.length));
      out.put(FORMAT).put(tags[0]).put(salt);
      cipher.doFinal(ByteBuffer.wrap(plain), out);
      return out.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("[" + namespace + "] sealing " + field + " failed: " + e, e);
    }
  }

  /** The plain value, or null when it does not open with any key (logged once per session and field). */
  byte[] open(String digest, String field, byte[] sealed, String session) {
    if (sealed.length >= OVERHEAD && sealed[0] == FORMAT) {
      for (int pass = 0; pass < 2; pass++) {
        for (int i = 0; i < keys.size(); i++) {
          if ((tags[i] == sealed[1]) != (pass == 0)) {
            continue; // keys whose tag matches first, then the others
          }
          try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, keys.get(i), Arrays.copyOfRange(sealed, 2, 2 + SALT_BYTES),
                digest, field);
            return cipher.doFinal(sealed, 2 + SALT_BYTES, sealed.length - 2 - SALT_BYTES);
          } catch (GeneralSecurityException doesNotOpen) {
            // try the next key
          }
        }
      }
    }
    if (logged.size() < LOGGED_REFUSALS && logged.add(digest + "/" + field)) {
      LOG.warn("[{}] {}: the value of {} is refused: it is not sealed by a configured sessionKey"
          + " (planted, moved from another session or field, or sealed by a removed key); left out, kept in Redis",
          namespace, session, field);
    }
    return null;
  }

  /**
   * One Mac and one Cipher per thread: looking them up costs more than sealing a small value, and
   * every attribute of every request is sealed or opened. Each use inits them afresh; a Cipher is
   * never re-inited with the same key (each value has its own).
   */
  private static final ThreadLocal<Mac> MACS = ThreadLocal.withInitial(() -> instance(() -> Mac.getInstance("HmacSHA256")));
  private static final ThreadLocal<Cipher> CIPHERS =
      ThreadLocal.withInitial(() -> instance(() -> Cipher.getInstance("AES/GCM/NoPadding")));

  private interface Lookup<T> {
    T get() throws GeneralSecurityException;
  }

  private static <T> T instance(Lookup<T> lookup) {
    try {
      return lookup.get();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM lacks HmacSHA256 or AES/GCM", e);
    }
  }

  private static Cipher cipher(int mode, byte[] key, byte[] salt, String digest, String field)
      throws GeneralSecurityException {
    Mac mac = MACS.get();
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    mac.update(LABEL);
    byte[] valueKey = Arrays.copyOf(mac.doFinal(salt), key.length);
    Cipher cipher = CIPHERS.get();
    cipher.init(mode, new SecretKeySpec(valueKey, "AES"), new GCMParameterSpec(TAG_BITS, ZERO_NONCE));
    cipher.updateAAD((digest + "\u0000" + field).getBytes(StandardCharsets.UTF_8));
    return cipher;
  }

  private static byte[] sha256(byte[] key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
