package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j classify} and {@code rnn4j tag} on small generated data: a sentiment word hidden in
 * filler (class files and TSV), and chunks in CoNLL columns; the files a run writes, the JSON
 * keys, cross-validation, predictions, one-line refusals of bad input, and a killed run resumed
 * to the same weights.
 */
class TextCliTest {

    private static final String[] FILLER = {"the", "film", "was", "a", "story", "of", "it", "and", "plot", "cast"};

    @TempDir
    static Path dir;
    static Path classFiles;
    static Path tsv;
    static Path chunksTrain;
    static Path chunksTest;

    private static String sentence(SplittableRandom rng, String word) {
        int len = 3 + rng.nextInt(5);
        int at = rng.nextInt(len);
        StringBuilder s = new StringBuilder();
        for (int t = 0; t < len; t++) {
            s.append(t == 0 ? "" : " ").append(t == at ? word : FILLER[rng.nextInt(FILLER.length)]);
        }
        return s.toString();
    }

    /** Sentences as CoNLL columns: word, POS, chunk; determiners and nouns make NPs, verbs VPs. */
    private static String chunks(SplittableRandom rng, int sentences) {
        String[] nouns = {"film", "story", "plot", "cast", "actor", "scene"};
        String[] verbs = {"runs", "falls", "works", "ends"};
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < sentences; i++) {
            s.append("the DT B-NP\n").append(nouns[rng.nextInt(nouns.length)]).append(" NN I-NP\n")
                    .append(verbs[rng.nextInt(verbs.length)]).append(" VBZ B-VP\n");
            if (rng.nextBoolean()) {
                s.append(nouns[rng.nextInt(nouns.length)]).append(" NN B-NP\n");
            }
            s.append(". . O\n\n");
        }
        return s.toString();
    }

    @BeforeAll
    static void writeData() throws IOException {
        SplittableRandom rng = new SplittableRandom(1);
        classFiles = Files.createDirectories(dir.resolve("polarity"));
        StringBuilder pos = new StringBuilder();
        StringBuilder neg = new StringBuilder();
        StringBuilder t = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            pos.append(sentence(rng, "great")).append('\n');
            neg.append(sentence(rng, "awful")).append('\n');
            t.append(i % 4 == 0 ? "spam\t" + sentence(rng, "win") : "ham\t" + sentence(rng, "hello")).append('\n');
        }
        Files.writeString(classFiles.resolve("reviews.pos"), pos);
        Files.writeString(classFiles.resolve("reviews.neg"), neg);
        tsv = dir.resolve("sms.tsv");
        Files.writeString(tsv, t);
        chunksTrain = dir.resolve("chunks-train.txt");
        chunksTest = dir.resolve("chunks-test.txt");
        Files.writeString(chunksTrain, chunks(rng, 200));
        Files.writeString(chunksTest, chunks(rng, 40));
    }

    private static JsonObject json(Run r) {
        assertEquals(0, r.code(), r.err() + r.out());
        return JsonParser.parseString(r.out()).getAsJsonObject();
    }

    /** classify train with small sizes; an option in {@code more} replaces the default of the same name. */
    private static List<String> classify(Path data, Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("classify", "train", "--data", data.toString(), "--out", out.toString(),
                "--embedding", "16", "--hidden", "16", "--epochs", "6", "--batch", "16", "--lr", "0.01", "--dropout", "0"));
        for (int i = 0; i < more.length; i++) {
            int at = a.indexOf(more[i]);
            if (at > 0 && i + 1 < more.length && !more[i + 1].startsWith("--")) {
                a.set(at + 1, more[++i]);
            } else {
                a.add(more[i]);
            }
        }
        return a;
    }

    @Test
    void classifyTrainEvalPredictOnClassFiles() throws IOException {
        Path model = dir.resolve("sentiment.model");
        JsonObject trained = json(CliRunner.run(classify(classFiles, model, "--test-share", "0.2", "--json")
                .toArray(String[]::new)));
        JsonObject test = trained.getAsJsonObject("test");
        assertEquals(60, test.get("examples").getAsInt(), "a stratified fifth of 300");
        assertTrue(test.get("accuracy").getAsDouble() >= 95, trained.toString());
        assertTrue(test.get("roc_auc").getAsDouble() >= 0.98, trained.toString());
        assertEquals("pos", test.get("positive_class").getAsString());
        for (String f : List.of("", ".metrics.jsonl", ".loss.png")) {
            assertTrue(Files.exists(Path.of(model + f)), model + f);
        }
        assertFalse(Files.exists(Path.of(model + ".ckpt")));

        JsonObject eval = json(CliRunner.run("classify", "eval", "--model", model.toString(), "--data", classFiles.toString(),
                "--json"));
        assertEquals(300, eval.get("examples").getAsInt());
        for (String key : List.of("accuracy", "macro_f1", "macro_precision", "macro_recall", "roc_auc", "per_class", "confusion")) {
            assertTrue(eval.has(key), key);
        }
        JsonArray row = eval.getAsJsonArray("confusion").get(0).getAsJsonArray();
        assertEquals(150, row.get(0).getAsInt() + row.get(1).getAsInt(), "the neg row counts the 150 neg texts");
        assertTrue(Files.size(Path.of(model + ".confusion.png")) > 0);

        Run p = CliRunner.run("classify", "predict", "--model", model.toString(), "the plot was great", "awful it was");
        assertEquals(0, p.code(), p.err());
        Run onnx = CliRunner.run("export", "onnx", "--model", model.toString(), "--out", dir.resolve("sentiment.onnx").toString());
        assertEquals(0, onnx.code(), onnx.err());
        assertTrue(onnx.out().contains("input  words int64 (T, B)"), onnx.out());
        String[] lines = p.out().strip().split("\n");
        assertTrue(lines[0].startsWith("pos\t") && lines[1].startsWith("neg\t"), p.out());
        Run pj = CliRunner.run("classify", "predict", "--model", model.toString(), "--json", "great");
        JsonObject one = JsonParser.parseString(pj.out()).getAsJsonArray().get(0).getAsJsonObject();
        assertEquals("pos", one.get("class").getAsString());
        double sum = one.getAsJsonObject("probabilities").get("pos").getAsDouble()
                + one.getAsJsonObject("probabilities").get("neg").getAsDouble();
        assertEquals(1.0, sum, 1e-5);
    }

    @Test
    void crossValidationReportsMeanAndSpreadOverFolds() {
        JsonObject cv = json(CliRunner.run(classify(tsv, dir.resolve("cv.model"), "--encoder", "bag", "--pooling", "max",
                "--epochs", "20", "--folds", "3", "--class-weights", "balanced", "--json").toArray(String[]::new)));
        assertEquals(3, cv.get("folds").getAsInt());
        assertEquals(150, cv.get("examples").getAsInt());
        assertEquals(3, cv.getAsJsonArray("fold_accuracy").size());
        double mean = 0;
        for (var a : cv.getAsJsonArray("fold_accuracy")) {
            mean += a.getAsDouble() / 3;
        }
        assertEquals(mean, cv.get("mean_accuracy").getAsDouble(), 1e-9);
        assertTrue(cv.get("mean_accuracy").getAsDouble() >= 95, cv.toString());
        assertTrue(cv.has("std_accuracy") && cv.has("mean_macro_f1"));
        assertFalse(Files.exists(dir.resolve("cv.model")), "a cross-validation writes no model");
    }

    @Test
    void tagTrainEvalPredictOnConllColumns() {
        Path model = dir.resolve("chunker.model");
        JsonObject trained = json(CliRunner.run("tag", "train", "--data", chunksTrain.toString(), "--test", chunksTest.toString(),
                "--out", model.toString(), "--embedding", "8", "--hidden", "8", "--char-filters", "8", "--char-dim", "4",
                "--feature-dim", "4", "--epochs", "8", "--batch", "16", "--lr", "0.02", "--dropout", "0", "--json"));
        JsonObject test = trained.getAsJsonObject("test");
        assertTrue(test.get("span_f1").getAsDouble() >= 99, trained.toString());
        assertEquals(40, test.get("sentences").getAsInt());
        JsonObject eval = json(CliRunner.run("tag", "eval", "--model", model.toString(), "--data", chunksTest.toString(), "--json"));
        assertEquals(test.get("span_f1").getAsDouble(), eval.get("span_f1").getAsDouble(), 1e-9);
        assertTrue(eval.has("token_accuracy") && eval.getAsJsonObject("per_type").has("NP"));
        Run p = CliRunner.run("tag", "predict", "--model", model.toString(), "the|DT plot|NN ends|VBZ .|.");
        assertEquals(0, p.code(), p.err());
        assertEquals("the/B-NP plot/I-NP ends/B-VP ./O", p.out().strip());
        Run onnx = CliRunner.run("export", "onnx", "--model", model.toString(), "--out", dir.resolve("chunker.onnx").toString());
        assertEquals(0, onnx.code(), onnx.err());
        assertTrue(onnx.out().contains("input  words.lengths int32 (B)") && onnx.out().contains("output crf.transitions"),
                onnx.out());
        CliRunner.assertRefused(List.of("tag", "predict", "--model", model.toString(), "the plot"), "'the': this tagger reads each"
                + " word with 1 feature(s), written word|feature (e.g. Confidence|NN)");
    }

    @Test
    void badInputGetsOneClearLine() throws IOException {
        Path model = dir.resolve("bad.model");
        Path emptyClass = Files.createDirectories(dir.resolve("empty-class"));
        Files.writeString(emptyClass.resolve("a.txt"), "fine\n");
        Files.writeString(emptyClass.resolve("b.txt"), "\n");
        CliRunner.assertRefused(classify(emptyClass, model), "b.txt is empty: class 'b' has no examples");
        Path latin = dir.resolve("latin.tsv");
        Files.write(latin, new byte[]{'a', '\t', 'x', '\n', 'b', '\t', (byte) 0xe9, '\n'});
        CliRunner.assertRefused(classify(latin, model), "latin.tsv:2: not UTF-8 text (invalid byte 0xe9)");
        Path unseen = dir.resolve("unseen.tsv");
        Files.writeString(unseen, "ham\thello there\neggs\tspam spam\n");
        Path trained = dir.resolve("sms.model");
        assertEquals(0, CliRunner.run(classify(tsv, trained, "--epochs", "1").toArray(String[]::new)).code());
        CliRunner.assertRefused(List.of("classify", "eval", "--model", trained.toString(), "--data", unseen.toString()),
                "unseen.tsv:2: class 'eggs' was never seen in training; the model knows [ham, spam]");
        CliRunner.assertRefused(List.of("tag", "eval", "--model", trained.toString(), "--data", chunksTest.toString()),
                "is not a tagger (its manifest has no \"tagger\" entry); train one with: rnn4j tag train");
        Path ragged = dir.resolve("ragged.txt");
        Files.writeString(ragged, "the DT B-NP\nplot B-NP\n");
        CliRunner.assertRefused(List.of("tag", "train", "--data", ragged.toString()), "ragged.txt:2: 2 columns, but line 1 has 3"
                + " (ragged columns)");
        Path scheme = dir.resolve("scheme.txt");
        Files.writeString(scheme, "the B-NP\nplot Q-NP\n");
        CliRunner.assertRefused(List.of("tag", "train", "--data", scheme.toString()), "unknown tag scheme: tag 'Q-NP'");
        CliRunner.assertRefused(classify(classFiles, model, "--encoder", "transformer"), "encoder must be one of [lstm, gru, cnn,"
                + " bag], got 'transformer'");
        CliRunner.assertRefused(classify(classFiles, model, "--folds", "2", "--test-share", "0.1"), "--folds and --test-share are"
                + " two ways to test: give one");
        CliRunner.assertRefused(classify(classFiles, classFiles.resolve("in.model")), "is inside --data");
        Path copy = dir.resolve("copy-train.txt");
        Files.copy(chunksTrain, copy);
        byte[] before = Files.readAllBytes(copy);
        CliRunner.assertRefused(List.of("tag", "train", "--data", copy.toString(), "--out", copy.toString()), "--out");
        CliRunner.assertRefused(List.of("tag", "train", "--data", chunksTrain.toString(), "--test", copy.toString(), "--out",
                copy.toString()), "--out");
        assertArrayEquals(before, Files.readAllBytes(copy), "the data a refused run named is untouched");
        Path tiny = dir.resolve("tiny.tsv");
        Files.writeString(tiny, "ham\thello\nspam\twin\nham\tok\n");
        CliRunner.assertRefused(classify(tiny, model), "too few texts (3 to train on) to hold out a tenth of each class");
        Path few = dir.resolve("few.txt");
        Files.writeString(few, "the DT B-NP\nplot NN I-NP\n\nit PRP B-NP\n");
        CliRunner.assertRefused(List.of("tag", "train", "--data", few.toString(), "--out", model.toString()), "2 training sentences"
                + " are too few to hold out every 20th for validation");
    }

    @Test
    void aKilledRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.model");
        List<String> options = classify(tsv, reference, "--epochs", "30", "--checkpoint-every", "20", "--max-words", "5");
        assertEquals(0, CliRunner.run(options.toArray(String[]::new)).code());
        Path killed = dir.resolve("killed.model");
        options.set(options.indexOf(reference.toString()), killed.toString());
        Path checkpoint = Path.of(killed + ".ckpt");
        CliRunner.killAfterFirstCheckpoint(options, checkpoint, dir.resolve("killed.log"));
        Run resumed = CliRunner.run("classify", "train", "--resume", checkpoint.toString());
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertArrayEquals(ModelFile.load(reference).model().parameters().values(),
                ModelFile.load(killed).model().parameters().values());
        assertFalse(Files.exists(checkpoint));
    }
}
