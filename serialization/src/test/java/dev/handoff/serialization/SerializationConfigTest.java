package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Every setting is validated at build time with a message naming the setting and the value. */
class SerializationConfigTest {

  @Test
  void defaults() {
    SerializationConfig config = SerializationConfig.defaults();
    assertEquals("kryo", config.serializer());
    assertTrue(config.compression());
    assertEquals(1024, config.compressionThresholdBytes());
    assertEquals(8 * 1024 * 1024, config.maxAttributeBytes());
    assertEquals(500, config.maxDepth());
    assertTrue(config.classFilter().patterns().contains("!org.apache.commons.collections.functors.**"));
  }

  @Test
  void outOfRangeNumbers_nameTheSettingAndTheBounds() {
    assertMessage(() -> SerializationConfig.builder().maxAttributeBytes(10).build(), "maxAttributeBytes = 10: must be between 1024 and 536870912");
    assertMessage(() -> SerializationConfig.builder().maxDepth(0).build(), "maxDepth = 0: must be between 16 and 10000");
    assertMessage(() -> SerializationConfig.builder().compressionThresholdBytes(1).build(),
        "compressionThresholdBytes = 1: must be between 64 and 536870912");
  }

  @Test
  void badClassFilter_namesThePattern() {
    assertMessage(() -> SerializationConfig.builder().classFilter("com.shop.**;maxdepth=5").build(),
        "classFilter: 'maxdepth=5' is a limit");
    assertMessage(() -> SerializationConfig.builder().classFilter("com.sh op.*").build(),
        "classFilter: 'com.sh op.*' is not a class pattern");
  }

  @Test
  void unknownSerializer_namesTheValueAndWhatIsAllowed() {
    assertMessage(() -> AttributeSerializer.create(SerializationConfig.builder().serializer("kryoo").build()),
        "serializer = 'kryoo': not kryo, not jdk, and no class of that name is visible");
    assertMessage(() -> AttributeSerializer.create(SerializationConfig.builder().serializer("java.lang.String").build()),
        "serializer = 'java.lang.String': that class does not implement dev.handoff.serialization.Codec");
    assertMessage(() -> SerializationConfig.builder().serializer(" ").build(), "serializer = ' '");
  }

  @Test
  void userCodecWithAReservedId_isRefused() {
    assertMessage(() -> AttributeSerializer.create(SerializationConfig.builder()
        .serializer(ReservedIdCodec.class.getName()).build()), "id 2 is outside 64..127");
  }

  @Test
  void toString_listsEverySetting_byTheNamesUsersWrite() {
    assertEquals("serializer=jdk, compression=false, compressionThresholdBytes=1024, classFilter=com.shop.**,"
        + " maxAttributeBytes=8388608, maxDepth=500, maxObjects=1000000, maxDecodeTime=1000ms",
        SerializationConfig.builder().serializer("jdk").compression(false).classFilter("com.shop.**").build().toString());
  }

  /** A codec that claims Kryo's id. */
  public static final class ReservedIdCodec extends ReversedStringCodecBase {
    @Override
    public int id() {
      return 2;
    }
  }

  /** Shares the reversed-string behaviour. */
  public abstract static class ReversedStringCodecBase implements Codec {
    private final ReversedStringCodec delegate = new ReversedStringCodec();

    @Override
    public String name() {
      return "reserved";
    }

    @Override
    public byte[] encode(Object value, CodecContext context) {
      return delegate.encode(value, context);
    }

    @Override
    public Object decode(byte[] bytes, int offset, int length, CodecContext context) {
      return delegate.decode(bytes, offset, length, context);
    }
  }

  private static void assertMessage(Runnable action, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }
}
