package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Classes only the web application's loader can see, as after every deploy. */
class ChildClassLoaderTest {

  private static final CompiledClasses WEBAPP = CompiledClasses.compile(Map.of(
      "shop.CartLine", """
          package shop;
          public class CartLine implements java.io.Serializable {
            private static final long serialVersionUID = 1L;
            public String sku; public int quantity;
            public CartLine(String sku, int quantity) { this.sku = sku; this.quantity = quantity; }
          }
          """));

  @Test
  void classOnlyTheChildLoaderSees_roundTripsThroughThatLoader() {
    for (AttributeSerializer codec : Codecs.all()) {
      ClassLoader webapp = WEBAPP.newLoader();
      List<Object> cart = new ArrayList<>();
      cart.add(((CompiledClasses.RecordingClassLoader) webapp).newInstance("shop.CartLine", "sku-1", 2));
      byte[] bytes = codec.encode(cart, webapp);

      List<?> back = (List<?>) codec.decode(bytes, webapp);
      Object line = back.get(0);
      assertSame(webapp, line.getClass().getClassLoader(), codec.codecName());
      assertEquals("sku-1", CompiledClasses.get(line, "sku"));
      assertEquals(2, CompiledClasses.get(line, "quantity"));
    }
  }

  @Test
  void redeploy_newLoaderReadsWhatTheOldOneWrote() {
    for (AttributeSerializer codec : Codecs.all()) {
      CompiledClasses.RecordingClassLoader before = WEBAPP.newLoader();
      byte[] bytes = codec.encode(before.newInstance("shop.CartLine", "sku-2", 1), before);
      ClassLoader after = WEBAPP.newLoader();
      Object line = codec.decode(bytes, after);
      assertSame(after, line.getClass().getClassLoader(), "decoded into the new deployment's class");
      assertNotSame(before, line.getClass().getClassLoader());
    }
  }

  @Test
  void classMissingFromTheLoader_failsNamingTheClass() {
    for (AttributeSerializer codec : Codecs.all()) {
      CompiledClasses.RecordingClassLoader webapp = WEBAPP.newLoader();
      byte[] bytes = codec.encode(webapp.newInstance("shop.CartLine", "sku-3", 1), webapp);
      SerializationException e = assertThrows(SerializationException.class,
          () -> codec.decode(bytes, ChildClassLoaderTest.class.getClassLoader()));
      assertTrue(e.getMessage().contains("shop.CartLine"), codec.codecName() + ": " + e.getMessage());
    }
  }
}
