package io.ponybunny.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws {@code chart.png} with Java2D: left, the per-chunk one-way latency distribution (CDF, log x
 * axis) of each path in B1; right, B2's chunks/s against concurrent streams (log x axis).
 */
final class Chart {

  private static final Color[] COLORS = {
    new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd)
  };

  private Chart() {}

  /**
   * @param cdfs name to sorted latencies in µs
   * @param sweep name to points {K, p99 added latency ms, clean?1:0}
   */
  static void draw(Path file, Map<String, double[]> cdfs, Map<String, List<double[]>> sweep)
      throws IOException {
    BufferedImage img = new BufferedImage(1400, 560, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, 1400, 560);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    panel(g, 60, 40, 600, 440, "B1 per-chunk one-way latency (CDF, µs, log)", cdfs, null);
    panel(
        g,
        760,
        40,
        600,
        440,
        "B2 p99 added chunk latency (ms) vs concurrent streams (K, log)",
        null,
        sweep);
    g.dispose();
    ImageIO.write(img, "png", file.toFile());
  }

  private static void panel(
      Graphics2D g,
      int x0,
      int y0,
      int w,
      int h,
      String title,
      Map<String, double[]> cdfs,
      Map<String, List<double[]>> sweep) {
    g.setColor(Color.BLACK);
    g.drawString(title, x0, y0 - 15);
    g.drawRect(x0, y0, w, h);
    double xmin;
    double xmax;
    double ymax = 1;
    if (cdfs != null) {
      xmin = Double.MAX_VALUE;
      xmax = 1;
      for (double[] v : cdfs.values()) {
        if (v.length > 0) {
          xmin = Math.min(xmin, Math.max(1, v[0]));
          xmax = Math.max(xmax, v[v.length - 1]);
        }
      }
      if (xmin == Double.MAX_VALUE) {
        xmin = 1;
      }
    } else {
      xmin = 1;
      xmax = 2048;
      for (List<double[]> pts : sweep.values()) {
        for (double[] p : pts) {
          ymax = Math.max(ymax, p[1]);
        }
      }
    }
    double lx0 = Math.log10(xmin);
    double lx1 = Math.max(lx0 + 1, Math.log10(xmax));
    g.setColor(Color.GRAY);
    for (int d = (int) Math.floor(lx0); d <= Math.ceil(lx1); d++) {
      int px = x0 + (int) ((d - lx0) / (lx1 - lx0) * w);
      if (px >= x0 && px <= x0 + w) {
        g.drawLine(px, y0 + h, px, y0 + h + 5);
        g.drawString(String.valueOf((long) Math.pow(10, d)), px - 10, y0 + h + 20);
      }
    }
    for (int q = 0; q <= 4; q++) {
      int py = y0 + h - q * h / 4;
      g.drawString(String.format("%.0f", ymax * q / 4.0 * (cdfs != null ? 100 : 1)), x0 - 55, py);
    }
    int series = 0;
    g.setStroke(new BasicStroke(2f));
    if (cdfs != null) {
      for (Map.Entry<String, double[]> e : cdfs.entrySet()) {
        g.setColor(COLORS[series % COLORS.length]);
        double[] v = e.getValue();
        int px = -1;
        int py = -1;
        for (int i = 0; i < v.length; i++) {
          int nx = x0 + (int) ((Math.log10(Math.max(xmin, v[i])) - lx0) / (lx1 - lx0) * w);
          int ny = y0 + h - (int) ((i + 1.0) / v.length * h);
          if (px >= 0) {
            g.drawLine(px, py, nx, ny);
          }
          px = nx;
          py = ny;
        }
        g.drawString(e.getKey(), x0 + 10, y0 + 20 + 18 * series++);
      }
    } else {
      for (Map.Entry<String, List<double[]>> e : sweep.entrySet()) {
        g.setColor(COLORS[series % COLORS.length]);
        int px = -1;
        int py = -1;
        for (double[] p : e.getValue()) {
          int nx = x0 + (int) ((Math.log10(p[0]) - lx0) / (lx1 - lx0) * w);
          int ny = y0 + h - (int) (p[1] / ymax * h);
          if (px >= 0) {
            g.drawLine(px, py, nx, ny);
          }
          if (p[2] > 0) {
            g.fillOval(nx - 5, ny - 5, 10, 10);
          } else {
            g.drawLine(nx - 6, ny - 6, nx + 6, ny + 6);
            g.drawLine(nx - 6, ny + 6, nx + 6, ny - 6);
          }
          px = nx;
          py = ny;
        }
        g.drawString(e.getKey() + " (dot clean, x failed)", x0 + 10, y0 + 20 + 18 * series++);
      }
    }
  }
}
