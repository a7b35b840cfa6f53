package io.rnn4j.spark;

import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.tensor.Seq;
import io.rnn4j.text.TextClassifier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
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
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Scorer} under local[2]: results equal the model's own, row by row, and bad rows are handled as chosen. */
class ScorerTest {

    @TempDir
    static Path dir;
    static SparkSession spark;
    static Path lmFile;

    @BeforeAll
    static void start() throws Exception {
        spark = LocalSpark.get();
        lmFile = TestModels.languageModel(dir);
    }

    private static Dataset<Row> frame(List<String> texts, int partitions) {
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            rows.add(RowFactory.create(i, texts.get(i)));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("text", DataTypes.StringType);
        return spark.createDataFrame(rows, schema).repartition(partitions);
    }

    /** The loss of one text computed alone (batch 1), in double, as the definition reads. */
    private static double lossAlone(LanguageModelFile lm, String text) {
        int[] tokens = lm.tokenizer().encode(text);
        int n = tokens.length - 1;
        Seq out = lm.model().forward(Seq.ofTokens(Arrays.copyOf(tokens, n), n, 1, null), ForwardContext.inference()).output();
        int v = out.features;
        double sum = 0;
        for (int t = 0; t < n; t++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, out.values[t * v + k]);
            }
            double z = 0;
            for (int k = 0; k < v; k++) {
                z += Math.exp(out.values[t * v + k] - max);
            }
            sum -= out.values[t * v + tokens[t + 1]] - max - Math.log(z);
        }
        return sum / n;
    }

    @Test
    void everyRowsLossEqualsTheRowScoredAloneAndTheModelLoadsOnce() {
        List<String> texts = TestModels.texts(300, 1);
        Executors.clear();
        int before = Executors.loads();
        List<Row> scored = Scorer.languageModel(ModelSource.broadcast(spark, lmFile)).withBatch(16)
                .transform(frame(texts, 5), "text").collectAsList();
        assertEquals(1, Executors.loads() - before, "one load in this JVM for 5 partitions on 2 threads");
        assertEquals(texts.size(), scored.size());
        LanguageModelFile lm = LanguageModelFile.load(lmFile);
        int scoredRows = 0;
        for (Row r : scored) {
            String text = texts.get(r.getInt(0));
            assertEquals(text, r.getString(1));
            assertEquals(text.length(), r.getInt(3), "tokens");
            if (text.length() < 2) {
                assertTrue(r.isNullAt(2), "nothing to predict in '" + text + "'");
                continue;
            }
            double expected = lossAlone(lm, text);
            assertEquals(expected, r.getDouble(2), 1e-5 * expected, "loss of '" + text + "'");
            scoredRows++;
        }
        assertEquals(texts.stream().filter(t -> t.length() >= 2).count(), scoredRows);
    }

    @Test
    void theSqlFunctionGivesWhatTransformGives() {
        List<String> texts = TestModels.texts(40, 2);
        Scorer lm = Scorer.languageModel(ModelSource.broadcast(spark, lmFile));
        lm.register(spark, "rnn4j_lm");
        frame(texts, 2).createOrReplaceTempView("lines");
        List<Row> viaSql = spark.sql("SELECT id, rnn4j_lm(text).loss AS loss, rnn4j_lm(text).tokens AS tokens FROM lines ORDER BY id")
                .collectAsList();
        List<Row> viaTransform = lm.transform(frame(texts, 2), "text").orderBy("id").collectAsList();
        for (int i = 0; i < texts.size(); i++) {
            assertEquals(viaTransform.get(i).getInt(3), viaSql.get(i).getInt(2));
            if (viaTransform.get(i).isNullAt(2)) {
                assertTrue(viaSql.get(i).isNullAt(1));
            } else {
                assertEquals(viaTransform.get(i).getDouble(2), viaSql.get(i).getDouble(1), 1e-5);
            }
        }
    }

    @Test
    void badRowsStopTheJobOrGetTheirReasonAsChosen() {
        List<String> texts = new ArrayList<>(List.of("abc abc", "ab", "hello", "a".repeat(30)));
        texts.add(null);
        Dataset<Row> data = frame(texts, 2);
        Scorer lm = Scorer.languageModel(ModelSource.broadcast(spark, lmFile)).withMaxTokens(20);

        Exception failed = assertThrows(Exception.class, () -> lm.transform(data, "text").collectAsList());
        assertTrue(causes(failed).contains("is not in the vocabulary") || causes(failed).contains("the text is null")
                || causes(failed).contains("more than maxTokens 20"), causes(failed));
        assertTrue(causes(failed).contains("NULL_WITH_REASON"), "the message says how to keep going: " + causes(failed));

        List<Row> kept = lm.onError(Scorer.OnError.NULL_WITH_REASON).transform(data, "text").orderBy("id").collectAsList();
        assertEquals(5, kept.size());
        assertNull(kept.get(0).getString(4), "a good row has no reason");
        assertTrue(kept.get(2).getString(4).contains("'l' (U+6C) is not in the vocabulary"), kept.get(2).toString());
        assertTrue(kept.get(2).isNullAt(2));
        assertEquals("the row has 30 tokens, more than maxTokens 20", kept.get(3).getString(4));
        assertEquals("the text is null", kept.get(4).getString(4));
        assertTrue(kept.get(4).isNullAt(3));
    }

    @Test
    void aColumnOfAnotherTypeOrNameIsRefusedOnTheDriver() {
        Scorer lm = Scorer.languageModel(ModelSource.broadcast(spark, lmFile));
        Dataset<Row> data = frame(List.of("abc"), 1);
        IllegalArgumentException notText = assertThrows(IllegalArgumentException.class, () -> lm.transform(data, "id"));
        assertEquals("column 'id' is int; the model reads text (string): cast it, or pick the text column", notText.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class, () -> lm.transform(data, "body"));
        assertEquals("the data has no column 'body'; it has [id, text]", missing.getMessage());
        IllegalArgumentException taken = assertThrows(IllegalArgumentException.class,
                () -> lm.transform(lm.transform(data, "text"), "text"));
        assertTrue(taken.getMessage().startsWith("the data already has a column 'loss'"), taken.getMessage());
        IllegalArgumentException noFile = assertThrows(IllegalArgumentException.class,
                () -> ModelSource.broadcast(spark, dir.resolve("none.rnn4j")));
        assertTrue(noFile.getMessage().endsWith("none.rnn4j does not exist"), noFile.getMessage());
    }

    @Test
    void aModelFileMissingOnTheExecutorsIsNamed() {
        Scorer lm = Scorer.languageModel(ModelSource.path(dir.resolve("elsewhere.rnn4j").toString()));
        Dataset<Row> data = frame(List.of("abc", "bad"), 2);
        Exception failed = assertThrows(Exception.class, () -> lm.transform(data, "text").collectAsList());
        assertTrue(causes(failed).contains("elsewhere.rnn4j is missing on executor driver"), causes(failed));
        List<Row> kept = lm.onError(Scorer.OnError.NULL_WITH_REASON).transform(data, "text").collectAsList();
        for (Row r : kept) {
            assertTrue(r.isNullAt(2));
            assertTrue(r.getString(4).startsWith("model elsewhere.rnn4j cannot be used: model file "), r.getString(4));
        }
    }

    @Test
    void aClassifiersLabelsAndProbabilitiesEqualItsOwn() throws Exception {
        List<String> texts = List.of("a good film", "a bad film", "good good", "not bad at all", "", "film");
        Path file = TestModels.classifier(dir, texts);
        Scorer scorer = Scorer.textClassifier(ModelSource.broadcast(spark, file)).withPrefix("sentiment_");
        assertEquals(List.of("neg", "pos"), scorer.classes());
        List<Row> scored = scorer.transform(frame(texts, 2), "text").orderBy("id").collectAsList();
        TextClassifier direct = TextClassifierFile.load(file);
        float[][] p = direct.probabilities(texts);
        for (int i = 0; i < texts.size(); i++) {
            Row r = scored.get(i);
            int best = p[i][1] > p[i][0] ? 1 : 0;
            assertEquals(direct.classes().get(best), r.getString(2));
            assertEquals(p[i][best], r.getDouble(3), 1e-6);
            List<Object> all = r.getList(4);
            assertEquals(p[i][0], (Double) all.get(0), 1e-6);
            assertEquals(p[i][1], (Double) all.get(1), 1e-6);
        }
        assertEquals(List.of("id", "text", "sentiment_label", "sentiment_probability", "sentiment_probabilities"),
                Arrays.asList(scorer.transform(frame(texts, 1), "text").schema().fieldNames()));
    }

    static String causes(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            sb.append(c.getMessage()).append(" | ");
        }
        return sb.toString();
    }
}
