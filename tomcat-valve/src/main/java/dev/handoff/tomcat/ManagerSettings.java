package dev.handoff.tomcat;

import dev.handoff.store.Settings;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code <Manager>} attributes Handoff reads (everything that is not a property of Tomcat's
 * ManagerBase), kept as written until the context starts and then handed, all at once, to the one
 * parser of every setting ({@link Settings}): a typo, an attribute given twice (say {@code address}
 * and {@code Address}) or a bad value stops the context with a message naming it.
 */
final class ManagerSettings {

  private final List<Map.Entry<String, String>> written = new ArrayList<>();

  void put(String name, String value) {
    written.add(new SimpleEntry<>(name, value));
  }

  /** Every setting, validated; the namespace defaults to {@code host/context}. */
  Settings parse(String defaultNamespace) {
    return Settings.parse(written, store -> store.namespace(defaultNamespace));
  }
}
