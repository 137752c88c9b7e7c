package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ClassFilterTest {

  @Test
  void patterns_matchAsObjectInputFilterDoes() {
    ClassFilter filter = ClassFilter.of("com.shop.Cart;!com.shop.*;com.lib.**;!org.Bad*;!*");
    assertTrue(filter.allows("com.shop.Cart"), "exact class, before the package deny");
    assertFalse(filter.allows("com.shop.Order"), "package");
    assertTrue(filter.allows("com.shop.sub.Order") == false, "not matched by com.shop.* and then !*");
    assertTrue(filter.allows("com.lib.a.b.C"), "package and subpackages");
    assertFalse(filter.allows("org.BadThing"), "prefix");
    assertFalse(filter.allows("java.lang.String"), "the final !*");
  }

  @Test
  void arrays_areCheckedByComponent_primitivesAlwaysPass() {
    ClassFilter filter = ClassFilter.of("!com.evil.**");
    assertFalse(filter.allows("[Lcom.evil.Gadget;"));
    assertFalse(filter.allows("[[Lcom.evil.Gadget;"));
    assertTrue(filter.allows("[I"));
    assertTrue(filter.allows("[[J"));
    assertTrue(filter.allows("[Ljava.lang.String;"));
  }

  @Test
  void noPatternMatches_allows() {
    assertTrue(ClassFilter.of("").allows("anything.At.All"));
  }

  @Test
  void withDefaults_userPatternsComeFirst_thenTheGadgetDenyList() {
    ClassFilter filter = ClassFilter.withDefaults("org.apache.commons.collections.functors.ConstantTransformer");
    assertTrue(filter.allows("org.apache.commons.collections.functors.ConstantTransformer"), "explicitly allowed");
    assertFalse(filter.allows("org.apache.commons.collections.functors.InvokerTransformer"));
    assertFalse(filter.allows("com.sun.org.apache.xalan.internal.xsltc.trax.TemplatesImpl"));
    assertFalse(filter.allows("java.lang.reflect.Proxy"));
    assertTrue(filter.allows("java.util.ArrayList"));
    assertTrue(filter.allows("com.shop.Cart"));
  }

  @Test
  void check_throwsNamingTheClassAndTheSetting() {
    SerializationException e = assertThrows(SerializationException.class,
        () -> ClassFilter.withDefaults("").check("org.codehaus.groovy.runtime.MethodClosure"));
    assertEquals("class org.codehaus.groovy.runtime.MethodClosure is refused by the class filter (setting"
        + " classFilter; the default denies known deserialization gadgets)", e.getMessage());
  }

  @Test
  void invalidPatterns_areRefusedWithThePattern() {
    for (String bad : new String[] {"a/b", "*.foo", "a.*.b", "a b", "!", "maxarray=10"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ClassFilter.of(bad), bad);
      assertTrue(e.getMessage().startsWith("classFilter: '" + bad + "'"), e.getMessage());
    }
  }
}
