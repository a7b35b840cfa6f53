package io.rnn4j.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The word2vec text and binary formats against files gensim 4.2 wrote
 * ({@code KeyedVectors.save_word2vec_format}, six words of four values, non-ASCII words
 * included; committed under test resources), rnn4j's own files read back, and the refusals.
 * That gensim loads rnn4j's files is checked by {@code rnn4j-bench/peers/gensim_vectors_check.py}.
 */
class WordVectorFilesTest {

    @TempDir
    Path dir;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(WordVectorFilesTest.class.getResource(name).toURI());
    }

    /** What gensim was given, as float32. */
    private static final List<String> WORDS = List.of("the", "film", "Café", "naïve", "great", "awful");
    private static final float[] CAFE = {-0.49220651388168335f, -0.6204748749732971f, 0.4898420572280884f, 0.35688701272010803f};
    private static final float[] AWFUL = {-1.8417350053787231f, -0.23509113490581512f, -1.267446517944336f, 0.27126434445381165f};

    @Test
    void gensimsBinaryFileIsReadExactly() throws Exception {
        WordVectors v = WordVectors.read(fixture("gensim-vectors.bin"));
        assertEquals(WORDS, v.words());
        assertEquals(4, v.dim());
        assertArrayEquals(CAFE, v.vector(2), 0f);
        assertArrayEquals(AWFUL, v.vector(5), 0f);
    }

    @Test
    void gensimsTextFileIsReadToItsPrintedDigits() throws Exception {
        WordVectors v = WordVectors.read(fixture("gensim-vectors.txt"));
        assertEquals(WORDS, v.words());
        assertArrayEquals(CAFE, v.vector(2), 1e-7f);
        assertArrayEquals(AWFUL, v.vector(5), 1e-7f);
    }

    @Test
    void ownFilesReadBackExactly() throws Exception {
        WordVectors gensims = WordVectors.read(fixture("gensim-vectors.bin"));
        float[][] rows = new float[gensims.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = gensims.vector(i);
        }
        WordVectors ours = WordVectors.of(gensims.words(), rows);
        Path bin = dir.resolve("v.bin");
        Path txt = dir.resolve("v.txt");
        ours.writeBinary(bin);
        ours.writeText(txt);
        assertEquals(Files.readAllBytes(fixture("gensim-vectors.bin")).length + WORDS.size(), Files.readAllBytes(bin).length,
                "gensim's binary file plus the C tool's newline after each vector");
        for (WordVectors back : List.of(WordVectors.read(bin), WordVectors.read(txt))) {
            assertEquals(WORDS, back.words());
            for (int i = 0; i < WORDS.size(); i++) {
                assertArrayEquals(rows[i], back.vector(i), 0f, "Float.toString round-trips a float exactly");
            }
        }
    }

    private String refusal(String name, byte[] content) throws IOException {
        Path f = dir.resolve(name);
        Files.write(f, content);
        return assertThrows(IllegalArgumentException.class, () -> WordVectors.read(f)).getMessage();
    }

    @Test
    void badFilesAreRefusedInOneLine() throws Exception {
        assertTrue(refusal("header.txt", "3 2\na 1 2\nb 3 4\n".getBytes()).endsWith("header.txt:1: the header declares 3 words,"
                + " the file holds 2"));
        assertTrue(refusal("ragged.txt", "a 1 2\nb 1\n".getBytes()).endsWith("ragged.txt:2: 1 values, the file's vectors have 2"));
        assertTrue(refusal("nan.txt", "a 1 x\n".getBytes()).endsWith("nan.txt:1: 'x' is not a number"));
        assertTrue(refusal("empty.txt", new byte[0]).endsWith("empty.txt holds no word vectors"));
        assertTrue(refusal("noheader.bin", "a 1 2\n".getBytes()).contains("the first line must be the header 'words dimensions'"));
        byte[] whole = Files.readAllBytes(fixture("gensim-vectors.bin"));
        assertTrue(refusal("cut.bin", java.util.Arrays.copyOf(whole, whole.length - 3)).endsWith("cut.bin: cut off at word 6 of 6"));
        assertTrue(refusal("more.bin", ("9" + new String(whole, 1, whole.length - 1, java.nio.charset.StandardCharsets.ISO_8859_1))
                .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1)).contains("the header declares 9 words of 4 values, more than"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordVectors.of(List.of("two words"), new float[][]{{1f}}));
        assertTrue(e.getMessage().contains("holds white space"), e.getMessage());
    }
}
