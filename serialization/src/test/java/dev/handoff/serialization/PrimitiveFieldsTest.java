package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fields of every primitive type and of fixed JDK types keep their values through Kryo. */
class PrimitiveFieldsTest {

  /** One field of each kind the field-by-name serializer writes differently. */
  static final class AllKinds implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    boolean flag = true;
    byte b = -3;
    short s = 300;
    char c = 'é';
    int i = -70_000;
    long l = 1L << 40;
    float f = 1.5f;
    double d = -2.25;
    String text = "t";
    String nothing;
    Integer boxed = 7;
    Locale locale = Locale.CANADA_FRENCH;
    List<Locale> locales = new ArrayList<>(List.of(Locale.FRANCE));
    Map<String, List<String>> headers = new HashMap<>(Map.of("Accept", new ArrayList<>(List.of("a/b"))));
    int[] numbers = {1, 2};
  }

  @Test
  void everyKindOfField_roundTrips() {
    for (AttributeSerializer codec : Codecs.all()) {
      AllKinds back = (AllKinds) codec.decode(codec.encode(new AllKinds(), getClass().getClassLoader()),
          getClass().getClassLoader());
      AllKinds expected = new AllKinds();
      assertEquals(expected.flag, back.flag);
      assertEquals(expected.b, back.b);
      assertEquals(expected.s, back.s);
      assertEquals(expected.c, back.c);
      assertEquals(expected.i, back.i);
      assertEquals(expected.l, back.l);
      assertEquals(expected.f, back.f);
      assertEquals(expected.d, back.d);
      assertEquals(expected.text, back.text);
      assertEquals(expected.nothing, back.nothing);
      assertEquals(expected.boxed, back.boxed);
      assertEquals(expected.locale, back.locale);
      assertEquals(expected.locales, back.locales);
      assertEquals(expected.headers, back.headers);
      assertEquals(2, back.numbers.length);
    }
  }
}
