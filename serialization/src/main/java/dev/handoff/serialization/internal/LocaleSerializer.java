package dev.handoff.serialization.internal;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.util.Locale;

/**
 * Locales as their BCP 47 language tag, which keeps the script and extensions (Kryo's own Locale
 * serializer drops the script: {@code sr-Latn-RS} came back as {@code sr-RS}). The few legacy
 * locales a tag cannot represent go through Java serialization instead.
 */
final class LocaleSerializer extends Serializer<Locale> {

  private static final byte TAG = 0;
  private static final byte JAVA = 1;
  private final JdkDelegateSerializer java = new JdkDelegateSerializer();

  LocaleSerializer() {
    super(false, true);
  }

  @Override
  public void write(Kryo kryo, Output output, Locale locale) {
    String tag = locale.toLanguageTag();
    if (Locale.forLanguageTag(tag).equals(locale)) {
      output.writeByte(TAG);
      output.writeString(tag);
    } else {
      output.writeByte(JAVA);
      java.write(kryo, output, locale);
    }
  }

  @Override
  public Locale read(Kryo kryo, Input input, Class<? extends Locale> type) {
    return input.readByte() == TAG ? Locale.forLanguageTag(input.readString())
        : (Locale) java.read(kryo, input, Locale.class);
  }
}
