package dev.handoff.store;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A container login as the {@code pr} field holds it, in a form both containers read: the user
 * name and roles, plus the container's own principal (serialized by the adapter that wrote it)
 * when that principal carries more than a name and roles. Tomcat and Jetty nodes of one fleet thus
 * resume each other's logins; a node of the container that wrote it gets its own principal back.
 *
 * <p>Also names the reserved entry that carries a FORM login's pending return address between
 * containers ({@link #RETURN_URI}).
 *
 * @param name the user name
 * @param roles the user's roles
 * @param containerPrincipal the adapter's serialized principal, or null when name and roles say it all
 */
public record Login(String name, List<String> roles, byte[] containerPrincipal) {

  /**
   * Reserved entry of the session hash: the address (path and query, context path included) a
   * FORM login returns to, saved when a container sent the login page and removed when the
   * login completes. Each container also keeps its own saved request; this one is what the other
   * container reads.
   */
  public static final String RETURN_URI = "\u0000login:uri";

  private static final int FORMAT = 0xB2;
  private static final int VERSION = 1;
  private static final int MAX_ROLES = 65_535;

  public Login {
    Objects.requireNonNull(name, "name");
    roles = List.copyOf(roles);
  }

  /** The bytes of the {@code pr} field. */
  public byte[] toBytes() {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream(32 + name.length());
    try (DataOutputStream out = new DataOutputStream(buffer)) {
      out.writeByte(FORMAT);
      out.writeByte(VERSION);
      writeText(out, name);
      if (roles.size() > MAX_ROLES) {
        throw new IllegalArgumentException("a login with more than " + MAX_ROLES + " roles cannot be stored");
      }
      out.writeShort(roles.size());
      for (String role : roles) {
        writeText(out, role);
      }
      out.writeInt(containerPrincipal == null ? -1 : containerPrincipal.length);
      if (containerPrincipal != null) {
        out.write(containerPrincipal);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a byte array does not fail
    }
    return buffer.toByteArray();
  }

  /** The user name in {@code pr} bytes, or null when they are not a login this version reads. */
  static String nameOf(byte[] bytes) {
    try {
      return fromBytes(bytes).name();
    } catch (IllegalArgumentException notALogin) {
      return null;
    }
  }

  /**
   * Reads the {@code pr} field; every length is checked against the input.
   *
   * @throws IllegalArgumentException when the bytes are not a login this version wrote
   */
  public static Login fromBytes(byte[] bytes) {
    if (bytes.length < 2 || (bytes[0] & 0xFF) != FORMAT) {
      throw new IllegalArgumentException("not a Handoff login record (" + bytes.length + " bytes)");
    }
    if (bytes[1] != VERSION) {
      throw new IllegalArgumentException("a Handoff login record of format " + bytes[1] + ", this version reads "
          + VERSION);
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes, 2, bytes.length - 2))) {
      String name = readText(in);
      int count = in.readUnsignedShort();
      List<String> roles = new ArrayList<>(Math.min(count, in.available()));
      for (int i = 0; i < count; i++) {
        roles.add(readText(in));
      }
      int length = in.readInt();
      if (length < -1 || length > in.available()) {
        throw new IllegalArgumentException("a Handoff login record with a bad principal length " + length);
      }
      byte[] principal = length < 0 ? null : in.readNBytes(length);
      if (in.available() > 0) {
        throw new IllegalArgumentException("a Handoff login record with " + in.available() + " bytes too many");
      }
      return new Login(name, roles, principal);
    } catch (IOException e) {
      throw new IllegalArgumentException("a truncated Handoff login record (" + bytes.length + " bytes)", e);
    }
  }

  /** The bytes of the {@link #RETURN_URI} entry. */
  public static byte[] returnUriBytes(String uri) {
    return uri.getBytes(StandardCharsets.UTF_8);
  }

  /** The address held by the {@link #RETURN_URI} entry, or null when it is not one. */
  public static String returnUri(byte[] bytes) {
    if (bytes == null || bytes.length == 0 || bytes[0] != '/') {
      return null;
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }

  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(utf8.length);
    out.write(utf8);
  }

  private static String readText(DataInputStream in) throws IOException {
    int length = in.readInt();
    if (length < 0 || length > in.available()) {
      throw new IllegalArgumentException("a Handoff login record with a bad text length " + length);
    }
    return new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Login login && name.equals(login.name) && roles.equals(login.roles)
        && java.util.Arrays.equals(containerPrincipal, login.containerPrincipal);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, roles, java.util.Arrays.hashCode(containerPrincipal));
  }

  @Override
  public String toString() {
    return "Login[" + name + ", roles " + roles + (containerPrincipal == null ? "" : ", container principal "
        + containerPrincipal.length + " bytes") + "]";
  }
}
