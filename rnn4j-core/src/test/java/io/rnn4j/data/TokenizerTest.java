package io.rnn4j.data;

import io.rnn4j.loss.Targets;
import io.rnn4j.train.Batch;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    @Test
    void charactersAreCodePointsIncludingNonBmp() {
        String text = "春眠不觉晓 🌸a";
        CharVocabulary v = CharVocabulary.of(text);
        int[] ids = v.encode(text);
        assertEquals(text.codePointCount(0, text.length()), ids.length, "one token per code point");
        assertEquals(text, v.join(ids));
        assertEquals("🌸", v.decode(v.encode("🌸")[0]));
        Tokenizer back = Tokenizer.fromJson(v.toJson());
        assertArrayEquals(ids, back.encode(text));
        var e = assertThrows(IllegalArgumentException.class, () -> v.encode("z"));
        assertTrue(e.getMessage().contains("'z' (U+7A) is not in the vocabulary"), e.getMessage());
    }

    @Test
    void wordsHaveUnknownMinimumCountAndCap() {
        String text = "the cat sat. the cat ran!\nthe dog's bone";
        assertEquals(List.of("the", "cat", "sat", ".", "the", "cat", "ran", "!", "\n", "the", "dog's", "bone"),
                WordVocabulary.split(text));
        WordVocabulary v = WordVocabulary.of(text, 2, 100);
        assertEquals(3, v.size(), "<unk>, the, cat");
        assertEquals("<unk>", v.decode(0));
        assertEquals("the", v.decode(1));
        assertEquals("cat", v.decode(2));
        assertArrayEquals(new int[] {1, 2, 0, 0}, v.encode("the cat sat ."));
        WordVocabulary capped = WordVocabulary.of(text, 1, 4);
        assertEquals(4, capped.size());
        assertEquals("the cat sat.\nthe", WordVocabulary.of(text, 1, 100).join(WordVocabulary.of(text, 1, 100).encode("the cat sat.\nthe")));
        Tokenizer back = Tokenizer.fromJson(v.toJson());
        assertArrayEquals(v.encode(text), back.encode(text));
        assertThrows(IllegalArgumentException.class, () -> WordVocabulary.of(text, 0, 10));
    }

    @Test
    void aLiteralUnkIsTheUnknownWordAndLowercasingTravelsWithTheVocabulary() {
        WordVocabulary v = WordVocabulary.of("The cat saw the Dog . the dog ran", 1, 100, true);
        assertEquals(List.of("<unk>", "the", "the", "<unk>"), WordVocabulary.split("<unk> the the <unk>").subList(0, 4));
        int[] ids = v.encode("THE <unk> Dog zebra");
        assertEquals(v.encode("the")[0], ids[0], "lower-cased on the way in");
        assertEquals(0, ids[1], "a literal <unk> (as in the PTB files) is the unknown word, not three tokens");
        assertEquals(v.encode("dog")[0], ids[2]);
        assertEquals(0, ids[3]);
        assertEquals(4, ids.length);
        Tokenizer restored = Tokenizer.fromJson(v.toJson());
        assertArrayEquals(ids, restored.encode("THE <unk> Dog zebra"), "the model file keeps the lower-casing");
    }

    @Test
    void splitIsContiguousAndBatchesAreParallelStreams() {
        int[] ids = new int[100];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        TextSplit s = TextSplit.contiguous(ids, 0.1);
        assertEquals(90, s.train().length);
        assertEquals(90, s.validation()[0]);
        List<Batch> batches = LanguageModelBatches.of(s.train(), 5, 4);
        // 4 streams of (90 - 1) / 4 = 22 tokens, 4 batches of 5 steps.
        assertEquals(4, batches.size());
        int[] tok = batches.get(1).input().tokens;
        Targets t = batches.get(1).targets();
        // Step 0 of batch 1, stream 2 continues stream 2 at position 2·22 + 5.
        assertEquals(2 * 22 + 5, tok[0 * 4 + 2]);
        assertEquals(2 * 22 + 6, t.classes[0 * 4 + 2], "the target is the next token");
    }
}
