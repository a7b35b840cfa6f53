package io.rnn4j.caption;

import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The captioned-digit generator: captions that say what is drawn where, and nothing else. */
class CaptionedDigitsTest {

    private static final Pattern PHRASE = Pattern.compile("a (small|large) (\\d) at (top|middle|bottom) (left|center|right)");

    /** Ten 28×28 "digits": digit d is a solid square of brightness 20 + 20·d, so its label can be read back. */
    static ImageSet squares() {
        ImageShape s = new ImageShape(1, 28, 28);
        byte[] pixels = new byte[10 * s.size()];
        int[] labels = new int[10];
        for (int d = 0; d < 10; d++) {
            labels[d] = d;
            for (int y = 4; y < 24; y++) {
                for (int x = 4; x < 24; x++) {
                    pixels[d * s.size() + y * 28 + x] = (byte) (20 + 20 * d);
                }
            }
        }
        return new ImageSet(s, pixels, labels, List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }

    @Test
    void captionsNameEachDigitItsSizeAndCellInReadingOrder() {
        CaptionSet set = CaptionedDigits.generate(squares(), 300, 5);
        int[] digitCounts = new int[4];
        for (int i = 0; i < set.size(); i++) {
            String caption = set.captions().get(i);
            String[] phrases = caption.split(" and ");
            digitCounts[phrases.length]++;
            int previousCell = -1;
            int lit = 0;
            for (String phrase : phrases) {
                Matcher m = PHRASE.matcher(phrase);
                assertTrue(m.matches(), "phrase '" + phrase + "' of '" + caption + "'");
                int row = List.of("top", "middle", "bottom").indexOf(m.group(3));
                int col = List.of("left", "center", "right").indexOf(m.group(4));
                int cell = row * 3 + col;
                assertTrue(cell > previousCell, "reading order in '" + caption + "'");
                previousCell = cell;
                // the square's brightest value sits inside its cell, and its lit area matches its size
                int expected = 20 + 20 * Integer.parseInt(m.group(2));
                int side = m.group(1).equals("large") ? 20 : 12;
                int count = 0;
                int brightest = 0;
                for (int y = CaptionedDigits.edge(row); y < CaptionedDigits.edge(row + 1); y++) {
                    for (int x = CaptionedDigits.edge(col); x < CaptionedDigits.edge(col + 1); x++) {
                        int v = set.images().value(i, y * 64 + x);
                        if (v > 0) {
                            count++;
                            brightest = Math.max(brightest, v);
                        }
                    }
                }
                // inside, the square keeps its value; its rim blends towards the background
                assertTrue(Math.abs(brightest - expected) <= 1, brightest + " brightest in a " + expected + " square");
                // the 20/28 inner square, scaled to the side, with a blended rim
                double inner = Math.pow(side * 20 / 28.0, 2);
                assertTrue(count >= inner - 1 && count <= Math.pow(side * 20 / 28.0 + 2, 2), count + " lit pixels for " + phrase);
                lit += count;
            }
            int total = 0;
            for (int p = 0; p < 64 * 64; p++) {
                total += set.images().value(i, p) > 0 ? 1 : 0;
            }
            assertEquals(lit, total, "nothing is drawn outside the named cells of '" + caption + "'");
        }
        for (int n = 1; n <= 3; n++) {
            assertTrue(digitCounts[n] > 60, digitCounts[n] + " pictures with " + n + " digits of 300");
        }
    }

    @Test
    void aPictureDependsOnlyOnTheSeedAndItsIndex() {
        CaptionSet a = CaptionedDigits.generate(squares(), 20, 9);
        CaptionSet b = CaptionedDigits.generate(squares(), 40, 9);
        CaptionSet c = CaptionedDigits.generate(squares(), 20, 10);
        assertEquals(a.captions(), b.captions().subList(0, 20));
        assertArrayEquals(a.images().pixels(), b.slice(0, 20).images().pixels());
        assertNotEquals(a.captions(), c.captions());
    }

    @Test
    void aWrittenSetReadsBackAndBadListsAreNamed(@TempDir Path dir) throws IOException {
        CaptionSet set = CaptionedDigits.generate(squares(), 12, 3);
        CaptionFolder.write(set, dir.resolve("part"));
        CaptionSet back = CaptionFolder.read(dir.resolve("part"));
        assertEquals(set.captions(), back.captions());
        assertArrayEquals(set.images().pixels(), back.images().pixels());

        IOException missing = assertThrows(IOException.class, () -> CaptionFolder.read(dir));
        assertTrue(missing.getMessage().contains("has no captions.tsv"), missing.getMessage());
        Path list = dir.resolve("part").resolve(CaptionFolder.CAPTIONS);
        List<String> lines = new ArrayList<>(Files.readAllLines(list));
        lines.set(3, "00003.png");
        Files.write(list, lines);
        IOException noTab = assertThrows(IOException.class, () -> CaptionFolder.read(dir.resolve("part")));
        assertTrue(noTab.getMessage().contains("captions.tsv:4: expected FILE<TAB>CAPTION"), noTab.getMessage());
        lines.set(3, "../escape.png\ta small 1 at top left");
        Files.write(list, lines);
        IOException outside = assertThrows(IOException.class, () -> CaptionFolder.read(dir.resolve("part")));
        assertTrue(outside.getMessage().contains("is outside"), outside.getMessage());
    }
}
