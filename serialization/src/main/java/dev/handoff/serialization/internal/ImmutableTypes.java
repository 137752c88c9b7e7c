package dev.handoff.serialization.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/** Classes whose instances cannot change after construction. */
public final class ImmutableTypes {

  private static final Set<Class<?>> IMMUTABLE = Set.of(String.class, Boolean.class, Character.class,
      Byte.class, Short.class, Integer.class, Long.class, Float.class, Double.class, BigDecimal.class,
      BigInteger.class, UUID.class, URI.class, Locale.class, Class.class, Instant.class, LocalDate.class,
      LocalDateTime.class, LocalTime.class, ZonedDateTime.class, OffsetDateTime.class, OffsetTime.class,
      Duration.class, Period.class, Year.class, YearMonth.class, MonthDay.class);

  private ImmutableTypes() {
  }

  /** True for enums, ZoneIds and the classes above. */
  public static boolean isImmutableType(Class<?> type) {
    return IMMUTABLE.contains(type) || type.isEnum() || ZoneId.class.isAssignableFrom(type)
        || (type.getSuperclass() != null && type.getSuperclass().isEnum());
  }

  /** True for null, enums, and the classes above (ZoneId subclasses included). */
  public static boolean isImmutable(Object value) {
    if (value == null || value instanceof Enum<?> || value instanceof ZoneId) {
      return true;
    }
    return IMMUTABLE.contains(value.getClass());
  }
}
