package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.AbstractMap.SimpleEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The one parser of every setting: names, repeats, placeholders, text forms and the table's bounds and defaults. */
class SettingsTest {

  private static Settings parse(String... pairs) {
    List<Map.Entry<String, String>> written = new ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      written.add(new SimpleEntry<>(pairs[i], pairs[i + 1]));
    }
    return Settings.parse(written, store -> store.namespace("shop").nodeName("n1"));
  }

  private static void assertMessage(Runnable action, String expected) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, action::run);
    assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
  }

  @Test
  void textSettings_mapToTheConfigsThatOwnThem() {
    Settings settings = parse("address", "rediss://a:6379, rediss://b:6379", "topology", "cluster",
        "commandTimeout", "500ms", "lockLease", "2m", "syncReplicas", "1", "syncFailure", "fail",
        "tlsVerification", "ca-only", "readFrom", "replica", "touchFraction", "0.25", "failFast", "true",
        "username", "app", "password", "s3cret", "serializer", "jdk", "compression", "false",
        "compressionThresholdBytes", "2048", "maxAttributeBytes", "65536", "maxDepth", "100",
        "classFilter", "com.shop.**", "checkInPlaceChanges", "false", "failurePolicy", "fail",
        "locking", "pattern", "lockPattern", "/app/cart.*");
    StoreConfig store = settings.storeConfig();
    assertEquals(List.of("rediss://a:6379", "rediss://b:6379"), store.addresses());
    assertEquals(StoreConfig.Topology.CLUSTER, store.topology());
    assertEquals(Duration.ofMillis(500), store.commandTimeout());
    assertEquals(Duration.ofMinutes(2), store.lockLease());
    assertEquals(1, store.syncReplicas());
    assertEquals(StoreConfig.SyncFailure.FAIL, store.syncFailure());
    assertEquals(StoreConfig.TlsVerification.CA_ONLY, store.tlsVerification());
    assertEquals(StoreConfig.ReadFrom.REPLICA, store.readFrom());
    assertEquals(0.25, store.touchFraction());
    assertTrue(store.failFast());
    assertEquals("shop", store.namespace(), "the adapter's default");
    assertEquals("jdk", settings.serializationConfig().serializer());
    assertFalse(settings.serializationConfig().compression());
    assertEquals(2048, settings.serializationConfig().compressionThresholdBytes());
    assertEquals(65536, settings.serializationConfig().maxAttributeBytes());
    assertEquals(100, settings.serializationConfig().maxDepth());
    assertTrue(settings.serializationConfig().classFilter().patterns().contains("com.shop.**"));
    RequestConfig requests = settings.requestConfig();
    assertFalse(requests.checkInPlaceChanges());
    assertEquals(RequestConfig.FailurePolicy.FAIL, requests.failurePolicy());
    assertEquals(RequestConfig.Locking.PATTERN, requests.locking());
    assertTrue(requests.locks("/app/cart/add") && !requests.locks("/app/home"));
    assertFalse(settings.toString().contains("s3cret"), settings.toString());
  }

  @Test
  void writtenSettings_winOverTheAdaptersDefaults_andNamesIgnoreCase() {
    Settings settings = parse("Namespace", "other", "NODENAME", "n2");
    assertEquals("other", settings.storeConfig().namespace());
    assertEquals("n2", settings.storeConfig().nodeName());
  }

  @Test
  void typo_isAnError_suggestingTheClosestOfAllNames() {
    assertMessage(() -> parse("adress", "redis://x:1"), "unknown setting 'adress' (did you mean address?)");
    assertMessage(() -> parse("serialiser", "jdk"), "unknown setting 'serialiser' (did you mean serializer?)");
    assertMessage(() -> parse("checkInPlaceChange", "false"), "(did you mean checkInPlaceChanges?)");
    assertMessage(() -> parse("lockPatern", "/a"), "(did you mean lockPattern?)");
    assertMessage(() -> parse("maxBytes", "1024"), "(did you mean maxQueuedBytes or maxSessionBytes or maxAttributeBytes?)");
    IllegalArgumentException far = assertThrows(IllegalArgumentException.class, () -> parse("colour", "red"));
    assertTrue(far.getMessage().startsWith("unknown setting 'colour'; the settings are address, topology"),
        far.getMessage());
    assertTrue(far.getMessage().contains("checkInPlaceChanges") && far.getMessage().contains("maxAttributeBytes"));
  }

  @Test
  void repeatedSetting_isAnError_namingIt() {
    assertMessage(() -> parse("address", "redis://a:1", "Address", "redis://b:1"),
        "address is given twice (as 'address' and 'Address'); give it once");
    assertMessage(() -> parse("locking", "all", "locking", "none"), "locking is given twice; give it once");
    assertMessage(() -> parse("adress", "x", "maxDepth", "20", "MAXDEPTH", "30"),
        "unknown setting 'adress' (did you mean address?); maxDepth is given twice");
  }

  @Test
  void nullValue_isNotGiven() {
    Settings settings = parse("username", null, "username", "app");
    assertEquals("app", settings.storeConfig().username());
  }

  @Test
  void badTextForms_nameTheSettingTheValueAndWhatIsAllowed() {
    assertMessage(() -> parse("commandTimeout", "3 seconds"),
        "commandTimeout = '3 seconds': write a duration such as 500ms, 30s, 5m, 2h or 1d");
    assertMessage(() -> parse("topology", "sharded"), "topology = 'sharded': use one of single, replicated, cluster, sentinel");
    assertMessage(() -> parse("syncReplicas", "many"), "syncReplicas = 'many': must be a whole number");
    assertMessage(() -> parse("touchFraction", "a tenth"), "touchFraction = 'a tenth': must be a number such as 0.1");
    assertMessage(() -> parse("failFast", "yes"), "failFast = 'yes': use true or false");
    assertMessage(() -> parse("compression", "maybe"), "compression = 'maybe': use true or false");
    assertMessage(() -> parse("maxDepth", "deep"), "maxDepth = 'deep': must be a whole number");
    assertMessage(() -> parse("failurePolicy", "maybe"), "failurePolicy = 'maybe': use one of degrade, fail");
    assertMessage(() -> parse("locking", "some"), "locking = 'some': use one of none, all, pattern");
    assertMessage(() -> parse("locking", "pattern", "lockPattern", "("), "lockPattern = '(': not a regular expression");
    assertMessage(() -> parse("locking", "pattern"), "locking = pattern needs lockPattern");
    assertMessage(() -> parse("lockPattern", "/cart.*"), "lockPattern = '/cart.*' is set but locking = none");
    assertMessage(() -> parse("address", "localhost:6379"), "address = 'localhost:6379': use redis://host:port");
    assertMessage(() -> parse("trustStore", "/nonexistent.p12"), "trustStore = /nonexistent.p12: no readable file there");
  }

  @Test
  void placeholders_takeSystemPropertiesThenEnvironmentVariables() {
    System.setProperty("handoff.test.redis.host", "cache.example");
    try {
      Settings settings = parse("address", "rediss://${handoff.test.redis.host}:6379", "password", "${env.PATH}");
      assertEquals(List.of("rediss://cache.example:6379"), settings.storeConfig().addresses());
      assertEquals(System.getenv("PATH"), settings.storeConfig().password());
    } finally {
      System.clearProperty("handoff.test.redis.host");
    }
    assertMessage(() -> parse("Password", "${HANDOFF_NO_SUCH_VARIABLE}"),
        "Password: ${HANDOFF_NO_SUCH_VARIABLE} is neither a system property nor an environment variable");
  }

  @Test
  void everyRow_parsesItsDefault_toTheConfigsDefault() {
    String defaults = parse().toString();
    for (Setting setting : Setting.values()) {
      if (setting.defaultValue() != null) {
        assertEquals(defaults, parse(setting.userName(), setting.defaultValue()).toString(), setting.userName());
      }
    }
  }

  @Test
  void everyRange_isEnforced_withTheSettingTheValueAndTheBounds() {
    int checked = 0;
    for (Setting setting : Setting.values()) {
      SettingBounds bounds = setting.bounds();
      String name = setting.userName();
      String min = bounds.minText();
      String max = bounds.maxText();
      if (min == null) {
        continue;
      }
      parse(name, min);
      parse(name, max);
      for (String outside : outside(bounds)) {
        String shown = bounds.kind() == SettingBounds.Kind.DURATION ? Durations.format(Durations.parse(name, outside))
            : outside;
        assertMessage(() -> parse(name, outside), name + " = " + shown + ": must be between " + min + " and " + max);
      }
      checked++;
    }
    assertEquals(20, checked, "every numeric and duration row");
  }

  /** Values just below the minimum (where there is one) and just above the maximum, as written. */
  private static List<String> outside(SettingBounds bounds) {
    List<String> values = new ArrayList<>();
    switch (bounds.kind()) {
      case INTEGER, BYTES -> {
        values.add(String.valueOf(Long.parseLong(bounds.minText()) - 1));
        values.add(String.valueOf(Long.parseLong(bounds.maxText()) + 1));
      }
      case DECIMAL -> {
        values.add(SettingValues.decimalText(Double.parseDouble(bounds.minText()) - 0.1));
        values.add(SettingValues.decimalText(Double.parseDouble(bounds.maxText()) + 0.1));
      }
      case DURATION -> {
        long minMs = Durations.parse("min", bounds.minText()).toMillis();
        if (minMs > 0) {
          values.add((minMs - 1) + "ms");
        }
        values.add((Durations.parse("max", bounds.maxText()).toMillis() + 1) + "ms");
      }
      default -> throw new AssertionError(bounds.kind());
    }
    return values;
  }

  @Test
  void everyChoice_acceptsItsWords_andBooleansTheirs() {
    for (Setting setting : Setting.values()) {
      for (String word : setting.bounds().choices()) {
        if (setting == Setting.LOCKING && word.equals("pattern")) {
          parse(setting.userName(), word, "lockPattern", ".*");
        } else if (setting == Setting.AUTO_DISCOVERY || setting == Setting.BACKUP_COPIES) {
          parse(setting.userName(), word, "address", "memcached://a:11211");
        } else if (setting == Setting.IAM_SERVERLESS) {
          parse(setting.userName(), word, "iamCache", "c", "username", "u", "address", "rediss://a:6379");
        } else {
          parse(setting.userName(), word.toUpperCase(Locale.ROOT));
        }
      }
    }
  }

  @Test
  void table_hasOneRowPerName_withAMeaning() {
    Set<String> names = new HashSet<>();
    for (Setting setting : Setting.values()) {
      assertTrue(names.add(setting.userName().toLowerCase(Locale.ROOT)), setting.userName());
      assertFalse(setting.meaning().isBlank(), setting.userName());
      assertTrue(Settings.isSetting(setting.userName()));
    }
    assertFalse(Settings.isSetting("maxBytes"));
    assertTrue(Settings.isSecret("keyStorePassword") && !Settings.isSecret("keyStore"));
    assertNull(Setting.NAMESPACE.defaultValue(), "set by the adapter");
  }

  @Test
  void iam_mapsToTheStoresIamSettings_andSendsNoPassword() {
    StoreConfig config = parse("address", "rediss://shop.abc123.cache.amazonaws.com:6379", "username", "shop-app",
        "iamCache", "shop-sessions", "iamServerless", "true", "iamRegion", "eu-west-1").storeConfig();
    assertEquals(new ElastiCacheIam("shop-app", "shop-sessions", true, "eu-west-1"), config.iam());
    assertNull(config.password());
    assertTrue(config.toString().contains("iamCache=shop-sessions (serverless), iamRegion=eu-west-1"), config.toString());
    assertNull(parse("address", "rediss://a:6379", "username", "u", "iamCache", "c").storeConfig().iam().region(),
        "the SDK's default region chain");
    assertNull(parse("address", "rediss://a:6379").storeConfig().iam());
  }

  @Test
  void iam_misconfigured_isRefusedWithTheReason() {
    assertMessage(() -> parse("address", "redis://a:6379", "username", "u", "iamCache", "c"), "iamCache needs rediss://");
    assertMessage(() -> parse("address", "rediss://a:6379", "iamCache", "c"), "iamCache is set but username is not");
    assertMessage(() -> parse("address", "rediss://a:6379", "username", "u", "password", "p", "iamCache", "c"),
        "iamCache and password exclude each other");
    assertMessage(() -> parse("address", "rediss://a:6379", "username", "u", "iamRegion", "eu-west-1"),
        "iamRegion is set but iamCache is not");
    assertMessage(() -> parse("address", "rediss://a:6379", "username", "u", "iamServerless", "yes please"), "iamServerless");
    assertMessage(() -> parse("address", "rediss://a:6379", "username", "u", "iamCache", "c", "iamRegion", "eu west"),
        "iamRegion = 'eu west'");
  }

  @Test
  void memcached_addressesChooseTheEngine_andRedisOnlySettingsAreRefused() {
    assertTrue(parse("address", "memcached://a:11211, memcached://b:11211").storeConfig().isMemcached());
    assertFalse(parse("address", "redis://a:6379").storeConfig().isMemcached());
    assertMessage(() -> parse("address", "memcached://a:11211,redis://b:6379"), "address mixes Redis and Memcached servers");
    assertMessage(() -> parse("address", "memcached://a:11211", "topology", "cluster"), "topology is for Redis");
    assertMessage(() -> parse("address", "memcached://a:11211,memcacheds://b:11211"), "mixes memcached:// and memcacheds://");
    assertMessage(() -> parse("address", "memcache://a:11211"), "memcached://host:port for Memcached");
    assertMessage(() -> parse("address", "redis://a:6379", "autoDiscovery", "on"), "autoDiscovery is for Memcached");
    assertMessage(() -> parse("address", "memcached://a:11211,memcached://b:11211", "autoDiscovery", "on"),
        "autoDiscovery = on needs one address");
    assertMessage(() -> parse("address", "redis://a:6379", "backupCopies", "true"), "backupCopies is for Memcached");
    assertTrue(parse("address", "memcached://a:11211,memcached://b:11211", "backupCopies", "true").storeConfig()
        .backupCopies());
  }
}
