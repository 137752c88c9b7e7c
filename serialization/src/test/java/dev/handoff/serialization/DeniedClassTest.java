package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Bytes that name a refused class are refused before the class is loaded, let alone initialized
 * or instantiated: the class filter runs ahead of the class loader, for Kryo and JDK alike.
 */
class DeniedClassTest {

  private static final String GADGET = "org.apache.commons.collections.functors.InvokerTransformer";

  /** A stand-in with a gadget's name: loading and initializing it leaves a mark. */
  private static final CompiledClasses GADGETS = CompiledClasses.compile(Map.of(
      GADGET, """
          package org.apache.commons.collections.functors;
          public class InvokerTransformer implements java.io.Serializable {
            private static final long serialVersionUID = 1L;
            static { System.setProperty("handoff.test.gadget.initialized", "yes"); }
            public String method = "exec";
            public InvokerTransformer() { System.setProperty("handoff.test.gadget.constructed", "yes"); }
          }
          """,
      "shop.Custom", """
          package shop;
          public class Custom implements java.io.Serializable {
            private static final long serialVersionUID = 1L;
            public String value = "v";
          }
          """));

  @Test
  void defaultDenyList_refusesAGadgetClassWithoutLoadingIt() {
    for (String codecName : new String[] {"kryo", "jdk"}) {
      CompiledClasses.RecordingClassLoader writer = GADGETS.newLoader();
      List<Object> payload = new ArrayList<>(List.of("harmless", writer.newInstance(GADGET)));
      AttributeSerializer permissive = AttributeSerializer.create(SerializationConfig.builder()
          .serializer(codecName).classFilter(GADGET).build()); // the attacker's side: anything goes
      byte[] forged = permissive.encode(payload, writer);
      System.clearProperty("handoff.test.gadget.initialized");
      System.clearProperty("handoff.test.gadget.constructed");

      CompiledClasses.RecordingClassLoader victim = GADGETS.newLoader();
      AttributeSerializer defaults = AttributeSerializer.create(SerializationConfig.builder().serializer(codecName).build());
      SerializationException e = assertThrows(SerializationException.class, () -> defaults.decode(forged, victim));

      assertTrue(e.getMessage().contains(GADGET), codecName + ": " + e.getMessage());
      assertTrue(e.getMessage().contains("class filter"), codecName + ": " + e.getMessage());
      assertFalse(victim.requested.contains(GADGET), codecName + ": the class loader was never asked for the gadget");
      assertNull(System.getProperty("handoff.test.gadget.initialized"), "its static initializer never ran");
      assertNull(System.getProperty("handoff.test.gadget.constructed"), "it was never instantiated");
    }
  }

  @Test
  void allowList_refusesEverythingElse_andTheSameBytesPassWhenAllowed() {
    for (String codecName : new String[] {"kryo", "jdk"}) {
      CompiledClasses.RecordingClassLoader loader = GADGETS.newLoader();
      Object custom = loader.newInstance("shop.Custom");
      byte[] bytes = AttributeSerializer.create(SerializationConfig.builder().serializer(codecName).build())
          .encode(custom, loader);

      AttributeSerializer onlyJava = AttributeSerializer.create(SerializationConfig.builder()
          .serializer(codecName).classFilter("java.**;!*").build());
      CompiledClasses.RecordingClassLoader fresh = GADGETS.newLoader();
      SerializationException e = assertThrows(SerializationException.class, () -> onlyJava.decode(bytes, fresh));
      assertTrue(e.getMessage().contains("shop.Custom"), e.getMessage());
      assertFalse(fresh.requested.contains("shop.Custom"));

      AttributeSerializer shop = AttributeSerializer.create(SerializationConfig.builder()
          .serializer(codecName).classFilter("shop.*;java.**;!*").build());
      assertEquals("v", CompiledClasses.get(shop.decode(bytes, GADGETS.newLoader()), "value"));
    }
  }

  @Test
  void dynamicProxies_areNotDecoded() {
    Runnable proxy = (Runnable) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Runnable.class}, new SerializableHandler());
    byte[] bytes = Codecs.jdk().encode(proxy, getClass().getClassLoader());
    SerializationException e = assertThrows(SerializationException.class,
        () -> Codecs.jdk().decode(bytes, getClass().getClassLoader()));
    assertTrue(e.getMessage().contains("Proxy"), e.getMessage());
  }

  /** An invocation handler that can be serialized. */
  static final class SerializableHandler implements java.lang.reflect.InvocationHandler, java.io.Serializable {
    private static final long serialVersionUID = 1L;

    @Override
    public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] args) {
      return null;
    }
  }
}
