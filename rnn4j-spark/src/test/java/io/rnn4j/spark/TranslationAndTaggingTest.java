package io.rnn4j.spark;

import io.rnn4j.data.SubwordVocabulary;
import io.rnn4j.io.TaggerFile;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.seq2seq.Translator;
import io.rnn4j.text.TaggedSentences;
import io.rnn4j.text.Tagger;
import io.rnn4j.text.TaggerConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Translators and taggers over DataFrames: each row's result equals the model's own on that row. */
class TranslationAndTaggingTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    @Test
    void everyTranslationEqualsTheModelsOwn() throws Exception {
        List<String> en = List.of("I like tea.", "I like you.", "You like tea.");
        List<String> zh = List.of("我喜欢茶。", "我喜欢你。", "你喜欢茶。");
        SubwordVocabulary sv = SubwordVocabulary.bpe(en, 8, Translator.SOURCE_RESERVED);
        SubwordVocabulary tv = SubwordVocabulary.chars(zh, Translator.TARGET_RESERVED);
        Seq2SeqConfig c = new Seq2SeqConfig(sv.size(), tv.size(), RecurrentConfig.CellType.GRU, 6, 5, 1, true, 7, 2,
                Attention.Score.ADDITIVE, 4, false, 0f);
        Translator translator = new Translator(new Seq2Seq(c).initialize(Init.PYTORCH, 3), "en", "zh", sv, tv, 12);
        Path file = dir.resolve("en-zh.model");
        TranslationModelFile.save(file, translator, null);
        List<String> sentences = List.of("I like tea.", "You like you.", "tea", "I like you. You like tea.", "",
                "tea tea tea tea tea tea tea tea tea tea tea tea tea tea");
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            rows.add(RowFactory.create(i, sentences.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("en", DataTypes.StringType);
        List<Row> out = Scorer.translator(ModelSource.broadcast(spark, file)).onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.createDataFrame(rows, schema).repartition(2), "en").orderBy("id").collectAsList();
        Translator own = TranslationModelFile.load(file);
        for (int i = 0; i < 4; i++) {
            Translator.Translation t = own.translate(List.of(sentences.get(i)), 1, 0).get(0);
            assertEquals(t.text(), out.get(i).getString(2), sentences.get(i));
            assertEquals(t.logProbability(), out.get(i).getDouble(3), 1e-4);
        }
        assertEquals("the sentence to translate is empty", out.get(4).getString(4));
        assertTrue(out.get(5).getString(4).startsWith("the sentence has "), out.get(5).getString(4));
    }

    @Test
    void everySentencesTagsEqualTheTaggersOwn() throws Exception {
        List<List<String>> words = List.of(List.of("Alice", "met", "Bob"), List.of("Bob", "saw", "Carol", "today"),
                List.of("they", "met"));
        List<List<String>> tags = List.of(List.of("B-PER", "O", "B-PER"), List.of("B-PER", "O", "B-PER", "O"), List.of("O", "O"));
        TaggedSentences train = new TaggedSentences(words, tags, List.of("a", "b", "c"));
        Tagger tagger = Tagger.create(new TaggerConfig("lstm", 8, 8, 1, true, 4, 8, 3, 12, false, 0f, false, 4), train, 1, 100);
        tagger.model().initialize(Init.PYTORCH, 6);
        Path file = dir.resolve("ner.model");
        TaggerFile.save(file, tagger, null);
        List<Row> rows = List.of(RowFactory.create(0, "Alice saw Dave"), RowFactory.create(1, "they met Bob today again"),
                RowFactory.create(2, "   "));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("sentence", DataTypes.StringType);
        List<Row> out = Scorer.tagger(ModelSource.broadcast(spark, file)).onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.createDataFrame(rows, schema), "sentence").orderBy("id").collectAsList();
        Tagger own = TaggerFile.load(file);
        List<List<String>> expected = own.tag(List.of(List.of("Alice", "saw", "Dave"), List.of("they", "met", "Bob", "today", "again")));
        assertEquals(expected.get(0), out.get(0).getList(2), out.get(0).toString());
        assertEquals(expected.get(1), out.get(1).getList(2));
        assertEquals("the sentence has no words", out.get(2).getString(3));

        List<Row> arrays = List.of(RowFactory.create(0, new String[]{"Alice", "saw", "Dave"}));
        StructType arraySchema = new StructType().add("id", DataTypes.IntegerType)
                .add("words", DataTypes.createArrayType(DataTypes.StringType));
        assertEquals(expected.get(0), Scorer.tagger(ModelSource.broadcast(spark, file))
                .transform(spark.createDataFrame(arrays, arraySchema), "words").first().getList(2));
    }
}
