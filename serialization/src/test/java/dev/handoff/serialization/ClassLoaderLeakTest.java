package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertNull;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An undeployed web application's class loader can be collected even though Kryo instances
 * were created for it and have seen its classes.
 */
class ClassLoaderLeakTest {

  private static final CompiledClasses WEBAPP = CompiledClasses.compile(Map.of("shop.Line", """
      package shop;
      public class Line implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public String sku = "s"; public java.util.List<Integer> counts = new java.util.ArrayList<>();
      }
      """));

  @Test
  void droppedClassLoader_isCollected() throws Exception {
    AttributeSerializer serializer = Codecs.kryo(); // lives on, as the container's serializer does
    WeakReference<ClassLoader> loader = useAndDrop(serializer);
    List<byte[]> pressure = new ArrayList<>();
    for (int i = 0; i < 50 && loader.get() != null; i++) {
      System.gc();
      pressure.add(new byte[1024 * 1024]);
      if (pressure.size() > 20) {
        pressure.clear();
      }
      Thread.sleep(20);
    }
    assertNull(loader.get(), "the web application's class loader is still reachable");
    // The serializer still works for a new deployment.
    CompiledClasses.RecordingClassLoader next = WEBAPP.newLoader();
    serializer.decode(serializer.encode(next.newInstance("shop.Line"), next), next);
  }

  private static WeakReference<ClassLoader> useAndDrop(AttributeSerializer serializer) {
    CompiledClasses.RecordingClassLoader loader = WEBAPP.newLoader();
    for (int i = 0; i < 3; i++) {
      Object line = loader.newInstance("shop.Line");
      byte[] bytes = serializer.encode(List.of(line), loader);
      serializer.decode(bytes, loader);
    }
    return new WeakReference<>(loader);
  }
}
