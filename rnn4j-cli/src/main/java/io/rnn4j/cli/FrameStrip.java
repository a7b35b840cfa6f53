package io.rnn4j.cli;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A PNG of labelled rows of grey frames side by side, such as the input frames of a video, the
 * true next frames and the predicted ones: each row a label and its frames (values in [0, 1], 0
 * black), separated by a thin gap.
 */
final class FrameStrip {

    private static final int GAP = 2;
    private static final int LABEL = 90;

    /** One row: a label and its frames, each {@code height·width} values in [0, 1]. */
    record Row(String label, List<float[]> frames) {
    }

    private FrameStrip() {
    }

    static void write(Path file, String title, int height, int width, List<Row> rows) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int columns = rows.stream().mapToInt(r -> r.frames().size()).max().orElse(0);
        int top = 22;
        int w = LABEL + columns * (width + GAP) + GAP;
        int h = top + rows.size() * (height + GAP) + GAP;
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(Color.BLACK);
        g.drawString(title, 4, 15);
        for (int r = 0; r < rows.size(); r++) {
            int y0 = top + r * (height + GAP);
            g.setColor(Color.BLACK);
            g.drawString(rows.get(r).label(), 4, y0 + height / 2 + 4);
            List<float[]> frames = rows.get(r).frames();
            for (int f = 0; f < frames.size(); f++) {
                int x0 = LABEL + f * (width + GAP);
                float[] frame = frames.get(f);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int v = Math.round(255 * Math.max(0f, Math.min(1f, frame[y * width + x])));
                        image.setRGB(x0 + x, y0 + y, v << 16 | v << 8 | v);
                    }
                }
            }
        }
        g.dispose();
        ImagePlots.write(image, file);
    }
}
