package dev.handoff.jetty;

/**
 * Resolves classes with the web application's class loader first, then with the server's: Jetty
 * keeps its own classes (the login stored in a session, for one) hidden from the web
 * application, yet they are attribute values too.
 */
final class WebappFirstClassLoader extends ClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final ClassLoader server;

  WebappFirstClassLoader(ClassLoader webapp, ClassLoader server) {
    super(webapp);
    this.server = server;
  }

  @Override
  protected Class<?> findClass(String name) throws ClassNotFoundException {
    return Class.forName(name, false, server);
  }
}
