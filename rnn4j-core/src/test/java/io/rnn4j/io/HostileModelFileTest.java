package io.rnn4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The damaged and hostile model files that an early review of the command line got past the
 * loader (issue "Hostile input and data safety", items 3 to 7): each is now refused with one
 * line that says what is wrong. Files are built byte by byte or rewritten with a valid checksum,
 * so that each case reaches the check it is about.
 */
class HostileModelFileTest {

    private static final String CHARS = "abcdefg"; // ModelFileTest.charModel() has a vocabulary of 7

    @TempDir
    Path dir;

    private Path languageModel(JsonElement tokenizer) throws IOException {
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", tokenizer);
        Path file = dir.resolve("lm.rnn4j");
        ModelFile.save(file, ModelFileTest.charModel(), extra, null);
        return file;
    }

    private static ModelFormatException refused(Executable load, String expectedPart) {
        ModelFormatException e = assertThrows(ModelFormatException.class, load);
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertTrue(e.getMessage().contains(expectedPart), "expected '" + expectedPart + "' in: " + e.getMessage());
        return e;
    }

    @Test
    void aWellFormedLanguageModelLoads() throws IOException {
        LanguageModelFile lm = LanguageModelFile.load(languageModel(CharVocabulary.of(CHARS).toJson()));
        assertEquals(7, lm.tokenizer().size());
        assertTrue(lm.file().checksummed());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"x\"", "3", "[]", "null", "{}", "{\"kind\":5}", "{\"kind\":\"char\"}",
            "{\"kind\":\"char\",\"vocabulary\":7}", "{\"kind\":\"char\",\"vocabulary\":\"\"}",
            "{\"kind\":\"char\",\"vocabulary\":\"abca\"}", "{\"kind\":\"word\",\"words\":\"a\"}",
            "{\"kind\":\"word\",\"words\":[]}", "{\"kind\":\"word\",\"words\":[1,2]}",
            "{\"kind\":\"word\",\"words\":[\"a\",\"b\"]}", "{\"kind\":\"word\",\"words\":[\"<unk>\",\"a\"],\"lowercase\":\"yes\"}",
            "{\"kind\":\"bytes\"}"})
    void aTokenizerOfTheWrongShapeIsRefused(String tokenizerJson) throws IOException {
        Path file = languageModel(JsonParser.parseString(tokenizerJson));
        refused(() -> LanguageModelFile.load(file), "lm.rnn4j: ");
    }

    @Test
    void aTokenizerWhoseSizeDiffersFromTheModelIsRefused() throws IOException {
        Path file = languageModel(CharVocabulary.of("abcde").toJson());
        refused(() -> LanguageModelFile.load(file), "the tokenizer has 5 tokens, but the model reads 7 and predicts 7");
    }

    @Test
    void aHeaderLengthOffByOneIsRefused() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, ModelFileTest.charModel(), null, null);
        RawSafeTensors raw = RawSafeTensors.read(file);
        for (long error : new long[] {-1, 1, -8}) {
            Files.write(file, raw.bytes(error));
            refused(() -> ModelFile.load(file), "m.rnn4j: ");
        }
    }

    @Test
    void overlappingAliasedOrGappedByteRangesAreRefused() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, ModelFileTest.charModel(), null, null);
        RawSafeTensors raw = RawSafeTensors.read(file);
        JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
        // head.bias and the peephole vectors of a 5-unit layer are all 5 floats: alias one onto another.
        String a = "rnn.weight_peephole_i_l0";
        String b = "rnn.weight_peephole_f_l0";
        String aOffsets = header.getAsJsonObject(a).get("data_offsets").toString();
        String bOffsets = header.getAsJsonObject(b).get("data_offsets").toString();
        RawSafeTensors aliased = raw.withHeader(h -> h.replace("\"" + b + "\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":" + bOffsets,
                "\"" + b + "\":{\"dtype\":\"F32\",\"shape\":[5],\"data_offsets\":" + aOffsets));
        assertFalse(aliased.header().equals(raw.header()), "the edit applied");
        aliased.write(file);
        refused(() -> ModelFile.load(file), "overlap");

        // Extra bytes after the last tensor: the ranges no longer reach the end of the file.
        new RawSafeTensors(raw.header(), java.util.Arrays.copyOf(raw.data(), raw.data().length + 4)).write(file);
        refused(() -> ModelFile.load(file), "the tensors cover");
    }

    /** Saves the golden graph, rewrites its manifest with a valid checksum, and expects a refusal. */
    private void graphManifestRefused(java.util.function.UnaryOperator<String> edit, String expectedPart) throws IOException {
        Path file = dir.resolve("g.rnn4j");
        ModelFile.save(file, ModelFileTest.graphModel(), null, null);
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.readEntries(file, meta);
        String edited = edit.apply(meta.get("manifest"));
        assertFalse(edited.equals(meta.get("manifest")), "the edit changed the manifest");
        meta.put("manifest", edited);
        SafeTensors.writeEntries(file, entries, meta);
        refused(() -> ModelFile.load(file), expectedPart);
    }

    @Test
    void aGraphThatIsWiredWronglyIsRefusedByName() throws IOException {
        graphManifestRefused(m -> m.replace("\"inputs\":[\"act\"]", "\"inputs\":[\"nowhere\"]"),
                "'again' reads 'nowhere', which is no input or node");
        graphManifestRefused(m -> m.replace("\"same_as\":\"skip\"", "\"same_as\":\"later\""),
                "node 'again' is the same layer as 'later', which is no earlier layer node");
        graphManifestRefused(m -> m.replace("\"tied_to\":\"embed\"", "\"tied_to\":\"skip\""),
                "dense layer is tied to 'skip', which is no earlier embedding");
        graphManifestRefused(m -> m.replace("\"type\":\"merge\"", "\"type\":\"telepathy\""),
                "unknown layer type 'telepathy'");
        graphManifestRefused(m -> m.replace("\"node\":\"head\"", "\"node\":\"tail\""),
                "'output logits' reads 'tail', which is no input or node");
        graphManifestRefused(m -> m.replace("\"inputs\":[\"encoder.rnn\",\"again\"]", "\"inputs\":[\"encoder.rnn\"]"),
                "sum merge needs at least 2 inputs, got 1");
    }

    @Test
    void aDuplicateKeyInTheHeaderOrTheManifestIsRefused() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, ModelFileTest.charModel(), null, null);
        RawSafeTensors raw = RawSafeTensors.read(file);
        JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
        String entry = "\"head.bias\":" + header.get("head.bias");
        raw.withHeader(h -> h.replace(entry, entry + "," + entry)).write(file);
        refused(() -> ModelFile.load(file), "duplicate key \"head.bias\"");

        ModelFile.save(file, ModelFileTest.charModel(), null, null);
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.readEntries(file, meta);
        meta.put("manifest", meta.get("manifest").replaceFirst("\\{", "{\"rnn4j_version\":\"0.0.1\","));
        SafeTensors.writeEntries(file, entries, meta); // a valid checksum over the bad manifest
        refused(() -> ModelFile.load(file), "manifest is not valid: duplicate key \"rnn4j_version\"");
    }

    @Test
    void aFlippedWeightByteOrManifestDigitFailsTheChecksum() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, ModelFileTest.charModel(), null, null);
        RawSafeTensors raw = RawSafeTensors.read(file);
        for (int at : new int[] {0, raw.data().length / 2, raw.data().length - 1}) {
            byte[] data = raw.data().clone();
            data[at] ^= 0x10;
            new RawSafeTensors(raw.header(), data).write(file);
            refused(() -> ModelFile.load(file), "checksum mismatch");
        }
        raw.withHeader(h -> h.replace("\\\"hidden_size\\\":5", "\\\"hidden_size\\\":4")).write(file);
        refused(() -> ModelFile.load(file), "checksum mismatch");
    }

    @Test
    void aCurrentFormatFileWithoutItsChecksumIsRefused() throws IOException {
        Path file = dir.resolve("m.rnn4j");
        ModelFile.save(file, ModelFileTest.charModel(), null, null);
        RawSafeTensors raw = RawSafeTensors.read(file);
        raw.withHeader(h -> h.replaceFirst(",?\"checksum\":\"crc32c:[0-9a-f]{8}\"", "")).write(file);
        refused(() -> ModelFile.load(file), "must carry a checksum");
    }

    @Test
    void formatOneFilesStillLoadWithoutAChecksum() {
        ModelFile.Loaded golden = ModelFile.load(Path.of("src/test/resources/golden/model-v1.safetensors"));
        assertFalse(golden.checksummed());
    }

    @Test
    void nonFiniteWeightsAreRefused() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            SequenceModel m = ModelFileTest.charModel();
            m.parameters().get("head.bias").set(2, bad);
            Path file = dir.resolve("m.rnn4j");
            ModelFile.save(file, m, null, null);
            refused(() -> ModelFile.load(file), "parameter 'head.bias' holds " + bad + " at index 2");
        }
    }

    @Test
    void aCheckpointWithNonFiniteAdamMomentsIsRefused() throws IOException {
        Path file = dir.resolve("run.ckpt");
        writeCheckpoint(file);
        Checkpoint.load(file); // loads as written
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.readEntries(file, meta);
        String moment = entries.keySet().stream().filter(k -> k.startsWith("optimizer.")).findFirst().orElseThrow();
        entries.get(moment).floats()[0] = Float.NaN;
        SafeTensors.writeEntries(file, entries, meta);
        refused(() -> Checkpoint.load(file), "tensor '" + moment + "' holds NaN at index 0");
    }

    /** A real checkpoint: a few Adam updates of the character model, as {@code train} writes it. */
    private static void writeCheckpoint(Path file) throws IOException {
        SequenceModel m = ModelFileTest.charModel();
        int[] text = new int[200];
        for (int i = 0; i < text.length; i++) {
            text[i] = (i * 3 + i / 7) % 7;
        }
        List<TrainingState> states = new ArrayList<>();
        new Trainer(Bptt.full(m, new SoftmaxCrossEntropy(), UpdateRule.of(Adam.adam(m.parameters())).build()), TrainingConfig.defaults())
                .checkpointing(3, 0, states::add)
                .fit(BatchSource.fixed(LanguageModelBatches.of(text, 10, 2)), null);
        Checkpoint.save(file, m, states.get(states.size() - 1), null);
    }
}
