package dev.handoff.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The file that keeps what a node holds for Redis across a stop of the application while Redis is
 * unreachable: the invalidations and changes queued, and the container's sessions. Written whole
 * (a temporary file moved into place, readable by its owner only), sealed with the first
 * sessionKey when there is one; read back once, by the next start of the same namespace.
 */
final class Stash {

  private static final String MAGIC = "handoff stash 1";
  /** The seal's context: a stash opens only as a stash. */
  private static final String SEAL_DIGEST = "stash";
  private static final int MAX_ENTRIES = 10_000_000;

  /** What a stash holds. */
  record Contents(Set<String> invalidations, Map<String, SessionChange> changes, List<HeldSession> sessions) {
  }

  private Stash() {
  }

  static void write(Path file, String namespace, SealedValues sealed, Contents contents) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeUTF(MAGIC);
      out.writeUTF(namespace);
      out.writeInt(contents.invalidations().size());
      for (String id : contents.invalidations()) {
        out.writeUTF(id);
      }
      out.writeInt(contents.changes().size());
      for (Map.Entry<String, SessionChange> entry : contents.changes().entrySet()) {
        out.writeUTF(entry.getKey());
        writeChange(out, entry.getValue());
      }
      out.writeInt(contents.sessions().size());
      for (HeldSession session : contents.sessions()) {
        writeRecord(out, session.record());
        out.writeBoolean(session.persisted());
        writeNames(out, session.unwritten());
      }
    }
    byte[] plain = bytes.toByteArray();
    byte[] stored = sealed.enabled() ? sealed.seal(SEAL_DIGEST, namespace, plain) : plain;
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temporary);
    try {
      Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      Files.createFile(temporary);
    }
    Files.write(temporary, stored);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * @throws IOException when the file cannot be read, is not a stash, belongs to another namespace,
   *     or does not open with the configured sessionKeys
   */
  static Contents read(Path file, String namespace, SealedValues sealed) throws IOException {
    byte[] stored = Files.readAllBytes(file);
    byte[] plain = stored;
    if (sealed.enabled()) {
      plain = sealed.open(SEAL_DIGEST, namespace, stored, "the stash " + file.getFileName());
      if (plain == null) {
        throw new IOException(file + " does not open with the configured sessionKey (written with another key,"
            + " or not by Handoff)");
      }
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(plain))) {
      if (!MAGIC.equals(in.readUTF())) {
        throw new IOException(file + " is not a Handoff stash");
      }
      String of = in.readUTF();
      if (!of.equals(namespace)) {
        throw new IOException(file + " holds the sessions of namespace " + of + ", not " + namespace);
      }
      Set<String> invalidations = new LinkedHashSet<>();
      for (int i = count(in); i > 0; i--) {
        invalidations.add(in.readUTF());
      }
      Map<String, SessionChange> changes = new LinkedHashMap<>();
      for (int i = count(in); i > 0; i--) {
        changes.put(in.readUTF(), readChange(in));
      }
      List<HeldSession> sessions = new ArrayList<>();
      for (int i = count(in); i > 0; i--) {
        SessionRecord record = readRecord(in);
        sessions.add(new HeldSession(record, in.readBoolean(), readNames(in)));
      }
      return new Contents(invalidations, changes, sessions);
    } catch (java.io.EOFException | IllegalArgumentException e) {
      throw new IOException(file + " is cut short or damaged: " + e, e);
    }
  }

  private static void writeChange(DataOutputStream out, SessionChange change) throws IOException {
    writeValues(out, change.set());
    writeNames(out, change.removed());
    out.writeLong(change.lastAccessedTime());
    out.writeInt(change.maxInactiveSeconds());
    out.writeBoolean(change.loginChanged());
    writeBytes(out, change.principal());
    writeString(out, change.authType());
    writeFields(out, change.containerFields());
  }

  private static SessionChange readChange(DataInputStream in) throws IOException {
    SessionChange.Builder change = SessionChange.builder();
    readValues(in).forEach(change::set);
    readNames(in).forEach(change::remove);
    change.lastAccessedTime(in.readLong());
    change.maxInactiveSeconds(in.readInt());
    boolean login = in.readBoolean();
    byte[] principal = readBytes(in);
    String authType = readString(in);
    if (login) {
      change.login(principal, authType);
    }
    readFields(in).forEach(change::containerField);
    return change.build();
  }

  private static void writeRecord(DataOutputStream out, SessionRecord record) throws IOException {
    out.writeUTF(record.id());
    out.writeLong(record.creationTime());
    out.writeLong(record.lastAccessedTime());
    out.writeInt(record.maxInactiveSeconds());
    out.writeLong(record.version());
    writeString(out, record.lastNode());
    writeBytes(out, record.principal());
    writeString(out, record.authType());
    writeValues(out, record.attributes());
    writeFields(out, record.containerFields());
  }

  private static SessionRecord readRecord(DataInputStream in) throws IOException {
    return new SessionRecord(in.readUTF(), in.readLong(), in.readLong(), in.readInt(), in.readLong(), readString(in),
        readBytes(in), readString(in), readValues(in), readFields(in));
  }

  private static void writeValues(DataOutputStream out, Map<String, byte[]> values) throws IOException {
    out.writeInt(values.size());
    for (Map.Entry<String, byte[]> entry : values.entrySet()) {
      out.writeUTF(entry.getKey());
      writeBytes(out, entry.getValue());
    }
  }

  private static Map<String, byte[]> readValues(DataInputStream in) throws IOException {
    Map<String, byte[]> values = new LinkedHashMap<>();
    for (int i = count(in); i > 0; i--) {
      values.put(in.readUTF(), readBytes(in));
    }
    return values;
  }

  private static void writeNames(DataOutputStream out, Set<String> names) throws IOException {
    out.writeInt(names.size());
    for (String name : names) {
      out.writeUTF(name);
    }
  }

  private static Set<String> readNames(DataInputStream in) throws IOException {
    Set<String> names = new LinkedHashSet<>();
    for (int i = count(in); i > 0; i--) {
      names.add(in.readUTF());
    }
    return names;
  }

  private static void writeFields(DataOutputStream out, Map<ContainerField, Long> fields) throws IOException {
    out.writeInt(fields.size());
    for (Map.Entry<ContainerField, Long> entry : fields.entrySet()) {
      out.writeUTF(entry.getKey().name());
      out.writeLong(entry.getValue());
    }
  }

  private static Map<ContainerField, Long> readFields(DataInputStream in) throws IOException {
    Map<ContainerField, Long> fields = new EnumMap<>(ContainerField.class);
    for (int i = count(in); i > 0; i--) {
      fields.put(ContainerField.valueOf(in.readUTF()), in.readLong());
    }
    return fields;
  }

  private static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
    out.writeInt(bytes == null ? -1 : bytes.length);
    if (bytes != null) {
      out.write(bytes);
    }
  }

  private static byte[] readBytes(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < -1 || length > in.available()) {
      throw new IOException("a value of " + length + " bytes where " + in.available() + " are left");
    }
    return length < 0 ? null : in.readNBytes(length);
  }

  private static void writeString(DataOutputStream out, String text) throws IOException {
    out.writeBoolean(text != null);
    if (text != null) {
      out.writeUTF(text);
    }
  }

  private static String readString(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }

  private static int count(DataInputStream in) throws IOException {
    int count = in.readInt();
    if (count < 0 || count > MAX_ENTRIES) {
      throw new IOException("a count of " + count);
    }
    return count;
  }
}
