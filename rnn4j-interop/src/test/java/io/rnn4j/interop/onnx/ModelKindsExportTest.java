package io.rnn4j.interop.onnx;

import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionVocabulary;
import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.TokenLayer;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.conv.CharCnn;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.speech.SpeechConfig;
import io.rnn4j.tensor.Seq;
import io.rnn4j.text.ClassifierConfig;
import io.rnn4j.text.TaggerConfig;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.rnn4j.interop.onnx.OnnxExportTest.LENGTHS;
import static io.rnn4j.interop.onnx.OnnxExportTest.STEPS;
import static io.rnn4j.interop.onnx.OnnxExportTest.assertValidStepsEqual;
import static io.rnn4j.interop.onnx.OnnxExportTest.tokens;
import static io.rnn4j.interop.onnx.OnnxExportTest.values;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The models {@code rnn4j image|classify|tag|speech|translate|caption train} build, made by the
 * same builders: each exports and runs in ONNX Runtime with rnn4j's outputs (every output, every
 * input fed). The language models' layers, Jordan and Clockwork included, are in
 * {@link OnnxExportTest}.
 */
class ModelKindsExportTest {

    /** Random inputs for every model input (token ids below each vocabulary, or features), the batch padded as LENGTHS. */
    static Map<String, Seq> inputs(SequenceModel m, int steps, int[] lengths, long seed) {
        Map<String, Seq> in = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : m.inputs().entrySet()) {
            boolean tokens = m.parts().stream().anyMatch(p -> p.component() instanceof TokenLayer && p.inputs().contains(e.getKey()));
            int batch = lengths == null ? 4 : lengths.length;
            java.util.Optional<CharCnn> chars = m.parts().stream().filter(p -> p.component() instanceof CharCnn
                    && p.inputs().contains(e.getKey())).map(p -> (CharCnn) p.component()).findFirst();
            if (chars.isPresent()) {
                in.put(e.getKey(), Seq.ofValues(charIds(chars.get(), steps * batch, seed++), steps, batch, e.getValue(), lengths));
                continue;
            }
            in.put(e.getKey(), tokens
                    ? Seq.ofTokens(java.util.Arrays.copyOf(tokens(e.getValue(), seed++), steps * batch), steps, batch, lengths)
                    : Seq.ofValues(java.util.Arrays.copyOf(values(e.getValue(), seed++), steps * batch * e.getValue()), steps, batch,
                    e.getValue(), lengths));
        }
        return in;
    }

    /** Words of 0 to W characters: ids 1..C−1, then 0 to the width, as the tagger's input holds them. */
    static float[] charIds(CharCnn c, int words, long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        float[] v = new float[words * c.width()];
        for (int w = 0; w < words; w++) {
            int n = w == 1 ? 0 : r.nextInt(c.width() + 1);
            for (int j = 0; j < n; j++) {
                v[w * c.width() + j] = 1 + r.nextInt(c.chars() - 1);
            }
        }
        return v;
    }

    static void exportsAndMatches(SequenceModel m, int steps, int[] lengths) throws Exception {
        // PyTorch's initialisation, the scale these models train from: uniform ±0.5 everywhere
        // would make the CNN's logits ~40 and float32 rounding alone ~3e-5 (7 ulps).
        m.initialize(io.rnn4j.nn.Init.PYTORCH, 31);
        batchNormStatistics(m);
        Map<String, Seq> in = inputs(m, steps, lengths, 32);
        matches(m, in, null, lengths != null ? lengths : OnnxExportTest.full(steps, 4), m.outputs().keySet().toString());
    }

    /** Running statistics away from their initial 0 and 1, so that the export's use of them is tested. */
    static void batchNormStatistics(SequenceModel m) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(33);
        for (String name : m.parameters().names()) {
            if (name.endsWith("running_mean") || name.endsWith("running_var")) {
                io.rnn4j.nn.Parameter p = m.parameters().get(name);
                float[] v = new float[p.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = name.endsWith("mean") ? (float) (r.nextDouble() - 0.5) : (float) (0.5 + r.nextDouble() / 2);
                }
                p.copyFrom(v);
            }
        }
    }

    @Test
    void imageModels() throws Exception {
        ImageShape shape = new ImageShape(1, 12, 12);
        exportsAndMatches(ImageArchitecture.CNN.build(shape, 10, 16), 1, null);
        exportsAndMatches(ImageArchitecture.ROW_LSTM.build(shape, 10, 16), 12, null);
        exportsAndMatches(ImageArchitecture.PIXEL_LSTM.build(new ImageShape(1, 4, 4), 10, 8), 16, null);
    }

    @Test
    void textClassifiers() throws Exception {
        ClassifierConfig base = ClassifierConfig.defaults().withEmbedding(8).withHidden(6).withFilters(5, List.of(2, 3));
        for (String encoder : List.of("lstm", "gru")) {
            for (String pooling : ClassifierConfig.POOLINGS) {
                exportsAndMatches(base.withEncoder(encoder).withPooling(pooling).build(23, 3), STEPS, LENGTHS);
            }
        }
        exportsAndMatches(base.withEncoder("cnn").build(23, 3), STEPS, LENGTHS);
        exportsAndMatches(base.withEncoder("bag").withPooling("mean").build(23, 3), STEPS, LENGTHS);
    }

    @Test
    void taggers() throws Exception {
        List<String> tags = List.of("O", "B-X", "I-X");
        TaggerConfig plain = TaggerConfig.defaults().withChars(false).withCrf(false);
        exportsAndMatches(plain.build(19, 30, new int[]{5, 7}, tags), STEPS, LENGTHS);
        // The default: a character CNN under the words, a CRF on top.
        exportsAndMatches(TaggerConfig.defaults().build(19, 30, new int[]{5, 7}, tags), STEPS, LENGTHS);
    }

    @Test
    void theCrfsDecodingScoresAreOutputsWithForbiddenTransitionsAtMinusInfinity() throws Exception {
        List<String> tags = List.of("O", "B-X", "I-X");
        SequenceModel m = TaggerConfig.defaults().withChars(false).build(19, 30, new int[]{5, 7}, tags);
        m.initialize(io.rnn4j.nn.Init.PYTORCH, 3);
        io.rnn4j.nn.Parameter a = m.parameters().get("crf.transitions");
        float[] scores = new float[9];
        for (int i = 0; i < 9; i++) {
            scores[i] = 0.1f * i - 0.3f;
        }
        a.copyFrom(scores);
        Map<String, Seq> in = inputs(m, STEPS, LENGTHS, 5);
        try (Ort ort = new Ort(OnnxExport.export(m, OnnxExport.Options.defaults()).toByteArray())) {
            for (Map.Entry<String, Seq> e : in.entrySet()) {
                ort.tokens(e.getKey(), e.getValue().tokens, STEPS, LENGTHS.length);
            }
            ort.lengths("words.lengths", LENGTHS);
            Map<String, float[]> out = ort.run();
            float[] t = out.get("crf.transitions");
            // O → I-X is forbidden in BIO; B-X → I-X is allowed.
            assertTrue(t[0 * 3 + 2] == Float.NEGATIVE_INFINITY, "O -> I-X");
            assertTrue(t[1 * 3 + 2] == scores[5], "B-X -> I-X");
            assertTrue(out.get("crf.start")[2] == Float.NEGATIVE_INFINITY, "a sentence cannot start with I-X");
            assertTrue(out.get("crf.end")[2] == 0f, "it can end with one");
        }
    }

    @Test
    void speechRecognizers() throws Exception {
        exportsAndMatches(new SpeechConfig("lstm", 6, 2, true, 5, 2, 0.1f).build(7, 4), STEPS, LENGTHS);
        exportsAndMatches(new SpeechConfig("gru", 6, 1, false, 0, 1, 0f).build(7, 4), STEPS, LENGTHS);
    }

    /**
     * Translation models of every cell, score and input-feeding setting (the decoder is one ONNX
     * Scan): the source and target batches are padded to different lengths, as in training.
     */
    @Test
    void encoderDecoders() throws Exception {
        int[] sourceLengths = {5, 3, 4};
        int[] targetLengths = {2, 4, 3};
        for (RecurrentConfig.CellType cell : List.of(RecurrentConfig.CellType.LSTM, RecurrentConfig.CellType.GRU,
                RecurrentConfig.CellType.RNN)) {
            for (Attention.Score score : Attention.Score.values()) {
                for (boolean feeding : score == Attention.Score.ADDITIVE ? new boolean[]{false} : new boolean[]{false, true}) {
                    boolean wide = cell != RecurrentConfig.CellType.RNN;
                    int decoderHidden = score == Attention.Score.DOT ? (wide ? 12 : 6) : 7;  // DOT: as wide as the memory
                    Seq2SeqConfig c = new Seq2SeqConfig(15, 13, cell, 6, 6, wide ? 2 : 1, wide, decoderHidden,
                            cell == RecurrentConfig.CellType.GRU ? 2 : 1, score, 5, feeding, 0.1f);
                    SequenceModel m = new Seq2Seq(c).model();
                    m.initialize(io.rnn4j.nn.Init.PYTORCH, 41);
                    Map<String, Seq> in = new LinkedHashMap<>();
                    in.put("source", Seq.ofTokens(java.util.Arrays.copyOf(tokens(15, 42), 5 * 3), 5, 3, sourceLengths));
                    in.put("target", Seq.ofTokens(java.util.Arrays.copyOf(tokens(13, 43), 4 * 3), 4, 3, targetLengths));
                    // Only the source's lengths are read (the decoder's padded steps never are).
                    matches(m, in, Map.of("source.lengths", sourceLengths), null,
                            cell + " " + score + (feeding ? " feeding" : ""));
                }
            }
        }
    }

    @Test
    void captioners() throws Exception {
        ImageShape shape = new ImageShape(3, 16, 16);
        int[] captionLengths = {3, 1, 4};  // compared at these steps only
        for (CaptionModel.Kind kind : CaptionModel.Kind.values()) {
            SequenceModel m = new CaptionModel(kind, shape, CaptionVocabulary.of(List.of("a red cat", "a dog on a mat")),
                    Normalization.unit(3), 8).model();
            m.initialize(io.rnn4j.nn.Init.PYTORCH, 44);
            batchNormStatistics(m);
            Map<String, Seq> in = new LinkedHashMap<>();
            in.put("image", Seq.ofValues(java.util.Arrays.copyOf(values(shape.size(), 45), 3 * shape.size()), 1, 3, shape.size(), null));
            in.put("caption", Seq.ofTokens(java.util.Arrays.copyOf(tokens(m.inputs().get("caption"), 46), 4 * 3), 4, 3,
                    captionLengths));
            // The caption's lengths matter to no layer (the decoder's padded steps are never read),
            // and every image position is valid: no lengths input at all.
            matches(m, in, Map.of(), null, kind.name());
        }
    }

    /**
     * Runs the export in ORT with the given inputs; every output must match at valid steps. With
     * {@code lengths} the graph must have exactly those lengths inputs; without, every lengths
     * input it has gets {@code same}.
     */
    static void matches(SequenceModel m, Map<String, Seq> in, Map<String, int[]> lengths, int[] same, String what) throws Exception {
        SequenceModel.Pass pass = m.forward(in, ForwardContext.inference());
        try (Ort ort = new Ort(OnnxExport.export(m, OnnxExport.Options.defaults()).toByteArray())) {
            for (Map.Entry<String, Seq> e : in.entrySet()) {
                Seq s = e.getValue();
                if (s.isTokens()) {
                    ort.tokens(e.getKey(), s.tokens, s.steps, s.batch);
                } else {
                    ort.floats(e.getKey(), s.values, s.steps, s.batch, s.features);
                }
            }
            java.util.List<String> lengthsInputs = ort.inputNames().stream().filter(n -> n.endsWith("lengths")).sorted().toList();
            if (lengths != null) {
                assertEquals(lengths.keySet().stream().sorted().toList(), lengthsInputs, what + ": lengths inputs");
                for (Map.Entry<String, int[]> l : lengths.entrySet()) {
                    ort.lengths(l.getKey(), l.getValue());
                }
            } else {
                for (String name : lengthsInputs) {
                    ort.lengths(name, same);
                }
            }
            Map<String, float[]> out = ort.run();
            for (String name : m.outputs().keySet()) {
                assertValidStepsEqual(pass.output(name), out.get(name), what + " " + name);
            }
        }
    }
}
