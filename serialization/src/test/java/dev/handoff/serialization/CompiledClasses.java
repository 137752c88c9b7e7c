package dev.handoff.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Java sources compiled at test time into their own directory, loaded by a child class loader
 * that the test's own loader cannot see into: how a web application's classes look to Handoff.
 */
final class CompiledClasses {

  private final Path dir;

  private CompiledClasses(Path dir) {
    this.dir = dir;
  }

  /** Compiles {@code sources} (class name to source text) into a fresh directory. */
  static CompiledClasses compile(Map<String, String> sources) {
    try {
      Path root = Files.createTempDirectory("handoff-classes-");
      Path src = root.resolve("src");
      Path out = root.resolve("classes");
      Files.createDirectories(out);
      List<String> args = new ArrayList<>(List.of("-d", out.toString(), "--release", "17", "-nowarn"));
      for (Map.Entry<String, String> e : sources.entrySet()) {
        Path file = src.resolve(e.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, e.getValue());
        args.add(file.toString());
      }
      JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
      assertEquals(0, javac.run(null, null, System.err, args.toArray(String[]::new)), "test sources compile");
      return new CompiledClasses(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A new loader for the compiled classes, child of the test's loader. */
  RecordingClassLoader newLoader() {
    try {
      return new RecordingClassLoader(new URL[] {dir.toUri().toURL()}, CompiledClasses.class.getClassLoader());
    } catch (MalformedURLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A URLClassLoader that remembers every class name it was asked for. */
  static final class RecordingClassLoader extends URLClassLoader {
    final Set<String> requested = ConcurrentHashMap.newKeySet();

    RecordingClassLoader(URL[] urls, ClassLoader parent) {
      super(urls, parent);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      requested.add(name);
      return super.loadClass(name, resolve);
    }

    Object newInstance(String className, Object... args) {
      try {
        Class<?> type = loadClass(className);
        for (var constructor : type.getConstructors()) {
          if (constructor.getParameterCount() == args.length) {
            return constructor.newInstance(args);
          }
        }
        throw new IllegalArgumentException("no public constructor with " + args.length + " parameters in " + className);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  static Object get(Object target, String field) {
    try {
      var f = target.getClass().getDeclaredField(field);
      f.setAccessible(true);
      return f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }
}
