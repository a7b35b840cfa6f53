package io.rnn4j.video;

import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Moving MNIST generator on stand-in digits whose only lit pixel is the centre: every frame
 * then shows the two digits' centres, which must stay inside the 36-pixel range a 28-pixel digit
 * can move in, move 3.6 pixels a frame (rounded) and come back from the edges; a seed gives the
 * same videos every time.
 */
class MovingMnistTest {

    /** Digits lit only at pixel (14, 14), of brightness 100 + i. */
    private static ImageSet centres(int n) {
        byte[] pixels = new byte[n * 28 * 28];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            pixels[i * 784 + 14 * 28 + 14] = (byte) (100 + i);
        }
        return new ImageSet(new ImageShape(1, 28, 28), pixels, labels, List.of("0"));
    }

    @Test
    void aSeedGivesTheSameVideos() {
        ImageSet d = centres(5);
        assertArrayEquals(MovingMnist.generate(d, 8, 7).pixels(), MovingMnist.generate(d, 8, 7).pixels());
        assertFalse(java.util.Arrays.equals(MovingMnist.generate(d, 8, 7).pixels(), MovingMnist.generate(d, 8, 8).pixels()));
        Video v = MovingMnist.generate(d, 3, 1);
        assertEquals(List.of(20, 3, 64, 64), List.of(v.frames(), v.count(), v.height(), v.width()));
    }

    /** Each digit followed by its brightness (100 or 101) wherever the other does not cover it. */
    @Test
    void digitsMoveInsideTheFrameAndBounce() {
        Video v = MovingMnist.generate(centres(2), 200, 3);
        int bounces = 0;
        int steps = 0;
        for (int s = 0; s < v.count(); s++) {
            for (int brightness = 100; brightness <= 101; brightness++) {
                int[] previous = null;
                int[] direction = null;
                for (int f = 0; f < v.frames(); f++) {
                    int at = find(v, f, s, brightness);
                    if (at < 0) { // covered by the other digit, or both digits are one image
                        previous = null;
                        direction = null;
                        continue;
                    }
                    int y = at / 64;
                    int x = at % 64;
                    assertTrue(y >= 14 && y <= 50 && x >= 14 && x <= 50, "centre (" + y + ", " + x + ") outside the range");
                    if (previous != null) {
                        int dy = y - previous[0];
                        int dx = x - previous[1];
                        // 0.1 of 36 pixels, rounded at both ends
                        assertTrue(Math.hypot(dy, dx) <= 3.6 + 1.5, "a step of (" + dy + ", " + dx + ")");
                        steps++;
                        if (direction != null && (dy * direction[0] < 0 || dx * direction[1] < 0)) {
                            bounces++;
                        }
                        direction = new int[] {dy, dx};
                    }
                    previous = new int[] {y, x};
                }
            }
        }
        assertTrue(steps > 3000, "followed only " + steps + " steps");
        assertTrue(bounces > 50, "only " + bounces + " bounces in " + steps + " steps");
    }

    /** The one pixel of this brightness, or -1 when there is none or two (both digits the same image). */
    private static int find(Video v, int f, int s, int brightness) {
        int found = -1;
        for (int i = 0; i < v.area(); i++) {
            if ((v.pixels()[v.offset(f, s) + i] & 0xff) == brightness) {
                if (found >= 0) {
                    return -1;
                }
                found = i;
            }
        }
        return found;
    }

    /** Both digits lit in the first frame, the brighter where they overlap (the pixel-wise maximum). */
    @Test
    void twoDigitsPerFrame() {
        Video v = MovingMnist.generate(centres(1), 50, 5);
        int two = 0;
        for (int s = 0; s < v.count(); s++) {
            two += lit(v, 0, s).length == 2 ? 1 : 0;
        }
        assertTrue(two >= 45, two + " of 50 first frames show both digits apart");
        assertThrows(IllegalArgumentException.class, () -> MovingMnist.generate(centres(1), 0, 1));
    }

    private static int[] lit(Video v, int f, int s) {
        return java.util.stream.IntStream.range(0, v.area()).filter(i -> v.pixels()[v.offset(f, s) + i] != 0).toArray();
    }
}
