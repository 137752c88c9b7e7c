package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Values that cannot be encoded fail with the class name, never with a bare library error. */
class EncodeErrorsTest {

  private static final ClassLoader LOADER = EncodeErrorsTest.class.getClassLoader();

  /** Not Serializable. */
  static final class Plain {
    String value = "v";
  }

  @Test
  void jdk_notSerializable_namesTheClass() {
    SerializationException e = assertThrows(SerializationException.class, () -> Codecs.jdk().encode(new Plain(), LOADER));
    assertTrue(e.getMessage().contains(Plain.class.getName()) && e.getMessage().contains("must be Serializable"),
        e.getMessage());
  }

  @Test
  void kryo_aClassThatIsNotSerializable_isRefusedByName_applicationOrJdk() {
    SerializationException plain = assertThrows(SerializationException.class, () -> Codecs.kryo().encode(new Plain(), LOADER));
    assertTrue(plain.getMessage().contains(Plain.class.getName()) && plain.getMessage().contains("not Serializable"),
        plain.getMessage());
    SerializationException e = assertThrows(SerializationException.class,
        () -> Codecs.kryo().encode(new Thread(), LOADER));
    assertTrue(e.getMessage().contains("java.lang.Thread"), e.getMessage());
  }
}
