package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two releases of one application class, compiled into two class loaders: each reads what the
 * other wrote, during a rolling upgrade and a rollback.
 */
class RollingUpgradeTest {

  private static final CompiledClasses V1 = CompiledClasses.compile(Map.of("shop.Profile", """
      package shop;
      public class Profile implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public String name; public int visits; public String removedLater; public java.util.List<String> tags;
        public Profile(String name, int visits, String removedLater) {
          this.name = name; this.visits = visits; this.removedLater = removedLater;
          this.tags = new java.util.ArrayList<>(java.util.List.of("a"));
        }
      }
      """));

  private static final CompiledClasses V2 = CompiledClasses.compile(Map.of("shop.Profile", """
      package shop;
      public class Profile implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        public java.util.List<String> tags; public int visits; public String name;
        public String email; public long[] history;
        public Profile(String name, int visits, String email) {
          this.name = name; this.visits = visits; this.email = email; this.history = new long[] {1, 2};
          this.tags = new java.util.ArrayList<>();
        }
      }
      """));

  @Test
  void version1Bytes_decodeAsVersion2_addedFieldsDefault_removedFieldsSkipped() {
    for (AttributeSerializer codec : Codecs.all()) {
      CompiledClasses.RecordingClassLoader v1 = V1.newLoader();
      byte[] bytes = codec.encode(List.of(v1.newInstance("shop.Profile", "ann", 3, "gone")), v1);
      Object profile = ((List<?>) codec.decode(bytes, V2.newLoader())).get(0);
      assertEquals("ann", CompiledClasses.get(profile, "name"), codec.codecName());
      assertEquals(3, CompiledClasses.get(profile, "visits"));
      assertEquals(List.of("a"), CompiledClasses.get(profile, "tags"));
      assertNull(CompiledClasses.get(profile, "email"), "a field the writer did not have stays null");
      assertNull(CompiledClasses.get(profile, "history"));
    }
  }

  @Test
  void version2Bytes_decodeAsVersion1_forARollback() {
    for (AttributeSerializer codec : Codecs.all()) {
      CompiledClasses.RecordingClassLoader v2 = V2.newLoader();
      byte[] bytes = codec.encode(v2.newInstance("shop.Profile", "bob", 7, "bob@example.com"), v2);
      Object profile = codec.decode(bytes, V1.newLoader());
      assertEquals("bob", CompiledClasses.get(profile, "name"), codec.codecName());
      assertEquals(7, CompiledClasses.get(profile, "visits"));
      assertNull(CompiledClasses.get(profile, "removedLater"));
    }
  }
}
