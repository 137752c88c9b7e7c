package dev.handoff.benchmarks.session;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * The attributes of a signed-in shopper's session: a user profile, a cart of 20 items, a CSRF
 * token, the locale, a few strings and integers and a small map of preferences. Built from a
 * seed, so the same seed gives the same values and therefore the same encoded bytes.
 */
public final class RealisticSession {

  /** The seed the benchmarks use. */
  public static final long SEED = 20_240_611L;

  /** Number of items in the cart. */
  public static final int CART_ITEMS = 20;

  private static final String[] ADJECTIVES = {"Ultralight", "Waterproof", "Insulated", "Compact",
      "Heavy-duty", "Breathable", "Foldable", "Classic", "Merino", "Recycled"};
  private static final String[] PRODUCTS = {"2-person tent", "trail running shoes", "down jacket",
      "hiking backpack 38 l", "sleeping bag -5 °C", "titanium camping mug", "headlamp 400 lm",
      "trekking poles (pair)", "rain shell", "water filter"};
  private static final String[] COLOURS = {"black", "forest green", "glacier blue", "sand", "red"};

  private RealisticSession() {
  }

  /** The session's attributes, name to value, in the order an application would set them. */
  public static Map<String, Object> attributes(long seed) {
    Random random = new Random(seed);
    Instant now = Instant.parse("2025-11-28T09:15:30.123Z");
    Map<String, Object> session = new LinkedHashMap<>();
    session.put("user", user(random, now));
    session.put("cart", cart(random));
    session.put("csrf", csrfToken(random));
    session.put("locale", Locale.forLanguageTag("de-CH"));
    session.put("visitCount", 1 + random.nextInt(200));
    session.put("cartVersion", 7 + random.nextInt(20));
    session.put("lastPage", "/catalog/outdoor/tents?sort=price-asc&page=" + (1 + random.nextInt(9)));
    session.put("checkoutStep", "shipping-address");
    session.put("preferences", preferences());
    return session;
  }

  private static UserProfile user(Random random, Instant now) {
    long userId = 1_000_000L + random.nextInt(9_000_000);
    Instant createdAt = now.minus(Duration.ofDays(400 + random.nextInt(1000)));
    Instant lastLogin = now.minus(Duration.ofMinutes(random.nextInt(600)));
    return new UserProfile(userId, "anna.keller" + userId % 1000, "Anna", "Keller-Brunner",
        "anna.keller" + userId % 1000 + "@example.ch", EnumSet.of(Role.CUSTOMER, Role.PREMIUM_CUSTOMER),
        Locale.forLanguageTag("de-CH"), createdAt, lastLogin, true);
  }

  private static List<CartItem> cart(Random random) {
    List<CartItem> cart = new ArrayList<>();
    for (int i = 0; i < CART_ITEMS; i++) {
      String productId = String.format("SKU-%06d", random.nextInt(1_000_000));
      String title = pick(random, ADJECTIVES) + " " + pick(random, PRODUCTS) + ", "
          + pick(random, COLOURS);
      BigDecimal price = BigDecimal.valueOf(499 + random.nextInt(60_000), 2); // 4.99 to 604.98
      cart.add(new CartItem(productId, title, price, 1 + random.nextInt(3)));
    }
    return cart;
  }

  private static String csrfToken(Random random) {
    byte[] token = new byte[32];
    random.nextBytes(token);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(token);
  }

  private static Map<String, String> preferences() {
    Map<String, String> preferences = new HashMap<>();
    preferences.put("currency", "CHF");
    preferences.put("theme", "dark");
    preferences.put("pageSize", "48");
    preferences.put("newsletter", "weekly");
    preferences.put("sort", "price-asc");
    preferences.put("timeZone", "Europe/Zurich");
    return preferences;
  }

  private static String pick(Random random, String[] words) {
    return words[random.nextInt(words.length)];
  }
}
