package dev.handoff.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fields of a session hash (schema version 2) and their conversion to and from a {@link
 * SessionRecord}: {@code v} version, {@code ct} creation, {@code la} last access, {@code mi} max
 * inactive seconds, {@code ex} expiry, {@code nd} last node, {@code pr} principal, {@code at} auth
 * type, {@code tk} create token, {@code cl} expiry claim, {@code a:NAME} one attribute each. The
 * session id is not among them: the key holds a digest of it, and the reader supplies the id.
 */
final class HashFields {

  static final String VERSION = "v";
  static final String CREATED = "ct";
  static final String LAST_ACCESS = "la";
  static final String MAX_INACTIVE = "mi";
  static final String EXPIRY = "ex";
  static final String NODE = "nd";
  static final String PRINCIPAL = "pr";
  static final String AUTH_TYPE = "at";
  static final String CLAIM = "cl";
  static final String CREATE_TOKEN = "tk";
  static final String ATTRIBUTE = "a:";

  private HashFields() {
  }

  static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(long number) {
    return Long.toString(number).getBytes(StandardCharsets.US_ASCII);
  }

  /** Field/value pairs of a whole record but its version, as create writes them. */
  static List<byte[]> of(SessionRecord record, String createToken) {
    List<byte[]> pairs = new ArrayList<>();
    add(pairs, CREATE_TOKEN, bytes(createToken));
    add(pairs, CREATED, bytes(record.creationTime()));
    add(pairs, LAST_ACCESS, bytes(record.lastAccessedTime()));
    add(pairs, MAX_INACTIVE, bytes(record.maxInactiveSeconds()));
    add(pairs, EXPIRY, bytes(record.expiryTime()));
    add(pairs, NODE, bytes(record.lastNode()));
    if (record.principal() != null) {
      add(pairs, PRINCIPAL, record.principal());
    }
    if (record.authType() != null) {
      add(pairs, AUTH_TYPE, bytes(record.authType()));
    }
    record.attributes().forEach((name, value) -> add(pairs, ATTRIBUTE + name, value));
    return pairs;
  }

  static void add(List<? super byte[]> pairs, String field, byte[] value) {
    pairs.add(bytes(field));
    pairs.add(value);
  }

  /**
   * The record of session {@code id} from its hash's field/value map; null when the hash lacks the
   * core fields (a schema 1 hash, for one, is read as absent: it names no create token).
   */
  static SessionRecord toRecord(String id, Map<String, byte[]> fields) {
    byte[] version = fields.get(VERSION);
    if (version == null || fields.get(LAST_ACCESS) == null || fields.get(CREATE_TOKEN) == null) {
      return null;
    }
    Map<String, byte[]> attributes = new LinkedHashMap<>();
    fields.forEach((name, value) -> {
      if (name.startsWith(ATTRIBUTE)) {
        attributes.put(name.substring(ATTRIBUTE.length()), value);
      }
    });
    byte[] authType = fields.get(AUTH_TYPE);
    byte[] node = fields.get(NODE);
    return new SessionRecord(id, number(fields.get(CREATED)), number(fields.get(LAST_ACCESS)),
        (int) number(fields.get(MAX_INACTIVE)), number(version), node == null ? null : text(node),
        fields.get(PRINCIPAL), authType == null ? null : text(authType), attributes);
  }

  /** The same from a script's flat reply: field, value, field, value... from {@code offset}. */
  static SessionRecord toRecord(String id, List<?> flat, int offset) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    for (int i = offset; i + 1 < flat.size(); i += 2) {
      fields.put(text((byte[]) flat.get(i)), (byte[]) flat.get(i + 1));
    }
    return toRecord(id, fields);
  }

  static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }

  static long number(Object value) {
    if (value == null) {
      return 0;
    }
    if (value instanceof Long l) {
      return l;
    }
    return Long.parseLong(new String((byte[]) value, StandardCharsets.US_ASCII));
  }
}
