package io.rnn4j.data;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BPE and character vocabularies: the merges learned, encoding and decoding, and the stored form. */
class SubwordVocabularyTest {

    static final List<String> RESERVED = List.of("</s>", "<s>", "<unk>");

    /** Sennrich et al. 2016's example vocabulary: low ×5, lower ×2, newest ×6, widest ×3. */
    static List<String> sennrich() {
        List<String> s = new ArrayList<>();
        s.addAll(Collections.nCopies(5, "low"));
        s.addAll(Collections.nCopies(2, "lower"));
        s.addAll(Collections.nCopies(6, "newest"));
        s.addAll(Collections.nCopies(3, "widest"));
        return s;
    }

    @Test
    void learnsTheMostFrequentPairsFirst() {
        SubwordVocabulary v = SubwordVocabulary.bpe(sennrich(), 4, RESERVED);
        List<String> merges = new ArrayList<>();
        v.toJson().getAsJsonArray("merges").forEach(m -> merges.add(m.getAsString()));
        // e s and s t</w> both occur 9 times: the first in sort order wins; then est</w>, then l o (7), then e w (6)
        assertEquals(List.of("e s", "es t</w>", "l o", "e w"), merges);
        assertEquals(List.of("n", "ew", "est</w>"), v.pieces("newest"));
        assertEquals(List.of("lo", "w</w>"), v.pieces("low"));
    }

    @Test
    void decodingJoinsWordsAndUnknownPiecesBecomeUnk() {
        SubwordVocabulary v = SubwordVocabulary.bpe(List.of("the cat sat on the mat", "the dog sat"), 10, RESERVED);
        String s = "the cat sat on the dog";
        assertEquals(s, v.decode(v.encode(s)));
        int[] ids = v.encode("the zebra");
        assertTrue(ids.length > 2);
        assertTrue(v.decode(ids).contains("<unk>"), v.decode(ids));
        assertEquals(3, v.reserved());
    }

    @Test
    void charactersKeepSpacesAndTheStoredFormRoundTrips() {
        SubwordVocabulary c = SubwordVocabulary.chars(List.of("我喜欢你。", "你好 Tom"), RESERVED);
        assertEquals("你好 Tom", c.decode(c.encode("你好 Tom")));
        SubwordVocabulary back = SubwordVocabulary.fromJson(c.toJson(), "test");
        assertArrayEquals(c.encode("我喜欢 Tom"), back.encode("我喜欢 Tom"));
        SubwordVocabulary b = SubwordVocabulary.bpe(sennrich(), 6, RESERVED);
        SubwordVocabulary bBack = SubwordVocabulary.fromJson(b.toJson(), "test");
        assertArrayEquals(b.encode("lowest newer"), bBack.encode("lowest newer"));
    }

    @Test
    void aDamagedStoredFormIsRefusedByField() {
        var noTokens = assertThrows(IllegalArgumentException.class, () -> SubwordVocabulary.fromJson(
                com.google.gson.JsonParser.parseString("{\"kind\":\"bpe\",\"reserved\":1,\"merges\":[]}"), "the source vocabulary"));
        assertEquals("the source vocabulary needs an array \"tokens\"", noTokens.getMessage());
        var kind = assertThrows(IllegalArgumentException.class, () -> SubwordVocabulary.fromJson(
                com.google.gson.JsonParser.parseString("{\"kind\":\"word\",\"reserved\":1,\"tokens\":[\"<unk>\"],\"merges\":[]}"),
                "the source vocabulary"));
        assertEquals("the source vocabulary has kind 'word'; expected char or bpe", kind.getMessage());
        var dup = assertThrows(IllegalArgumentException.class, () -> SubwordVocabulary.fromJson(
                com.google.gson.JsonParser.parseString("{\"kind\":\"char\",\"reserved\":1,\"tokens\":[\"<unk>\",\"a\",\"a\"],\"merges\":[]}"),
                "v"));
        assertEquals("the vocabulary lists token 'a' twice", dup.getMessage());
    }
}
