package dev.handoff.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws the load benchmark's results as a PNG: two bar charts, requests per second and p99
 * latency, with one group of bars per page and one bar per configuration. Plain Java2D.
 */
final class LoadChart {

  private static final Color[] COLORS = {
      new Color(0x4C72B0), new Color(0x55A868), new Color(0x8172B2), new Color(0xC44E52),
      new Color(0xDD8452), new Color(0x937860)};
  private static final int WIDTH = 1400;
  private static final int PANEL = 420;
  private static final int LEFT = 90;
  private static final int TOP = 70;

  private LoadChart() {
  }

  static void write(List<LoadResult> results, String title, Path png) throws IOException {
    Set<LoadPage> pageSet = new LinkedHashSet<>();
    Set<String> configSet = new LinkedHashSet<>();
    for (LoadResult r : results) {
      pageSet.add(r.page());
      configSet.add(r.configuration());
    }
    List<LoadPage> pages = new ArrayList<>(pageSet);
    List<String> configs = new ArrayList<>(configSet);
    int height = TOP + 2 * PANEL + 40 + 24 * configs.size();
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, height);
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
      g.drawString(title, LEFT, 30);
      panel(g, results, pages, configs, TOP, "requests / s (higher is better)",
          LoadResult::requestsPerSecond, "%,.0f");
      panel(g, results, pages, configs, TOP + PANEL, "p99 latency, ms (lower is better)",
          LoadResult::p99Millis, "%.1f");
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      int y = TOP + 2 * PANEL + 20;
      for (int c = 0; c < configs.size(); c++) {
        g.setColor(COLORS[c % COLORS.length]);
        g.fillRect(LEFT, y + 24 * c - 12, 16, 16);
        g.setColor(Color.BLACK);
        g.drawString(label(configs.get(c)), LEFT + 24, y + 24 * c + 2);
      }
    } finally {
      g.dispose();
    }
    ImageIO.write(image, "png", png.toFile());
  }

  private static void panel(Graphics2D g, List<LoadResult> results, List<LoadPage> pages,
      List<String> configs, int top, String title, ToDoubleFunction<LoadResult> value, String format) {
    int plotTop = top + 30;
    int plotHeight = PANEL - 90;
    int plotWidth = WIDTH - LEFT - 30;
    double max = results.stream().mapToDouble(value).max().orElse(1);
    max = max <= 0 ? 1 : max * 1.12;
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
    g.drawString(title, LEFT, top + 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setStroke(new BasicStroke(1));
    for (int i = 0; i <= 4; i++) {
      int y = plotTop + plotHeight - plotHeight * i / 4;
      g.setColor(new Color(0xDDDDDD));
      g.drawLine(LEFT, y, LEFT + plotWidth, y);
      g.setColor(Color.DARK_GRAY);
      g.drawString(String.format(Locale.ROOT, format, max * i / 4), 8, y + 4);
    }
    int groupWidth = plotWidth / Math.max(1, pages.size());
    int barWidth = Math.max(4, (groupWidth - 30) / Math.max(1, configs.size()));
    for (int p = 0; p < pages.size(); p++) {
      int groupLeft = LEFT + p * groupWidth + 15;
      for (int c = 0; c < configs.size(); c++) {
        for (LoadResult r : results) {
          if (r.page() != pages.get(p) || !r.configuration().equals(configs.get(c))) {
            continue;
          }
          double v = value.applyAsDouble(r);
          int h = (int) Math.round(plotHeight * v / max);
          int x = groupLeft + c * barWidth;
          g.setColor(COLORS[c % COLORS.length]);
          g.fillRect(x, plotTop + plotHeight - h, barWidth - 3, h);
          g.setColor(Color.BLACK);
          g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
          g.drawString(String.format(Locale.ROOT, format, v), x, plotTop + plotHeight - h - 3);
        }
      }
      g.setColor(Color.BLACK);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      g.drawString(pages.get(p).id, groupLeft, plotTop + plotHeight + 18);
    }
    g.drawLine(LEFT, plotTop + plotHeight, LEFT + plotWidth, plotTop + plotHeight);
  }

  private static String label(String configuration) {
    try {
      return LoadConfiguration.byId(configuration).label;
    } catch (IllegalArgumentException e) {
      return configuration;
    }
  }
}
