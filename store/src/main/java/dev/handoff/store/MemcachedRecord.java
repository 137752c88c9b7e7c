package dev.handoff.store;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A session as one Memcached item: every field the Redis hash holds, in one value, whose CAS
 * unique is the version check, or a tombstone that keeps an invalidated id from coming back. The
 * value holds no session id (the key is its digest); attribute values and the login are sealed
 * before they get here ({@link SealedValues}). Decoding is bounded by the bytes it reads: every
 * length is checked against what is left, at most {@link #MAX_FIELDS} entries.
 *
 * @param tombstone an invalidated session: every read is gone, every write refused
 * @param record the session (its id is the caller's); null for a tombstone
 * @param createToken the token of the create that wrote it (a resend of that create is its own)
 * @param writeTokens the tokens of the last writes, newest last (a write whose reply was lost is found here)
 */
record MemcachedRecord(boolean tombstone, SessionRecord record, String createToken, List<String> writeTokens) {

  private static final byte MAGIC = 'H';
  private static final byte FORMAT = 1;
  static final int MAX_FIELDS = 10_000;
  /** Write tokens kept: enough for the writes that can overlap one resend. */
  static final int KEPT_TOKENS = 8;

  static MemcachedRecord tombstoneRecord() {
    return new MemcachedRecord(true, null, null, List.of());
  }

  /** This record with {@code token} last among the write tokens. */
  MemcachedRecord written(SessionRecord next, String token) {
    List<String> tokens = new ArrayList<>(writeTokens);
    tokens.add(token);
    while (tokens.size() > KEPT_TOKENS) {
      tokens.remove(0);
    }
    return new MemcachedRecord(false, next, createToken, List.copyOf(tokens));
  }

  byte[] encode() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(MAGIC);
      out.writeByte(FORMAT);
      out.writeBoolean(tombstone);
      if (tombstone) {
        return bytes.toByteArray();
      }
      out.writeLong(record.creationTime());
      out.writeLong(record.lastAccessedTime());
      out.writeInt(record.maxInactiveSeconds());
      out.writeLong(record.version());
      text(out, record.lastNode());
      blob(out, record.principal());
      text(out, record.authType());
      text(out, createToken);
      out.writeInt(writeTokens.size());
      for (String token : writeTokens) {
        text(out, token);
      }
      out.writeInt(record.containerFields().size());
      for (Map.Entry<ContainerField, Long> field : record.containerFields().entrySet()) {
        text(out, field.getKey().field());
        out.writeLong(field.getValue());
      }
      out.writeInt(record.attributes().size());
      for (Map.Entry<String, byte[]> attribute : record.attributes().entrySet()) {
        text(out, attribute.getKey());
        blob(out, attribute.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * The record in {@code bytes}, with {@code id} as its id.
   *
   * @throws MalformedSessionException when the bytes are not a record this format wrote
   */
  static MemcachedRecord decode(String id, byte[] bytes) {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    try {
      if (in.get() != MAGIC || in.get() != FORMAT) {
        throw new MalformedSessionException("not a Handoff session item (unknown format)");
      }
      if (in.get() != 0) {
        return tombstoneRecord();
      }
      long creation = in.getLong();
      long lastAccess = in.getLong();
      int maxInactive = in.getInt();
      long version = in.getLong();
      String lastNode = text(in);
      byte[] principal = blob(in);
      String authType = text(in);
      String createToken = text(in);
      int tokenCount = count(in);
      List<String> tokens = new ArrayList<>(tokenCount);
      for (int i = 0; i < tokenCount; i++) {
        tokens.add(text(in));
      }
      int fieldCount = count(in);
      Map<ContainerField, Long> fields = new EnumMap<>(ContainerField.class);
      for (int i = 0; i < fieldCount; i++) {
        String name = text(in);
        long value = in.getLong();
        for (ContainerField field : ContainerField.values()) {
          if (field.field().equals(name)) {
            fields.put(field, value);
          }
        }
      }
      int attributeCount = count(in);
      Map<String, byte[]> attributes = new LinkedHashMap<>();
      for (int i = 0; i < attributeCount; i++) {
        attributes.put(text(in), blob(in));
      }
      if (in.hasRemaining()) {
        throw new MalformedSessionException(in.remaining() + " bytes after the last attribute");
      }
      return new MemcachedRecord(false, new SessionRecord(id, creation, lastAccess, maxInactive, version, lastNode,
          principal, authType, attributes, fields), createToken, List.copyOf(tokens));
    } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
      throw new MalformedSessionException("a session item cut short or malformed: " + e);
    }
  }

  private static int count(ByteBuffer in) {
    int count = in.getInt();
    if (count < 0 || count > MAX_FIELDS || count > in.remaining()) {
      throw new MalformedSessionException("a count of " + count + " entries (at most " + MAX_FIELDS + ")");
    }
    return count;
  }

  private static void text(DataOutputStream out, String text) throws IOException {
    blob(out, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
  }

  private static void blob(DataOutputStream out, byte[] value) throws IOException {
    if (value == null) {
      out.writeInt(-1);
      return;
    }
    out.writeInt(value.length);
    out.write(value);
  }

  private static String text(ByteBuffer in) {
    byte[] bytes = blob(in);
    return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
  }

  private static byte[] blob(ByteBuffer in) {
    int length = in.getInt();
    if (length == -1) {
      return null;
    }
    if (length < 0 || length > in.remaining()) {
      throw new MalformedSessionException("a length of " + length + " with " + in.remaining() + " bytes left");
    }
    byte[] bytes = new byte[length];
    in.get(bytes);
    return bytes;
  }
}
