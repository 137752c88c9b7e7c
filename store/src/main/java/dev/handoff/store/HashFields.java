package dev.handoff.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fields of a session hash (schema version 2) and their conversion to and from a {@link
 * SessionRecord}: {@code v} version, {@code ct} creation, {@code la} last access, {@code mi} max
 * inactive seconds, {@code ex} expiry, {@code nd} last node, {@code pr} principal, {@code at} auth
 * type, {@code tk} create token, {@code cl} expiry claim, {@code a:NAME} one attribute each, and
 * the {@link ContainerField}s (plain decimal numbers). The session id is not among them: the key
 * holds a digest of it, and the reader supplies the id. Fields the schema does not name are left
 * alone: never read, never deleted.
 */
final class HashFields {

  private static final Logger LOG = LoggerFactory.getLogger(HashFields.class);

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
    addContainerFields(pairs, record.containerFields());
    record.attributes().forEach((name, value) -> add(pairs, ATTRIBUTE + name, value));
    return pairs;
  }

  static void addContainerFields(List<? super byte[]> pairs, Map<ContainerField, Long> numbers) {
    numbers.forEach((field, value) -> add(pairs, field.field(), bytes(value)));
  }

  static void add(List<? super byte[]> pairs, String field, byte[] value) {
    pairs.add(bytes(field));
    pairs.add(value);
  }

  /**
   * The record of session {@code id} of {@code namespace} from its hash's field/value map; null
   * when the hash lacks the core fields (a schema 1 hash, for one, is read as absent: it names no
   * create token). A container field that is not a decimal number is left out, with a warning (the
   * container reads the session as if another had written it).
   *
   * @throws MalformedSessionException when a store field that must be a number is not one
   */
  static SessionRecord toRecord(String namespace, String id, Map<String, byte[]> fields) {
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
    Map<ContainerField, Long> numbers = new EnumMap<>(ContainerField.class);
    for (ContainerField field : ContainerField.values()) {
      byte[] value = fields.get(field.field());
      if (value != null) {
        Long number = decimal(value);
        if (number != null) {
          numbers.put(field, number);
        } else {
          LOG.warn("[{}] {}: hash field {} is not a decimal number ({} bytes); left out", namespace,
              SessionIds.forLog(id), field.field(), value.length);
        }
      }
    }
    byte[] authType = fields.get(AUTH_TYPE);
    byte[] node = fields.get(NODE);
    return new SessionRecord(id, storeNumber(namespace, id, fields, CREATED),
        storeNumber(namespace, id, fields, LAST_ACCESS), (int) storeNumber(namespace, id, fields, MAX_INACTIVE),
        storeNumber(namespace, id, fields, VERSION), node == null ? null : text(node), fields.get(PRINCIPAL),
        authType == null ? null : text(authType), attributes, numbers);
  }

  /** The same from a script's flat reply: field, value, field, value... from {@code offset}. */
  static SessionRecord toRecord(String namespace, String id, List<?> flat, int offset) {
    Map<String, byte[]> fields = new LinkedHashMap<>();
    for (int i = offset; i + 1 < flat.size(); i += 2) {
      fields.put(text((byte[]) flat.get(i)), (byte[]) flat.get(i + 1));
    }
    return toRecord(namespace, id, fields);
  }

  /** A store field's number (0 when absent); a value that is not a decimal number makes the session unreadable. */
  private static long storeNumber(String namespace, String id, Map<String, byte[]> fields, String field) {
    byte[] value = fields.get(field);
    if (value == null) {
      return 0;
    }
    Long number = decimal(value);
    if (number == null) {
      throw new MalformedSessionException("[" + namespace + "] " + SessionIds.forLog(id) + ": hash field " + field
          + " is not a decimal number (" + value.length + " bytes); the session cannot be read");
    }
    return number;
  }

  /** The value as a decimal number ({@code -} and ASCII digits), or null when it is not one. */
  static Long decimal(byte[] value) {
    if (value.length == 0 || value.length > 20) {
      return null;
    }
    for (int i = 0; i < value.length; i++) {
      boolean sign = i == 0 && value[i] == '-' && value.length > 1;
      if (!sign && (value[i] < '0' || value[i] > '9')) {
        return null;
      }
    }
    try {
      return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return null; // beyond a long
    }
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
