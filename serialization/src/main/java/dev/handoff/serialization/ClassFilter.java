package dev.handoff.serialization;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which classes decoding may resolve, in the pattern syntax of {@link java.io.ObjectInputFilter}:
 * patterns separated by {@code ;}, tried in order, the first match decides.
 *
 * <ul>
 *   <li>{@code com.shop.Cart}: that class;
 *   <li>{@code com.shop.*}: the classes of package {@code com.shop};
 *   <li>{@code com.shop.**}: the classes of {@code com.shop} and its subpackages;
 *   <li>{@code com.shop.Cart*}: classes whose name starts with {@code com.shop.Cart};
 *   <li>{@code *}: every class;
 *   <li>{@code !pattern}: refuse what the pattern matches;
 *   <li>{@code +pattern}: allow what the pattern matches, and make the filter an allow-list.
 * </ul>
 *
 * The user's patterns come first, then {@link #DEFAULT_DENY} (well-known deserialization gadget
 * classes); a class no pattern matches is allowed. With any {@code +} pattern the filter is an
 * allow-list: after the user's patterns and the deny list come {@link #JDK_VALUES} (the JDK's
 * value and collection types), and every other class is refused. Arrays are checked by their
 * component class; primitives are always allowed. The filter decides by name, before a class is
 * looked up. Whatever it allows, the codecs also refuse classes that are not Serializable and
 * dynamic proxies (after loading the class without initializing it, before any instance exists).
 * The limits of ObjectInputFilter ({@code maxdepth=} and the like) are settings of {@link
 * SerializationConfig}, not patterns.
 */
public final class ClassFilter {

  /**
   * Refused by default: classes that known deserialization exploit chains (ysoserial and its
   * successors) are built from, and JDK classes that execute code or open connections.
   */
  public static final String DEFAULT_DENY = String.join(";",
      "!org.apache.commons.collections.functors.**",
      "!org.apache.commons.collections4.functors.**",
      "!org.apache.commons.beanutils.BeanComparator",
      "!org.apache.commons.fileupload.disk.DiskFileItem",
      "!org.apache.xalan.xsltc.trax.**",
      "!com.sun.org.apache.xalan.internal.xsltc.trax.**",
      "!com.sun.org.apache.bcel.internal.util.ClassLoader",
      "!com.sun.rowset.**",
      "!com.sun.jndi.**",
      "!javax.management.**",
      "!javax.naming.**",
      "!javax.script.**",
      "!java.rmi.**",
      "!sun.rmi.**",
      "!java.lang.Runtime",
      "!java.lang.ProcessBuilder",
      "!java.lang.Process",
      "!java.lang.reflect.Proxy",
      "!java.lang.invoke.**",
      "!java.net.URLClassLoader",
      "!sun.reflect.annotation.AnnotationInvocationHandler",
      "!org.codehaus.groovy.runtime.**",
      "!groovy.lang.**",
      "!org.springframework.beans.factory.support.**",
      "!org.springframework.beans.factory.ObjectFactory",
      "!org.springframework.aop.framework.**",
      "!org.springframework.core.SerializableTypeWrapper*",
      "!org.hibernate.engine.spi.TypedValue",
      "!org.hibernate.tuple.component.**",
      "!com.mchange.v2.c3p0.**",
      "!org.apache.myfaces.**",
      "!org.mozilla.javascript.**",
      "!bsh.**",
      "!clojure.**",
      "!net.sf.json.**",
      "!com.sun.syndication.**",
      "!com.rometools.rome.feed.impl.**",
      "!org.python.core.**",
      "!org.apache.wicket.util.upload.**",
      "!org.jboss.interceptor.**",
      "!org.jboss.weld.interceptor.**",
      "!org.apache.click.control.**",
      "!com.vaadin.data.util.**",
      "!org.eclipse.jetty.util.log.**",
      "!ch.qos.logback.core.db.**",
      "!com.zaxxer.hikari.HikariConfig",
      "!org.apache.tomcat.dbcp.**",
      "!org.apache.commons.dbcp.**",
      "!org.apache.commons.dbcp2.**");

  /**
   * Allowed in allow-list mode after the user's patterns and the deny list: strings, boxed primitives,
   * collections and maps, java.time and java.math values, URIs, UUIDs, locales.
   */
  public static final String JDK_VALUES = String.join(";",
      "java.lang.*", "java.util.*", "java.util.concurrent.*", "java.util.concurrent.atomic.*", "java.time.**",
      "java.math.*", "java.net.URI");

  private static final Pattern PATTERN =
      Pattern.compile("\\*|[\\w$]+(\\.[\\w$]+)*(\\.\\*\\*|\\.\\*|\\*)?");

  private static final int MAX_CACHED_DECISIONS = 10_000;

  private final String patterns;
  private final List<Rule> rules;
  private final Map<String, Boolean> decisions = new ConcurrentHashMap<>();

  private ClassFilter(String patterns, List<Rule> rules) {
    this.patterns = patterns;
    this.rules = rules;
  }

  /**
   * The user's {@code patterns} (may be empty) followed by {@link #DEFAULT_DENY}.
   *
   * @throws IllegalArgumentException naming the pattern that is not valid
   */
  public static ClassFilter withDefaults(String patterns) {
    String all = patterns == null || patterns.isBlank() ? DEFAULT_DENY : patterns + ";" + DEFAULT_DENY;
    if (patterns != null && parse(patterns).stream().anyMatch(Rule::explicitAllow)) {
      all = all + ";" + JDK_VALUES + ";!*";
    }
    return new ClassFilter(all, parse(all));
  }

  /** Exactly {@code patterns}, without the default deny list (for tests and deliberate choices). */
  public static ClassFilter of(String patterns) {
    return new ClassFilter(patterns, parse(patterns == null ? "" : patterns));
  }

  /** True when a class of this name may be resolved. */
  public boolean allows(String className) {
    Boolean known = decisions.get(className);
    if (known != null) {
      return known;
    }
    boolean allowed = decide(className);
    if (decisions.size() < MAX_CACHED_DECISIONS) {
      decisions.put(className, allowed);
    }
    return allowed;
  }

  private boolean decide(String className) {
    String name = componentName(className);
    if (name == null) {
      return true; // a primitive or an array of primitives
    }
    for (Rule rule : rules) {
      if (rule.matches(name)) {
        return rule.allow;
      }
    }
    return true;
  }

  /** Throws {@link SerializationException} when {@code className} is refused. */
  public void check(String className) {
    if (!allows(className)) {
      throw new SerializationException("class " + className + " is refused by the class filter"
          + " (setting classFilter; the default denies known deserialization gadgets)");
    }
  }

  /** The patterns in force, user's first. */
  public String patterns() {
    return patterns;
  }

  @Override
  public String toString() {
    return patterns;
  }

  private static String componentName(String className) {
    if (!className.startsWith("[")) {
      return className;
    }
    String element = className.substring(className.lastIndexOf('[') + 1);
    if (element.startsWith("L") && element.endsWith(";")) {
      return element.substring(1, element.length() - 1);
    }
    return null;
  }

  private static List<Rule> parse(String patterns) {
    List<Rule> rules = new ArrayList<>();
    for (String raw : patterns.split(";")) {
      String pattern = raw.trim();
      if (pattern.isEmpty()) {
        continue;
      }
      boolean allow = !pattern.startsWith("!");
      boolean explicitAllow = pattern.startsWith("+");
      String body = allow && !explicitAllow ? pattern : pattern.substring(1).trim();
      if (body.contains("=")) {
        throw new IllegalArgumentException("classFilter: '" + pattern + "' is a limit, not a class"
            + " pattern; use the settings maxAttributeBytes and maxDepth for limits");
      }
      if (!PATTERN.matcher(body).matches()) {
        throw new IllegalArgumentException("classFilter: '" + pattern + "' is not a class pattern;"
            + " use a.b.Class, a.b.*, a.b.**, a.b.Prefix*, * or ! or + before any of them");
      }
      rules.add(new Rule(allow, explicitAllow, body));
    }
    return List.copyOf(rules);
  }

  private record Rule(boolean allow, boolean explicitAllow, String pattern) {
    boolean matches(String name) {
      if (pattern.equals("*")) {
        return true;
      }
      if (pattern.endsWith(".**")) {
        return name.startsWith(pattern.substring(0, pattern.length() - 2));
      }
      if (pattern.endsWith(".*")) {
        String pkg = pattern.substring(0, pattern.length() - 1);
        return name.startsWith(pkg) && name.indexOf('.', pkg.length()) < 0;
      }
      if (pattern.endsWith("*")) {
        return name.startsWith(pattern.substring(0, pattern.length() - 1));
      }
      return name.equals(pattern);
    }
  }
}
