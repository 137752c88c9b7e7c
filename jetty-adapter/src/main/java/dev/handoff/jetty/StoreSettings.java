package dev.handoff.jetty;

import dev.handoff.serialization.SerializationConfig;
import dev.handoff.store.StoreConfig;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings a factory was given, by the names the store and the Tomcat manager use, kept as
 * text until a context starts: store settings go to {@link StoreConfig.Builder#set}, serializer
 * settings to {@link SerializationConfig}. Both validate and name the setting and the value.
 */
final class StoreSettings {

  private final Map<String, String> values = new LinkedHashMap<>();

  void put(String name, String value) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("a Handoff setting needs a name");
    }
    if (value == null) {
      values.remove(name);
    } else {
      values.put(name, value);
    }
  }

  StoreSettings copy() {
    StoreSettings copy = new StoreSettings();
    copy.values.putAll(values);
    return copy;
  }

  /**
   * The store settings. The namespace defaults to the context's virtual host and path; the
   * expiry grace, unless set, covers Jetty's look-back for sessions abandoned by other nodes
   * (ten grace periods, as Jetty's orphan sweep, at most a day, at least the store's 5 minutes).
   * The node name defaults to Jetty's worker name.
   */
  StoreConfig storeConfig(String defaultNamespace, int gracePeriodSec, String workerName) {
    StoreConfig.Builder builder = StoreConfig.builder().namespace(defaultNamespace);
    if (workerName != null && !workerName.isBlank()) {
      builder.nodeName(workerName); // the store's node names match Jetty's, unless nodeName is set
    }
    long graceSeconds = Math.min(Duration.ofDays(1).toSeconds(), Math.max(300, 10L * Math.max(0, gracePeriodSec)));
    builder.expiryGrace(Duration.ofSeconds(graceSeconds));
    values.forEach((name, value) -> {
      if (!SerializationConfig.isSetting(name)) {
        builder.set(name, value);
      }
    });
    return builder.build();
  }

  SerializationConfig serializationConfig() {
    SerializationConfig.Builder builder = SerializationConfig.builder();
    values.forEach((name, value) -> {
      if (SerializationConfig.isSetting(name)) {
        builder.set(name, value);
      }
    });
    return builder.build();
  }

  @Override
  public String toString() {
    Map<String, String> masked = new LinkedHashMap<>(values);
    masked.replaceAll((k, v) -> k.toLowerCase(java.util.Locale.ROOT).contains("password") ? "****" : v);
    return masked.toString();
  }
}
