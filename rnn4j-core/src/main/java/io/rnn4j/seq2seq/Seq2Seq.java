package io.rnn4j.seq2seq;

import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;

import java.util.List;
import java.util.Map;

/**
 * An encoder–decoder with attention, built as one {@link SequenceModel} graph so that it trains
 * through the one {@code Trainer}:
 * <pre>
 *   source (S, B) ─ encoder: embed → [dropout] → (bi)LSTM/GRU stack ─┬─ memory (S, B, Dm)
 *                                                                   └─ summary (1, B, Dm): last valid step
 *   target (T, B) ─ target_embed → [dropout] ─ decoder (AttentionDecoder over memory, from summary) ─ head → logits (T, B, V)
 * </pre>
 * Training is teacher forcing: the decoder reads {@code START y₁ … y_n} and is scored on
 * {@code y₁ … y_n END} ({@link #batch}). Inference encodes once ({@link #encode}) and steps the
 * decoder ({@link #start}, {@link #step}); {@link Decoding} searches over the steps.
 *
 * <p>Target id {@link #END} (0) ends a sentence and {@link #START} (1) begins one; a target
 * vocabulary reserves both.
 */
public final class Seq2Seq implements StepDecoder {

    /** Target id that ends a sentence. */
    public static final int END = 0;
    /** Target id the decoder reads first. */
    public static final int START = 1;

    private final Seq2SeqConfig config;
    private final SequenceModel encoder;
    private final Embedding targetEmbedding;
    private final AttentionDecoder decoder;
    private final Dense head;
    private final SequenceModel model;

    public Seq2Seq(Seq2SeqConfig config) {
        this.config = config;
        int dm = config.memorySize();
        RecurrentConfig encoderCells = RecurrentConfig.of(config.cell(), config.embedding(), config.encoderHidden())
                .layers(config.encoderLayers())
                .dropout(config.encoderLayers() > 1 ? config.dropout() : 0f);
        if (config.bidirectional()) {
            encoderCells = encoderCells.bidirectional(RecurrentConfig.Merge.CONCAT);
        }
        this.encoder = SequenceModel.graph().input("source", config.sourceVocab())
                .add("embed", new Embedding(config.sourceVocab(), config.embedding()), "source");
        String encoderInput = "embed";
        if (config.dropout() > 0f) {
            encoder.add("dropout", new Dropout(config.dropout()), "embed");
            encoderInput = "dropout";
        }
        encoder.add("rnn", new RecurrentLayer(encoderCells, RecurrentLayer.Output.SEQUENCE), encoderInput)
                .add("summary", config.bidirectional() ? LastValidStep.bidirectional() : LastValidStep.of(), "rnn")
                .output("memory", "rnn")
                .output("summary", "summary");
        this.targetEmbedding = new Embedding(config.targetVocab(), config.embedding());
        RecurrentConfig decoderCells = RecurrentConfig.of(config.cell(), config.embedding(), config.decoderHidden())
                .layers(config.decoderLayers());
        this.decoder = new AttentionDecoder(decoderCells, dm, dm, config.score(), config.attentionSize(), config.inputFeeding());
        this.head = new Dense(config.decoderHidden(), config.targetVocab());
        this.model = SequenceModel.graph()
                .input("source", config.sourceVocab())
                .input("target", config.targetVocab())
                .add("encoder", encoder, "source")
                .add("target_embed", targetEmbedding, "target");
        String decoderInput = "target_embed";
        if (config.dropout() > 0f) {
            model.add("target_dropout", new Dropout(config.dropout()), "target_embed");
            decoderInput = "target_dropout";
        }
        model.add("decoder", decoder, decoderInput, "encoder.memory", "encoder.summary")
                .add("head", head, "decoder")
                .output("logits", "head");
    }

    private Seq2Seq(Seq2SeqConfig config, SequenceModel encoder, Embedding targetEmbedding, AttentionDecoder decoder,
                    Dense head, SequenceModel model) {
        this.config = config;
        this.encoder = encoder;
        this.targetEmbedding = targetEmbedding;
        this.decoder = decoder;
        this.head = head;
        this.model = model;
    }

    /**
     * The encoder–decoder a graph holds when it has the shape {@link #Seq2Seq(Seq2SeqConfig)} builds
     * (a model file read back, say); anything else is refused with what differs.
     */
    public static Seq2Seq from(SequenceModel model) {
        Map<String, Object> parts = new java.util.LinkedHashMap<>();
        for (SequenceModel.Part p : model.parts()) {
            parts.put(p.name(), p.component());
        }
        SequenceModel encoder = as(parts.get("encoder"), SequenceModel.class, "encoder");
        Map<String, Object> encoderParts = new java.util.LinkedHashMap<>();
        for (SequenceModel.Part p : encoder.parts()) {
            encoderParts.put(p.name(), p.component());
        }
        Embedding sourceEmbedding = as(encoderParts.get("embed"), Embedding.class, "encoder.embed");
        RecurrentLayer rnn = as(encoderParts.get("rnn"), RecurrentLayer.class, "encoder.rnn");
        Embedding targetEmbedding = as(parts.get("target_embed"), Embedding.class, "target_embed");
        AttentionDecoder decoder = as(parts.get("decoder"), AttentionDecoder.class, "decoder");
        Dense head = as(parts.get("head"), Dense.class, "head");
        Object dropout = parts.get("target_dropout");
        RecurrentConfig enc = rnn.stack().config();
        RecurrentConfig dec = decoder.rnn();
        Seq2SeqConfig config = new Seq2SeqConfig(sourceEmbedding.vocabSize(), targetEmbedding.vocabSize(), enc.cell(),
                sourceEmbedding.dim(), enc.hiddenSize(), enc.numLayers(), enc.bidirectional(), dec.hiddenSize(),
                dec.numLayers(), scoreOf(decoder), decoder.attention().attentionSize(), decoder.inputFeeding(),
                dropout instanceof Dropout d ? d.p() : 0f);
        return new Seq2Seq(config, encoder, targetEmbedding, decoder, head, model);
    }

    private static io.rnn4j.nn.attention.Attention.Score scoreOf(AttentionDecoder decoder) {
        if (decoder.attention() == null) {
            throw new IllegalArgumentException("the model's decoder has no attention; a translation model needs one");
        }
        return decoder.attention().score();
    }

    private static <T> T as(Object component, Class<T> type, String node) {
        if (!type.isInstance(component)) {
            throw new IllegalArgumentException("the model is not an rnn4j encoder-decoder: node '" + node + "' should be "
                    + type.getSimpleName() + (component == null ? ", and there is none" : ", not " + component.getClass().getSimpleName()));
        }
        return type.cast(component);
    }

    public Seq2SeqConfig config() {
        return config;
    }

    /** The whole graph: inputs {@code source} and {@code target} (token ids), output {@code logits}. */
    public SequenceModel model() {
        return model;
    }

    public AttentionDecoder decoder() {
        return decoder;
    }

    /** Initialises every weight from one seed. */
    public Seq2Seq initialize(Init scheme, long seed) {
        model.initialize(scheme, seed);
        return this;
    }

    /**
     * A teacher-forcing batch: sources padded to the longest (S, B); decoder inputs
     * {@code START y₁ … y_n} and targets {@code y₁ … y_n END}, padded to the longest (T, B).
     *
     * @param sources source token ids per sentence (each at least one token)
     * @param targets target token ids per sentence, without START or END
     */
    public Batch batch(List<int[]> sources, List<int[]> targets) {
        if (sources.size() != targets.size() || sources.isEmpty()) {
            throw new IllegalArgumentException("a batch needs as many targets as sources (at least one), got "
                    + sources.size() + " and " + targets.size());
        }
        Seq source = sourceSeq(sources);
        for (int[] y : targets) {
            for (int id : y) {
                checkTarget(id);
            }
        }
        TeacherForcing forced = teacherForcing(targets);
        return Batch.named(Map.of("source", source, "target", forced.input()), Map.of("logits", forced.targets()));
    }

    /** What a decoder reads and is scored on for a batch of target sequences. */
    public record TeacherForcing(Seq input, Targets targets) {
    }

    /**
     * The decoder's side of a teacher-forcing batch: inputs {@code START y₁ … y_n} and targets
     * {@code y₁ … y_n END}, (T, B) padded to the longest with the lengths; the ids are not checked.
     *
     * @param targets token ids per sequence, without START or END
     */
    public static TeacherForcing teacherForcing(List<int[]> targets) {
        int batch = targets.size();
        int steps = 0;
        for (int[] t : targets) {
            steps = Math.max(steps, t.length + 1);
        }
        int[] input = new int[steps * batch];
        int[] output = new int[steps * batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] y = targets.get(b);
            lengths[b] = y.length + 1;
            input[b] = START;
            for (int t = 0; t < y.length; t++) {
                input[(t + 1) * batch + b] = y[t];
                output[t * batch + b] = y[t];
            }
            output[y.length * batch + b] = END;
        }
        return new TeacherForcing(Seq.ofTokens(input, steps, batch, lengths), Targets.classes(output));
    }

    private void checkTarget(int id) {
        if (id < 0 || id >= config.targetVocab() || id == START) {
            throw new IllegalArgumentException("target token " + id + " is outside 0.." + (config.targetVocab() - 1)
                    + " or is the start token " + START);
        }
    }

    /** Sources (S, B) padded to the longest, with their lengths. */
    public Seq sourceSeq(List<int[]> sources) {
        int batch = sources.size();
        int steps = 0;
        for (int[] s : sources) {
            if (s.length == 0) {
                throw new IllegalArgumentException("a source sentence is empty");
            }
            steps = Math.max(steps, s.length);
        }
        int[] tokens = new int[steps * batch];
        int[] lengths = new int[batch];
        for (int b = 0; b < batch; b++) {
            int[] s = sources.get(b);
            lengths[b] = s.length;
            for (int t = 0; t < s.length; t++) {
                if (s[t] < 0 || s[t] >= config.sourceVocab()) {
                    throw new IllegalArgumentException("source token " + s[t] + " is outside 0.." + (config.sourceVocab() - 1));
                }
                tokens[t * batch + b] = s[t];
            }
        }
        return Seq.ofTokens(tokens, steps, batch, lengths);
    }

    /** The encoder's outputs for a batch of sources: memory (S, B, Dm) and summary (1, B, Dm). */
    public record Encoded(Seq memory, Seq summary) {

        /** Each row repeated w times in place (row b becomes rows b·w … b·w+w−1): one per beam. */
        public Encoded repeat(int w) {
            return new Encoded(repeatRows(memory, w), repeatRows(summary, w));
        }

        private static Seq repeatRows(Seq s, int w) {
            int f = s.features;
            int batch = s.batch * w;
            float[] values = new float[s.steps * batch * f];
            for (int t = 0; t < s.steps; t++) {
                for (int b = 0; b < batch; b++) {
                    System.arraycopy(s.values, (t * s.batch + b / w) * f, values, (t * batch + b) * f, f);
                }
            }
            int[] lengths = null;
            if (s.lengths != null) {
                lengths = new int[batch];
                for (int b = 0; b < batch; b++) {
                    lengths[b] = s.lengths[b / w];
                }
            }
            return Seq.ofValues(values, s.steps, batch, f, lengths);
        }
    }

    /** Runs the encoder (inference) over sources (S, B). */
    public Encoded encode(Seq sources) {
        SequenceModel.Pass p = encoder.forward(Map.of("source", sources), ForwardContext.inference());
        return new Encoded(p.output("memory"), p.output("summary"));
    }

    @Override
    public int targetVocab() {
        return config.targetVocab();
    }

    @Override
    public AttentionDecoder.State start(Encoded encoded) {
        return decoder.start(encoded.memory(), encoded.summary());
    }

    @Override
    public float[] step(AttentionDecoder.State state, int[] previous) {
        Seq tokens = Seq.ofTokens(previous, 1, previous.length, null);
        float[] embedded = targetEmbedding.forward(tokens, ForwardContext.inference()).output().values;
        float[] out = decoder.step(state, embedded);
        Seq o = Seq.ofValues(out, 1, previous.length, config.decoderHidden(), null);
        return head.forward(o, ForwardContext.inference()).output().values;
    }
}
