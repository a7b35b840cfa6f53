package io.rnn4j.seq2seq;

import io.rnn4j.data.SubwordVocabulary;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A translator saved and loaded: the same weights, vocabularies and translations; other files refused. */
class TranslatorFileTest {

    @TempDir
    Path dir;

    static Translator translator(Attention.Score score, float dropout) {
        List<String> en = List.of("I like tea.", "I like you.", "You like tea.");
        List<String> zh = List.of("我喜欢茶。", "我喜欢你。", "你喜欢茶。");
        SubwordVocabulary sv = SubwordVocabulary.bpe(en, 8, Translator.SOURCE_RESERVED);
        SubwordVocabulary tv = SubwordVocabulary.chars(zh, Translator.TARGET_RESERVED);
        Seq2SeqConfig c = new Seq2SeqConfig(sv.size(), tv.size(), RecurrentConfig.CellType.GRU, 6, 5, 1, true, 7, 2, score, 4,
                false, dropout);
        return new Translator(new Seq2Seq(c).initialize(Init.PYTORCH, 2), "en", "zh", sv, tv, 12);
    }

    @Test
    void everyAttentionKindRoundTrips() throws Exception {
        for (Attention.Score score : List.of(Attention.Score.ADDITIVE, Attention.Score.GENERAL, Attention.Score.CONCAT)) {
            Translator t = translator(score, 0.1f);
            Path file = dir.resolve(score + ".model");
            TranslationModelFile.save(file, t, null);
            Translator back = TranslationModelFile.load(file);
            assertArrayEquals(t.model().model().parameters().values(), back.model().model().parameters().values());
            assertEquals(t.model().config(), back.model().config());
            assertEquals("zh", back.targetLanguage());
            assertEquals(12, back.maxTokens());
            List<String> sentences = List.of("I like tea.", "You like you.");
            List<Translator.Translation> a = t.translate(sentences, 2, 1.0);
            List<Translator.Translation> b = back.translate(sentences, 2, 1.0);
            for (int i = 0; i < a.size(); i++) {
                assertEquals(a.get(i).text(), b.get(i).text());
                assertEquals(a.get(i).logProbability(), b.get(i).logProbability(), 0.0);
            }
        }
    }

    @Test
    void aModelFileOfAnotherKindIsRefused() throws Exception {
        Path lm = dir.resolve("lm.model");
        ModelFile.save(lm, new io.rnn4j.nn.SequenceModel(3).add("head", new io.rnn4j.nn.Dense(3, 3)).initialize(Init.PYTORCH, 1),
                null, null);
        var e = assertThrows(ModelFormatException.class, () -> TranslationModelFile.load(lm));
        assertTrue(e.getMessage().contains("is not a translation model"), e.getMessage());
        var notSeq2Seq = assertThrows(IllegalArgumentException.class,
                () -> Seq2Seq.from(new io.rnn4j.nn.SequenceModel(3).add("head", new io.rnn4j.nn.Dense(3, 3))));
        assertTrue(notSeq2Seq.getMessage().contains("not an rnn4j encoder-decoder"), notSeq2Seq.getMessage());
    }

    @Test
    void languagesAndLengthsAreChecked() {
        Translator t = translator(Attention.Score.GENERAL, 0f);
        var fr = assertThrows(IllegalArgumentException.class, () -> new Translator(t.model(), "fr", "zh",
                t.sourceVocabulary(), t.targetVocabulary(), 5));
        assertEquals("unknown source language 'fr'; rnn4j translates between en and zh", fr.getMessage());
        var longOne = assertThrows(IllegalArgumentException.class, () -> t.translate(List.of("I like tea ".repeat(10)), 1, 1.0));
        assertTrue(longOne.getMessage().contains("this model translates at most 12"), longOne.getMessage());
    }
}
