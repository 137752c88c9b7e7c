package dev.handoff.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The settings table in store/README.md is the table in {@link Setting}, rendered: this test fails
 * when they differ. {@code HANDOFF_WRITE_SETTINGS_TABLE=1 mvn -pl store test -Dtest=SettingsTableTest}
 * rewrites the README's copy from the code.
 */
class SettingsTableTest {

  private static final String START = "<!-- settings table: generated from Setting.java, checked by SettingsTableTest -->\n";
  private static final String END = "<!-- end of settings table -->\n";
  private static final Map<Setting.Group, String> HEADINGS = Map.of(Setting.Group.ESSENTIAL, "Essentials",
      Setting.Group.FREQUENT, "Frequently used", Setting.Group.RARE, "Rarely used");

  static String render() {
    StringBuilder out = new StringBuilder(START);
    for (Setting.Group group : Setting.Group.values()) {
      out.append('\n').append(HEADINGS.get(group)).append(":\n\n")
          .append("| setting | module | default | allowed | meaning |\n|---|---|---|---|---|\n");
      for (Setting setting : Setting.values()) {
        if (setting.group() == group) {
          out.append("| `").append(setting.userName()).append("` | ")
              .append(setting.owner().name().toLowerCase(Locale.ROOT)).append(" | ")
              .append(shownDefault(setting)).append(" | ")
              .append(setting.bounds().describe()).append(" | ")
              .append(setting.meaning().replace("|", "\\|")).append(" |\n");
        }
      }
    }
    return out.append('\n').append(END).toString();
  }

  private static String shownDefault(Setting setting) {
    String value = setting.defaultValue();
    if (value == null) {
      return setting.defaultNote() == null ? "none" : setting.defaultNote();
    }
    if (value.isEmpty()) {
      return "empty";
    }
    return "`" + value + "`" + (setting.bounds().kind() == SettingBounds.Kind.BYTES
        ? " (" + SettingValues.binary(Long.parseLong(value)) + ")" : "");
  }

  @Test
  void readmeTable_isTheTableInCode() throws Exception {
    Path readme = Path.of("README.md");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int start = text.indexOf(START);
    int end = text.indexOf(END);
    assertTrue(start >= 0 && end > start, "store/README.md has no generated settings table");
    String inReadme = text.substring(start, end + END.length());
    String rendered = render();
    if (!inReadme.equals(rendered) && "1".equals(System.getenv("HANDOFF_WRITE_SETTINGS_TABLE"))) {
      Files.writeString(readme, text.substring(0, start) + rendered + text.substring(end + END.length()),
          StandardCharsets.UTF_8);
      return;
    }
    assertEquals(rendered, inReadme, "store/README.md's settings table differs from Setting.java; rewrite it with "
        + "HANDOFF_WRITE_SETTINGS_TABLE=1 mvn -pl store test -Dtest=SettingsTableTest");
  }
}
