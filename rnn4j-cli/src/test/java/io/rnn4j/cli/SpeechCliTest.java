package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.io.ModelFile;
import io.rnn4j.cli.CliRunner.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code rnn4j speech} on a 480-recording part of FSDD (../shared/data/fsdd; skipped without it):
 * train writes the model, metrics and plot and reports the test part; eval's JSON keys (with and
 * without a language model fused into the beam search); transcribe; a killed run resumed to the
 * same weights; and one clear line for each kind of bad input.
 */
class SpeechCliTest {

    private static final Path FSDD = Path.of("..", "..", "shared", "data", "fsdd", "recordings");

    @TempDir
    static Path dir;
    static Path digits;
    static Path model;

    @BeforeAll
    static void trainOnce() throws Exception {
        assumeTrue(Files.isDirectory(FSDD), "fsdd is not in ../shared/data");
        digits = Files.createDirectory(dir.resolve("digits"));
        for (int d = 0; d < 10; d++) {
            for (String speaker : List.of("george", "jackson", "lucas", "nicolas", "theo", "yweweler")) {
                for (int i = 3; i < 11; i++) {
                    String name = d + "_" + speaker + "_" + i + ".wav";
                    Files.copy(FSDD.resolve(name), digits.resolve(name));
                }
            }
        }
        model = dir.resolve("digits.model");
        Run r = CliRunner.run(train(model, "--max-steps", "40").toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(40, o.get("updates").getAsInt());
        assertEquals(120, o.getAsJsonObject("test").get("utterances").getAsInt(), "recordings 3 and 4 of each are test");
        for (String suffix : List.of("", ".metrics.jsonl", ".loss.png")) {
            assertTrue(Files.isRegularFile(Path.of(model + suffix)), model + suffix);
        }
        assertTrue(r.err().contains("bilstm 2×32"), r.err());
    }

    private static List<String> train(Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("speech", "train", "--data", digits.toString(), "--out", out.toString(),
                "--hidden", "32", "--batch", "16", "--seed", "3", "--json"));
        args.addAll(List.of(more));
        return args;
    }

    private static Path wav(String name, AudioFormat format, byte[] data) throws Exception {
        Path file = dir.resolve(name);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(data), format, data.length / format.getFrameSize())) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    @Test
    void evalPrintsTheRatesAndTheDigitAccuracy() throws Exception {
        Run r = CliRunner.run("speech", "eval", "--model", model.toString(), "--data", digits.toString(), "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : List.of("cer", "wer", "accuracy", "utterances", "digit_accuracy", "decoder")) {
            assertTrue(o.has(key), key + " in " + o);
        }
        assertEquals(120, o.get("utterances").getAsInt());
        assertEquals("best path", o.get("decoder").getAsString());
        double cer = o.get("cer").getAsDouble();
        assertTrue(cer >= 0 && cer <= 1.5, "CER " + cer);
        // a character language model, fused into the beam search
        Path text = dir.resolve("words.txt");
        Files.writeString(text, "zero one two three four five six seven eight nine\n".repeat(40));
        Path lm = dir.resolve("words.lm");
        Run t = CliRunner.run("train", "--data", text.toString(), "--out", lm.toString(), "--hidden", "16", "--layers", "1",
                "--embed", "8", "--max-steps", "5", "--seq-len", "20", "--batch", "4");
        assertEquals(0, t.code(), t.out() + t.err());
        Run fused = CliRunner.run("speech", "eval", "--model", model.toString(), "--data", digits.toString(), "--beam", "4",
                "--lm", lm.toString(), "--json");
        assertEquals(0, fused.code(), fused.out() + fused.err());
        assertTrue(JsonParser.parseString(fused.out()).getAsJsonObject().get("decoder").getAsString()
                .startsWith("beam 4 with words.lm"), fused.out());
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", lm.toString(), digits.resolve("7_theo_3.wav").toString()),
                "words.lm is not a speech recogniser");
        CliRunner.assertRefused(List.of("speech", "eval", "--model", model.toString(), "--data", digits.toString(), "--lm",
                lm.toString()), "--lm needs a beam search");
    }

    @Test
    void transcribeWritesOneLinePerFile() {
        Path a = digits.resolve("7_theo_3.wav");
        Path b = digits.resolve("2_lucas_9.wav");
        Run r = CliRunner.run("speech", "transcribe", "--model", model.toString(), a.toString(), b.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        List<String> lines = r.out().lines().toList(); // a transcript may be empty: no strip
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).startsWith(a + "\t"), lines.get(0));
        assertTrue(lines.get(1).startsWith(b + "\t"), lines.get(1));
    }

    private static boolean espeakInstalled() {
        try {
            return new ProcessBuilder("espeak-ng", "--version").start().waitFor() == 0;
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void makeSpeaksACorpusThatTrainReads() throws Exception {
        assumeTrue(espeakInstalled(), "espeak-ng is not installed");
        Path text = dir.resolve("sentences.txt");
        Files.writeString(text, "The cat sat on the mat. I like green tea!\tcolumn two\nWhere are you going now?\n"
                + "We will see him later today. They lost the old key. Open the red door please.\nIt is cold in here.\n");
        Path corpus = dir.resolve("spoken");
        Run r = CliRunner.run("speech", "make", "--text", text.toString(), "--out", corpus.toString(), "--train", "5", "--test", "2",
                "--json");
        assertEquals(0, r.code(), r.out() + r.err());
        com.google.gson.JsonObject made = com.google.gson.JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(7, made.get("utterances").getAsInt());
        assertEquals(7, made.get("usable_sentences").getAsInt());
        assertEquals("en-gb-x-gbclan+f3", made.get("test_voice").getAsString());
        assertEquals(corpus.resolve("transcripts.tsv").toString(), made.get("transcripts").getAsString());
        assertTrue(r.err().contains("speaking 7 sentences"), "progress stays on stderr: " + r.err());
        List<String> rows = Files.readAllLines(corpus.resolve("transcripts.tsv")).stream().filter(l -> !l.startsWith("#")).toList();
        assertEquals(7, rows.size());
        assertEquals(2, rows.stream().filter(l -> l.endsWith("\ttest") && l.contains("en-gb-x-gbclan+f3")).count());
        assertEquals(5, Files.readAllLines(corpus.resolve("lm-text.txt")).size(), "the seven usable sentences but the two for test");
        assertTrue(Files.readString(corpus.resolve("README.md")).contains("held-out voice en-gb-x-gbclan+f3"));
        io.rnn4j.speech.WavReader.Audio a = io.rnn4j.speech.WavReader.read(corpus.resolve(rows.get(0).split("\t")[0]));
        assertEquals(16000f, a.sampleRate());
        assertTrue(a.seconds() > 0.5, "spoken: " + a.seconds() + " s");
        assertEquals(7, io.rnn4j.speech.SpeechCorpus.read(corpus).utterances().size());
        CliRunner.assertRefused(List.of("speech", "make", "--text", text.toString(), "--out", corpus.toString()),
                "already holds a corpus");
        CliRunner.assertRefused(List.of("speech", "make", "--text", text.toString(), "--out", dir.resolve("more").toString()),
                "the text has 7 usable sentences");
    }

    @Test
    void aStreamingModelTranscribesInPiecesAsItDoesWhole() {
        Path streaming = dir.resolve("streaming.model");
        Run t = CliRunner.run(train(streaming, "--max-steps", "30", "--streaming", "--layers", "1").toArray(String[]::new));
        assertEquals(0, t.code(), t.out() + t.err());
        String a = digits.resolve("4_nicolas_3.wav").toString();
        String b = digits.resolve("9_jackson_10.wav").toString();
        Run whole = CliRunner.run("speech", "transcribe", "--model", streaming.toString(), a, b);
        Run pieces = CliRunner.run("speech", "transcribe", "--model", streaming.toString(), "--stream", a, b);
        assertEquals(0, pieces.code(), pieces.out() + pieces.err());
        assertEquals(whole.out(), pieces.out());
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", model.toString(), "--stream", a),
                "needs one trained with --streaming");
    }

    @Test
    void aKilledRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.model");
        assertEquals(0, CliRunner.run(train(reference, "--max-steps", "60").toArray(String[]::new)).code());
        Path killed = dir.resolve("killed.model");
        Path checkpoint = Path.of(killed + ".ckpt");
        List<String> options = train(killed, "--max-steps", "60", "--checkpoint-every", "25");
        CliRunner.killAfterFirstCheckpoint(options, checkpoint, dir.resolve("killed.log"));
        Run resumed = CliRunner.run("speech", "train", "--resume", checkpoint.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertArrayEquals(ModelFile.load(reference).model().parameters().values(),
                ModelFile.load(killed).model().parameters().values());
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        String m = model.toString();
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "not audio at all");
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", m, text.toString()), "notes.wav: not a WAV file");
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(Files.readAllBytes(digits.resolve("0_george_3.wav")), 30));
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", m, cut.toString()), "cut.wav: not a WAV file");
        Path ulaw = wav("ulaw.wav", new AudioFormat(AudioFormat.Encoding.ULAW, 8000f, 8, 1, 1, 8000f, false), new byte[4000]);
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", m, ulaw.toString()), "ULAW 8-bit audio is not supported");
        Path silent = wav("silent.wav", new AudioFormat(8000f, 16, 1, true, false), new byte[8000]);
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", m, silent.toString()), "silent.wav: the clip is silent");
        byte[] click = new byte[40];
        click[11] = 0x40;
        Path shortClip = wav("click.wav", new AudioFormat(8000f, 16, 1, true, false), click);
        CliRunner.assertRefused(List.of("speech", "transcribe", "--model", m, shortClip.toString()),
                "click.wav: the clip is 2.5 ms long, shorter than one");
        // a transcript with a character the model never learned
        Path other = Files.createDirectory(dir.resolve("other"));
        Files.copy(digits.resolve("0_george_3.wav"), other.resolve("a.wav"));
        Files.writeString(other.resolve("transcripts.tsv"), "a.wav\tzéro\tgeorge\ttest\n");
        CliRunner.assertRefused(List.of("speech", "eval", "--model", m, "--data", other.toString()),
                "a.wav: the transcript has 'é' (U+00E9), which is not in the model's alphabet");
        Files.writeString(other.resolve("transcripts.tsv"), "a.wav\tzero\tgeorge\tdev\n");
        CliRunner.assertRefused(List.of("speech", "eval", "--model", m, "--data", other.toString()),
                "transcripts.tsv line 1: the split must be train or test, got 'dev'");
        Files.delete(other.resolve("transcripts.tsv"));
        CliRunner.assertRefused(List.of("speech", "eval", "--model", m, "--data", other.toString()),
                "no transcripts.tsv, and a.wav is not named as FSDD's");
        CliRunner.assertRefused(List.of("speech", "train", "--data", digits.toString(), "--out", dir.resolve("x.model").toString(),
                "--hold-out-speaker", "nobody"), "no speaker 'nobody'");
        CliRunner.assertRefused(List.of("speech", "train", "--data", digits.toString(), "--out", dir.resolve("y.model").toString(),
                "--features", "spectrum"), "features must be logmel or mfcc, got 'spectrum'");
    }

    /** The trained model, loaded from its file, exports to ONNX (its numbers are checked in rnn4j-interop's tests). */
    @Test
    void exportsToOnnx() throws java.io.IOException {
        Path onnx = dir.resolve("exported.onnx");
        Run run = CliRunner.run("export", "onnx", "--model", model.toString(), "--out", onnx.toString());
        org.junit.jupiter.api.Assertions.assertEquals(0, run.code(), run.err());
        org.junit.jupiter.api.Assertions.assertTrue(run.out().contains("input  lengths int32 (B)"), run.out());
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.size(onnx) > 1000);
    }
}
