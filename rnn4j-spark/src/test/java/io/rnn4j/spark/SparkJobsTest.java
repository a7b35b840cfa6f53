package io.rnn4j.spark;

import io.rnn4j.io.LanguageModelFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The two spark-submit jobs, run in this JVM's local[2] session as spark-submit would run them. */
class SparkJobsTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    @Test
    void theTrainingJobWritesALanguageModelThatTheScoringJobScores() throws Exception {
        Path text = dir.resolve("corpus.txt");
        Files.writeString(text, String.join("\n", TestModels.texts(400, 4)) + "\n");
        Path model = dir.resolve("spark-lm.rnn4j");
        int code = new CommandLine(new TrainLanguageModelJob()).execute("--data", text.toString(), "--out", model.toString(),
                "--partitions", "2", "--steps", "6", "--batch", "8", "--seq-len", "20", "--hidden", "16", "--layers", "1",
                "--embed", "8", "--lr", "0.01", "--checkpoint", dir.resolve("job.ckpt").toString(), "--checkpoint-every", "3");
        assertEquals(0, code);
        LanguageModelFile lm = LanguageModelFile.load(model);
        assertEquals(6, lm.file().manifest().getAsJsonObject("provenance").get("steps").getAsInt());
        assertEquals(TestModels.CHARS.length(), lm.tokenizer().size(), "the text's ten characters and the newline");
        assertTrue(Files.exists(dir.resolve("job.ckpt")));

        Path out = dir.resolve("scored");
        assertEquals(0, new CommandLine(new ScoreJob()).execute("--model", model.toString(), "--input", text.toString(),
                "--output", out.toString(), "--on-error", "null"));
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(400, rows.size());
        assertEquals(List.of("value", "loss", "tokens", "error"), Arrays.asList(rows.get(0).schema().fieldNames()));
        long scored = rows.stream().filter(r -> !r.isNullAt(1)).count();
        assertEquals(TestModels.texts(400, 4).stream().filter(t -> t.length() >= 2).count(), scored);
    }

    @Test
    void theScoringJobReadsCsvWithAClassifierAndRefusesWhatItCannotDo() throws Exception {
        List<String> texts = List.of("a good film", "a bad film", "good good");
        Path model = TestModels.classifier(dir, texts);
        Path csv = dir.resolve("reviews.csv");
        Files.writeString(csv, "id,text\n1,a good film\n2,not bad\n3,\n");
        Path out = dir.resolve("labels");
        assertEquals(0, new CommandLine(new ScoreJob()).execute("--model", model.toString(), "--input", csv.toString(),
                "--format", "csv", "--output", out.toString(), "--output-format", "json", "--on-error", "null"));
        List<Row> rows = spark.read().json(out.toString()).orderBy("id").collectAsList();
        assertEquals(3, rows.size());
        assertEquals("the text is null", rows.get(2).getAs("error"), "an empty CSV field reads as null");
        assertTrue(List.of("neg", "pos").contains(rows.get(0).<String>getAs("label")));
        assertEquals(2, new CommandLine(new ScoreJob()).execute("--model", model.toString(), "--input", csv.toString(),
                "--output", dir.resolve("x").toString(), "--on-error", "skip"), "a usage error");
    }

    @Test
    void theScoringJobReadsTheModelsKindFromItsFileAndBinaryInputs() throws Exception {
        io.rnn4j.nn.conv.ImageShape shape = new io.rnn4j.nn.conv.ImageShape(1, 8, 8);
        io.rnn4j.data.image.ImageClassifier classifier = new io.rnn4j.data.image.ImageClassifier(
                io.rnn4j.data.image.ImageArchitecture.ROW_LSTM.build(shape, 2, 4).initialize(io.rnn4j.nn.Init.PYTORCH, 1), shape,
                io.rnn4j.data.image.ImageArchitecture.ROW_LSTM, io.rnn4j.data.image.Normalization.unit(1), List.of("dark", "light"));
        Path model = dir.resolve("light.model");
        io.rnn4j.io.ImageModelFile.save(model, classifier, null);
        Path images = Files.createDirectories(dir.resolve("pngs"));
        for (int i = 0; i < 3; i++) {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            img.getRaster().setSample(i, i, 0, 255);
            javax.imageio.ImageIO.write(img, "png", images.resolve("p" + i + ".png").toFile());
        }
        Path out = dir.resolve("image-labels");
        assertEquals(0, new CommandLine(new ScoreJob()).execute("--model", model.toString(), "--input", images.toString(),
                "--format", "binary", "--output", out.toString()));
        List<Row> rows = spark.read().parquet(out.toString()).collectAsList();
        assertEquals(3, rows.size());
        for (Row r : rows) {
            assertTrue(List.of("dark", "light").contains(r.<String>getAs("label")), r.toString());
        }
    }
}
