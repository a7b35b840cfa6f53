package io.rnn4j.word2vec;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Huffman tree gives the codes and paths the original tool's CreateBinaryTree gives (worked by hand for counts 5, 3, 2, 1). */
class HuffmanTreeTest {

    @Test
    void codesAndPathsAreTheOriginalToolsForASmallVocabulary() {
        HuffmanTree t = new HuffmanTree(new long[]{5, 3, 2, 1});
        assertArrayEquals(new byte[]{0}, t.codes(0));
        assertArrayEquals(new int[]{2}, t.points(0));
        assertArrayEquals(new byte[]{1, 1}, t.codes(1));
        assertArrayEquals(new int[]{2, 1}, t.points(1));
        assertArrayEquals(new byte[]{1, 0, 1}, t.codes(2));
        assertArrayEquals(new int[]{2, 1, 0}, t.points(2));
        assertArrayEquals(new byte[]{1, 0, 0}, t.codes(3));
        assertArrayEquals(new int[]{2, 1, 0}, t.points(3));
    }

    @Test
    void codesArePrefixFreeAndFrequentWordsGetShortOnes() {
        long[] counts = new long[200];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = 100_000 / (i + 1); // Zipf
        }
        HuffmanTree t = new HuffmanTree(counts);
        java.util.Set<String> codes = new java.util.HashSet<>();
        for (int w = 0; w < counts.length; w++) {
            StringBuilder sb = new StringBuilder();
            for (byte b : t.codes(w)) {
                sb.append(b);
            }
            codes.add(sb.toString());
            assertEquals(t.codes(w).length, t.points(w).length);
            assertEquals(counts.length - 2, t.points(w)[0], "every path starts at the root");
            if (w > 0) {
                assertTrue(t.codes(w).length >= t.codes(w - 1).length - 1, "code lengths grow with rarity");
            }
        }
        assertEquals(counts.length, codes.size());
        for (String a : codes) {
            for (String b : codes) {
                assertTrue(a.equals(b) || !b.startsWith(a), a + " is a prefix of " + b);
            }
        }
        assertTrue(t.codes(0).length < t.codes(199).length);
        assertEquals(0, new HuffmanTree(new long[]{7}).codes(0).length, "one word: nothing to choose");
    }
}
