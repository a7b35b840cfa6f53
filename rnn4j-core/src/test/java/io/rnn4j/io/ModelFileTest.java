package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.RecurrentStack;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class ModelFileTest {

    @TempDir
    Path dir;

    static SequenceModel charModel() {
        return new SequenceModel(7)
                .add("embed", new Embedding(7, 3))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(3, 5).layers(2).peepholes(true), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(5, 7))
                .initialize(Init.PYTORCH, 11);
    }

    /**
     * A graph with what format 3 adds: an embedding whose table the head shares, an inlined
     * sub-model (a two-layer LSTM with peepholes), one dense layer used by two nodes, a merge and
     * two named outputs.
     */
    static SequenceModel graphModel() {
        SequenceModel encoder = SequenceModel.graph()
                .input("vectors", 5)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(5, 5).layers(2).peepholes(true),
                        RecurrentLayer.Output.SEQUENCE), "vectors");
        Embedding embed = new Embedding(7, 5);
        Dense shared = new Dense(5, 5);
        return SequenceModel.graph()
                .input("words", 7)
                .add("embed", embed, "words")
                .add("encoder", encoder, "embed")
                .add("skip", shared, "encoder")
                .add("act", new Activation(Activation.Kind.TANH), "skip")
                .add("again", shared, "act")
                .add("joined", Merge.sum(), "encoder", "again")
                .add("head", Dense.tiedTo(embed), "joined")
                .output("logits", "head")
                .output("features", "joined")
                .initialize(Init.PYTORCH, 12);
    }

    @Test
    void aGraphRoundTripsWithItsWiringSharingTyingSubModelAndState() throws IOException {
        SequenceModel m = graphModel();
        StreamingModel stream = new StreamingModel(m, 2);
        stream.step(Seq.ofTokens(new int[] {2, 6}, 1, 2, null));
        Path file = dir.resolve("graph.rnn4j");
        ModelFile.save(file, m, null, stream.states());
        ModelFile.Loaded loaded = ModelFile.load(file);
        SequenceModel back = loaded.model();
        assertEquals(m.parameters().names(), back.parameters().names());
        assertEquals(List.of("embed.weight", "encoder.rnn.weight_ih_l0"), back.parameters().names().subList(0, 2));
        assertEquals(m.outputs(), back.outputs());
        assertEquals(m.reads(), back.reads());
        Map<String, Object> parts = new java.util.HashMap<>();
        back.parts().forEach(p -> parts.put(p.name(), p.component()));
        assertSame(parts.get("skip"), parts.get("again"), "the shared layer is one object again");
        assertSame(parts.get("embed"), ((Dense) parts.get("head")).tiedEmbedding(), "the head is tied again");
        Seq in = Seq.ofTokens(new int[] {0, 3, 6, 1}, 2, 2, null);
        for (String output : List.of("logits", "features")) {
            assertArrayEquals(m.forward(in, ForwardContext.inference()).output(output).values,
                    back.forward(in, ForwardContext.inference()).output(output).values, 0f, output);
        }
        SequenceModel encoder = (SequenceModel) parts.get("encoder");
        Seq vectors = Seq.ofValues(new float[] {0.1f, -0.2f, 0.3f, 0.4f, -0.5f}, 1, 1, 5, null);
        assertEquals(5, encoder.forward(vectors, ForwardContext.inference()).output().features, "the sub-model runs alone");
        StreamingModel resumed = new StreamingModel(back, 2, loaded.streamingStates());
        Seq next = Seq.ofTokens(new int[] {3, 5}, 1, 2, null);
        assertArrayEquals(stream.step(next), resumed.step(next), 0f, "the saved state carries on where it stopped");
    }

    @Test
    void roundTripKeepsWeightsManifestAndStreamingState() throws IOException {
        SequenceModel m = charModel();
        RecurrentStack stack = ((RecurrentLayer) m.layers().get("rnn")).stack();
        RecurrentState state = stack.newStreamingState(2);
        float[] emb = m.layers().get("embed").forward(Seq.ofTokens(new int[] {1, 4, 2, 6}, 2, 2, null), ForwardContext.inference()).output().values;
        stack.step(emb, 2, state);

        JsonObject extra = new JsonObject();
        extra.addProperty("vocabulary", "abcdefg");
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, m, extra, Map.of("rnn", state));
        ModelFile.Loaded loaded = ModelFile.load(file);

        assertArrayEquals(m.parameters().values(), loaded.model().parameters().values());
        assertEquals(m.parameters().names(), loaded.model().parameters().names());
        assertEquals("abcdefg", loaded.manifest().get("vocabulary").getAsString());
        RecurrentState restored = loaded.streamingStates().get("rnn");
        for (int l = 0; l < 2; l++) {
            for (int k = 0; k < 2; k++) {
                assertArrayEquals(state.get(l, k), restored.get(l, k));
            }
        }
        // The stream continues where it stopped, in the original and in the loaded model alike.
        float[] next = m.layers().get("embed").forward(Seq.ofTokens(new int[] {3, 5}, 1, 2, null), ForwardContext.inference()).output().values;
        float[] a = stack.step(next, 1, state);
        float[] b = ((RecurrentLayer) loaded.model().layers().get("rnn")).stack().step(next, 1, restored);
        assertArrayEquals(a, b);
        assertFalse(Files.list(dir).anyMatch(p -> p.toString().endsWith(".tmp")), "no temporary file left behind");
    }

    @Test
    void theFormat3GoldenGraphStillLoads() {
        ModelFile.Loaded loaded = ModelFile.load(Path.of("src/test/resources/golden/model-v3.safetensors"));
        assertEquals("golden", loaded.manifest().get("note").getAsString());
        assertTrue(loaded.checksummed());
        float[] out = loaded.model().forward(Seq.ofTokens(new int[] {0, 3, 6}, 3, 1, null), ForwardContext.inference())
                .output("logits").values;
        assertArrayEquals(GoldenFileWriter.EXPECTED_GRAPH_LOGITS, Arrays.copyOfRange(out, 14, 21), 1e-6f);
        RecurrentState s = loaded.streamingStates().get("encoder.rnn");
        assertEquals(2, s.batch());
        assertTrue(Math.abs(s.get(1, 1)[0]) > 0, "the saved cell state is not all zeros");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void goldenFilesOfEveryFormatVersionStillLoad(int version) {
        Path golden = Path.of("src/test/resources/golden/model-v" + version + ".safetensors");
        ModelFile.Loaded loaded = ModelFile.load(golden);
        assertEquals("golden", loaded.manifest().get("note").getAsString());
        assertEquals(version >= 2, loaded.checksummed(), "format 1 predates the checksum");
        float[] out = loaded.model().forward(Seq.ofTokens(new int[] {0, 3, 6}, 3, 1, null), ForwardContext.inference()).output().values;
        // Logits of the last step, recorded when the golden file was written.
        float[] expected = GoldenFileWriter.EXPECTED_LAST_LOGITS;
        for (int j = 0; j < 7; j++) {
            assertEquals(expected[j], out[2 * 7 + j], 1e-6f);
        }
        RecurrentState s = loaded.streamingStates().get("rnn");
        assertEquals(2, s.batch());
        assertTrue(Math.abs(s.get(0, 0)[0]) > 0, "the saved state is not all zeros");
    }

    @Test
    void truncatedFilesGiveOneLineErrors() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, charModel(), null, null);
        byte[] bytes = Files.readAllBytes(file);
        for (int len = 0; len < bytes.length; len += Math.max(1, bytes.length / 300)) {
            Path t = dir.resolve("t.rnn4j");
            Files.write(t, java.util.Arrays.copyOf(bytes, len));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(t), "length " + len);
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void mutatedFilesNeverCrashTheLoader() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, charModel(), null, null);
        byte[] bytes = Files.readAllBytes(file);
        SplittableRandom rng = new SplittableRandom(1);
        int rejected = 0;
        for (int i = 0; i < 500; i++) {
            byte[] b = bytes.clone();
            int flips = 1 + rng.nextInt(4);
            for (int f = 0; f < flips; f++) {
                // Mostly the header, where structure lives; sometimes anywhere.
                int pos = rng.nextInt(4) == 0 ? rng.nextInt(b.length) : rng.nextInt(Math.min(b.length, 2000));
                b[pos] = (byte) rng.nextInt(256);
            }
            Path t = dir.resolve("x.rnn4j");
            Files.write(t, b);
            try {
                ModelFile.load(t);
            } catch (ModelFormatException e) {
                rejected++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (RuntimeException | OutOfMemoryError e) {
                fail("mutation " + i + " crashed the loader: " + e);
            }
        }
        assertTrue(rejected > 100, "most header mutations are detected, got " + rejected);
    }

    @Test
    void newerFormatVersionIsRefusedClearly() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, charModel(), null, null);
        // As a later rnn4j would write it: same layout, a higher version, a valid checksum.
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.readEntries(file, meta);
        meta.put("format_version", "9");
        SafeTensors.writeEntries(file, entries, meta);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(file));
        assertTrue(e.getMessage().contains("format version 9 is not supported"), e.getMessage());
    }

    @Test
    void missingFileIsOneLine() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> ModelFile.load(dir.resolve("nope.rnn4j")));
        assertTrue(e.getMessage().endsWith("no such file"));
    }
}
