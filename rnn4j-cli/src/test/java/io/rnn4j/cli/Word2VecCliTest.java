package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j word2vec}: train writes vectors and its state, eval prints the three scores as JSON,
 * similar, analogy and plot answer; a run killed after its first epoch resumes to the vectors of
 * a run never stopped; a corpus bigger than the heap trains; bad input is refused in one line.
 */
class Word2VecCliTest {

    @TempDir
    Path dir;

    /** Sentences of two topics (a0..a9 or b0..b9) with shared function words. */
    private Path corpus(String name, int sentences) throws Exception {
        SplittableRandom rng = new SplittableRandom(7);
        Path file = dir.resolve(name);
        try (BufferedWriter w = Files.newBufferedWriter(file)) {
            for (int s = 0; s < sentences; s++) {
                String topic = rng.nextBoolean() ? "a" : "b";
                for (int i = 0; i < 8; i++) {
                    w.write((i > 0 ? " " : "") + (rng.nextInt(4) == 0 ? (rng.nextBoolean() ? "the" : "and") : topic + rng.nextInt(10)));
                }
                w.write('\n');
            }
        }
        return file;
    }

    private Path evalDir() throws Exception {
        Path d = Files.createDirectories(dir.resolve("eval"));
        Files.writeString(d.resolve("questions-words.txt"), ": topics\na0 a1 b0 b1\na2 a3 b2 b3\n: missing\na0 a1 zz b1\n");
        Files.writeString(d.resolve("wordsim353.tsv"), "# pairs\na0\ta1\t9\na0\tb0\t1\nb1\tb2\t8\na3\tb5\t2\nzz\ta1\t5\n");
        Files.writeString(d.resolve("simlex999.txt"), "a4\ta5\t9\na4\tb4\t0.5\nb6\tb7\t7\na6\tb6\t1\n");
        return d;
    }

    @Test
    void trainEvalSimilarAnalogyAndPlot() throws Exception {
        Path data = corpus("c.txt", 4000);
        Path vectors = dir.resolve("v.bin");
        CliRunner.Run t = CliRunner.run("word2vec", "train", "--data", data.toString(), "--out", vectors.toString(), "--dim", "16",
                "--epochs", "3", "--min-count", "1", "--sample", "0", "--json");
        assertEquals(0, t.code(), t.out() + t.err());
        JsonObject summary = JsonParser.parseString(t.out()).getAsJsonObject();
        assertEquals(22, summary.get("vocabulary").getAsInt());
        assertEquals(32_000, summary.get("corpus_words").getAsLong());
        assertTrue(t.err().contains("words/s"), t.err());
        assertTrue(Files.exists(Path.of(vectors + ".state")));

        CliRunner.Run e = CliRunner.run("word2vec", "eval", "--vectors", vectors.toString(), "--eval-dir", evalDir().toString(), "--json");
        assertEquals(0, e.code(), e.out() + e.err());
        JsonObject scores = JsonParser.parseString(e.out()).getAsJsonObject();
        assertEquals(2, scores.get("analogy_questions").getAsInt());
        assertEquals(1.0 / 3, scores.get("analogy_oov_share").getAsDouble(), 1e-12);
        assertTrue(scores.get("wordsim353_spearman").getAsDouble() > 0.5, e.out());
        assertTrue(scores.get("simlex999_spearman").getAsDouble() > 0.5, e.out());
        assertTrue(scores.has("analogy_accuracy") && scores.has("analogy_accuracy_cosmul"), e.out());
        CliRunner.Run table = CliRunner.run("word2vec", "eval", "--vectors", vectors.toString(), "--eval-dir", evalDir().toString());
        assertTrue(table.out().contains("WordSim-353 Spearman") && table.out().contains("topics"), table.out());

        CliRunner.Run s = CliRunner.run("word2vec", "similar", "--vectors", vectors.toString(), "--top", "5", "a0");
        assertEquals(0, s.code(), s.err());
        long sameTopic = s.out().lines().skip(1).filter(l -> l.strip().startsWith("a")).count();
        assertTrue(sameTopic >= 4, "the nearest words of a0 are of its topic:\n" + s.out());
        CliRunner.Run a = CliRunner.run("word2vec", "analogy", "--vectors", vectors.toString(), "a0", "a1", "b0");
        assertEquals(0, a.code(), a.err());
        assertTrue(a.out().startsWith("a0 is to a1 as b0 is to:"), a.out());
        var similarJson = com.google.gson.JsonParser.parseString(CliRunner.run("word2vec", "similar", "--vectors", vectors.toString(),
                "--top", "5", "a0", "--json").out()).getAsJsonObject().getAsJsonArray("a0");
        assertEquals(5, similarJson.size());
        assertTrue(s.out().lines().skip(1).findFirst().orElseThrow().strip().startsWith(similarJson.get(0).getAsJsonObject()
                .get("word").getAsString()), "the same nearest word: " + similarJson);
        var analogyJson = com.google.gson.JsonParser.parseString(CliRunner.run("word2vec", "analogy", "--vectors", vectors.toString(),
                "a0", "a1", "b0", "--json").out()).getAsJsonObject();
        assertEquals("3CosAdd", analogyJson.get("method").getAsString());
        assertEquals(5, analogyJson.getAsJsonArray("answers").size());
        Path png = dir.resolve("pca.png");
        CliRunner.Run p = CliRunner.run("word2vec", "plot", "--vectors", vectors.toString(), "--out", png.toString(), "a0", "a1", "b0", "b1");
        assertEquals(0, p.code(), p.err());
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() == 800);
        var pca = com.google.gson.JsonParser.parseString(CliRunner.run("word2vec", "plot", "--vectors", vectors.toString(), "--out",
                dir.resolve("pca2.png").toString(), "a0", "a1", "b0", "b1", "--json").out()).getAsJsonObject().getAsJsonObject("pca");
        assertEquals(4, pca.size());
        assertEquals(2, pca.getAsJsonArray("b1").size());

        CliRunner.assertRefused(List.of("word2vec", "analogy", "--vectors", vectors.toString(), "a0", "unicorn", "b0"),
                "'unicorn' is not in the vocabulary of " + vectors);
    }

    @Test
    void aRunKilledAfterItsFirstEpochResumesToTheSameVectors() throws Exception {
        Path data = corpus("c.txt", 60_000);
        List<String> common = List.of("--data", data.toString(), "--dim", "16", "--epochs", "3", "--min-count", "1", "--threads", "1");
        Path whole = dir.resolve("whole.txt");
        List<String> wholeArgs = new ArrayList<>(List.of("word2vec", "train", "--out", whole.toString()));
        wholeArgs.addAll(common);
        assertEquals(0, CliRunner.run(wholeArgs.toArray(String[]::new)).code());

        Path resumed = dir.resolve("resumed.txt");
        Path state = Path.of(resumed + ".state");
        List<String> args = new ArrayList<>(List.of("word2vec", "train", "--out", resumed.toString()));
        args.addAll(common);
        CliRunner.killAfterFirstCheckpoint(args, state, dir.resolve("child.log"));
        assertTrue(!Files.exists(resumed), "killed before the vectors were written");
        CliRunner.Run r = CliRunner.run("word2vec", "train", "--out", resumed.toString(), "--data", data.toString(), "--threads", "1",
                "--resume");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resuming " + state + " after epoch 1 of 3"), r.err());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(resumed));
        CliRunner.assertRefused(List.of("word2vec", "train", "--out", resumed.toString(), "--data", data.toString(), "--resume",
                "--dim", "8"), "--resume takes every setting from " + state + "; leave out --dim");
    }

    @Test
    void aCorpusBiggerThanTheHeapTrainsInBoundedMemory() throws Exception {
        Path data = dir.resolve("big.txt");
        SplittableRandom rng = new SplittableRandom(11);
        try (BufferedWriter w = Files.newBufferedWriter(data)) {
            StringBuilder line = new StringBuilder();
            while (Files.size(data) < 72L << 20) {
                for (int l = 0; l < 10_000; l++) {
                    line.setLength(0);
                    for (int i = 0; i < 12; i++) {
                        line.append(i > 0 ? " " : "").append('w').append(rng.nextInt(1000));
                    }
                    w.write(line.append('\n').toString());
                }
                w.flush();
            }
        }
        List<String> cmd = CliRunner.childJvm();
        cmd.add(1, "-Xmx48m");
        cmd.addAll(List.of("word2vec", "train", "--data", data.toString(), "--out", dir.resolve("big.bin").toString(), "--dim", "8",
                "--window", "2", "--negative", "2", "--epochs", "1", "--json"));
        Path log = dir.resolve("big.log");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).redirectOutput(log.toFile())
                .redirectError(dir.resolve("big.err").toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "trains within 3 minutes");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("big.err")));
        JsonObject summary = JsonParser.parseString(Files.readString(log)).getAsJsonObject();
        assertTrue(summary.get("corpus_words").getAsLong() > 12_000_000L, "a corpus of 72 MiB under a 48 MiB heap: " + summary);
        assertEquals(1000, summary.get("vocabulary").getAsInt());
    }

    @Test
    void badInputIsRefusedInOneLine() throws Exception {
        Path empty = dir.resolve("empty.txt");
        Files.writeString(empty, "\n\n");
        Path out = dir.resolve("o.bin");
        CliRunner.assertRefused(List.of("word2vec", "train", "--data", empty.toString(), "--out", out.toString()),
                "empty.txt: the corpus has no words");
        Path rare = dir.resolve("rare.txt");
        Files.writeString(rare, "one two three\n");
        CliRunner.assertRefused(List.of("word2vec", "train", "--data", rare.toString(), "--out", out.toString()),
                "the vocabulary is empty");
        CliRunner.assertRefused(List.of("word2vec", "train", "--data", rare.toString(), "--out", out.toString(), "--model", "glove"),
                "--model must be skipgram or cbow, got 'glove'");
        CliRunner.assertRefused(List.of("word2vec", "train", "--data", rare.toString(), "--out", out.toString(), "--negative", "0"),
                "negative 0 without hierarchical softmax trains nothing");
        Path bad = dir.resolve("bad.txt");
        Files.writeString(bad, "2 3\na 1 2 3\nb 1 x 3\n");
        CliRunner.assertRefused(List.of("word2vec", "eval", "--vectors", bad.toString(), "--eval-dir", evalDir().toString()),
                "bad.txt:3: 'x' is not a number");
        Files.writeString(bad, "2 3\na 1 2 3\nb 1 2\n");
        CliRunner.assertRefused(List.of("word2vec", "similar", "--vectors", bad.toString(), "a"), "bad.txt:3: 2 values, the file's vectors have 3");
        CliRunner.assertRefused(List.of("word2vec", "eval", "--vectors", bad.toString(), "--eval-dir", dir.resolve("none").toString()),
                "questions-words.txt is missing");
    }

    @Test
    void aClassifierStartsFromTrainedVectorsAndNamesTheWordsTheyMiss() throws Exception {
        Path vectors = dir.resolve("v.txt");
        assertEquals(0, CliRunner.run("word2vec", "train", "--data", corpus("c.txt", 2000).toString(), "--out", vectors.toString(),
                "--dim", "8", "--epochs", "1", "--min-count", "1").code());
        Path texts = dir.resolve("texts.tsv");
        StringBuilder tsv = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            tsv.append(i % 2 == 0 ? "pos\ta" + i % 10 + " a1 zebra\n" : "neg\tb" + i % 10 + " b2 yak\n");
        }
        Files.writeString(texts, tsv);
        CliRunner.Run r = CliRunner.run("classify", "train", "--data", texts.toString(), "--out", dir.resolve("m.model").toString(),
                "--encoder", "bag", "--epochs", "1", "--vectors", vectors.toString(), "--freeze-vectors");
        assertEquals(0, r.code(), r.out() + r.err());
        assertTrue(r.out().contains("word vectors: 12 of 14 words found in " + vectors + " (frozen); 2 missing from the file keep their"
                + " random start (zebra, yak)"), r.out());
    }
}
