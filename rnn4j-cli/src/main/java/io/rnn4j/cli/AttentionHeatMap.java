package io.rnn4j.cli;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.GraphicsEnvironment;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A PNG heat map of a translation's attention: one row per written target token (and the step that
 * wrote END), one column per source token, each cell as dark as its weight (white 0, black 1).
 * Labels are drawn with the first installed font that has every glyph they need; on a machine
 * without one (Chinese on a server with no CJK font), a label that cannot be drawn is written as
 * its code points, U+4F60 and so on.
 */
final class AttentionHeatMap {

    private static final int CELL = 28;
    private static final int MARGIN = 16;

    private AttentionHeatMap() {
    }

    static void write(Path file, List<String> sourcePieces, List<String> targetPieces, float[][] weights) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> rows = new ArrayList<>(targetPieces);
        while (rows.size() < weights.length) {
            rows.add("</s>");
        }
        int cols = sourcePieces.size();
        Font font = fontFor(sourcePieces, rows);
        List<String> colLabels = labels(sourcePieces, font);
        List<String> rowLabels = labels(rows, font);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        FontMetrics fm = probe.createGraphics().getFontMetrics(font);
        int left = MARGIN + widest(rowLabels, fm);
        int top = MARGIN + widest(colLabels, fm);
        int width = left + cols * CELL + MARGIN;
        int height = top + weights.length * CELL + MARGIN;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        for (int r = 0; r < weights.length; r++) {
            for (int c = 0; c < cols && c < weights[r].length; c++) {
                int level = 255 - Math.round(255 * Math.max(0f, Math.min(1f, weights[r][c])));
                g.setColor(new Color(level, level, level));
                g.fillRect(left + c * CELL, top + r * CELL, CELL, CELL);
            }
        }
        g.setColor(Color.GRAY);
        g.drawRect(left, top, cols * CELL, weights.length * CELL);
        g.setColor(Color.BLACK);
        g.setFont(font);
        for (int r = 0; r < rowLabels.size() && r < weights.length; r++) {
            String s = rowLabels.get(r);
            g.drawString(s, left - 4 - fm.stringWidth(s), top + r * CELL + (CELL + fm.getAscent()) / 2 - 2);
        }
        AffineTransform keep = g.getTransform();
        for (int c = 0; c < cols; c++) {
            g.setTransform(keep);
            g.translate(left + c * CELL + (CELL + fm.getAscent()) / 2 - 2, top - 4);
            g.rotate(-Math.PI / 2);
            g.drawString(colLabels.get(c), 0, 0);
        }
        g.dispose();
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        ImageIO.write(image, "png", tmp.toFile());
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The first installed font that can draw every label, else the default sans-serif. */
    private static Font fontFor(List<String> a, List<String> b) {
        String all = String.join("", a) + String.join("", b);
        for (String family : GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
            Font f = new Font(family, Font.PLAIN, 13);
            if (f.canDisplayUpTo(all) < 0) {
                return f;
            }
        }
        return new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    }

    private static List<String> labels(List<String> pieces, Font font) {
        List<String> out = new ArrayList<>();
        for (String p : pieces) {
            String shown = p.replace("</w>", "_");
            if (font.canDisplayUpTo(shown) >= 0) {
                StringBuilder sb = new StringBuilder();
                shown.codePoints().forEach(cp -> sb.append(font.canDisplay(cp) ? new String(Character.toChars(cp))
                        : String.format("U+%04X", cp)));
                shown = sb.toString();
            }
            out.add(shown);
        }
        return out;
    }

    private static int widest(List<String> labels, FontMetrics fm) {
        int w = 0;
        for (String s : labels) {
            w = Math.max(w, fm.stringWidth(s));
        }
        return w + 4;
    }
}
