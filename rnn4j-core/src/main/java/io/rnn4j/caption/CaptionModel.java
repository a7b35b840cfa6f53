package io.rnn4j.caption;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.data.image.ImageBatches;
import io.rnn4j.data.image.ImageJson;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.data.image.ImageView;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.conv.BatchNorm;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.GlobalPool2d;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.conv.Pool2d;
import io.rnn4j.nn.conv.PoolKind;
import io.rnn4j.nn.conv.SpatialSequence;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.StepDecoder;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CNN that reads the picture and an LSTM that writes its caption, as one {@link SequenceModel}
 * graph that trains through the one trainer:
 * <pre>
 *   image (1, B, H·W) ─ encoder: 3 × [conv 'same' → batch norm → ReLU → 2×2 max pool] ─┬─ memory (H/8·W/8, B, C): SpatialSequence
 *                                                                                     └─ summary (1, B, C): global average pool
 *   caption (T, B) ─ embed ─ decoder (AttentionDecoder, h₀ = tanh(W_b·summary + b_b)) ─ head → logits (T, B, V)
 * </pre>
 * The convolutions are 5×5 (16 filters), 3×3 (32) and 3×3 ({@link #FEATURES} = 64), so a 64×64
 * picture ends as an 8×8 feature map. {@link Kind#SHOW_AND_TELL} (Vinyals et al. 2015) learns of
 * the picture only through h₀ from the pooled features; {@link Kind#SHOW_ATTEND_TELL} (Xu et al.
 * 2015) also attends (additive, Bahdanau) over the 64 positions of the feature map before every
 * word and feeds the context into the LSTM. Training is teacher forcing: the decoder reads
 * {@code START w₁ … w_n} and is scored on {@code w₁ … w_n END}.
 */
public final class CaptionModel implements StepDecoder {

    /** Channels of the feature map the decoder reads. */
    public static final int FEATURES = 64;
    /** Width of the word embedding. */
    public static final int EMBEDDING = 64;
    /** Width of the additive attention's hidden layer. */
    public static final int ATTENTION = 64;

    /** The two models the captioning literature compares. */
    public enum Kind {
        SHOW_AND_TELL("tell"), SHOW_ATTEND_TELL("attend");

        private final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        /** The command-line name: tell or attend. */
        public String cliName() {
            return cliName;
        }

        public static Kind ofCliName(String name) {
            for (Kind k : values()) {
                if (k.cliName.equals(name)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--model-kind must be tell (Show and Tell) or attend (Show, Attend and Tell), got '"
                    + name + "'");
        }
    }

    private final Kind kind;
    private final ImageShape shape;
    private final ImageShape featureShape;
    private final CaptionVocabulary vocabulary;
    private final Normalization normalization;
    private final int hidden;
    private final SequenceModel model;
    private final SequenceModel encoder;
    private final Embedding embedding;
    private final AttentionDecoder decoder;
    private final Dense head;

    /**
     * A fresh captioner (weights uninitialised: {@code model().initialize(...)}).
     *
     * @param shape         the pictures' shape; height and width must be multiples of 8
     * @param normalization per-channel mean and std of the training pictures' v/255
     * @param hidden        H, the LSTM's width
     */
    public CaptionModel(Kind kind, ImageShape shape, CaptionVocabulary vocabulary, Normalization normalization, int hidden) {
        if (shape.height() % 8 != 0 || shape.width() % 8 != 0) {
            throw new IllegalArgumentException("the captioner's pictures must have sides that are multiples of 8, got " + shape);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("--hidden must be >= 1, got " + hidden);
        }
        this.kind = kind;
        this.shape = shape;
        this.vocabulary = vocabulary;
        this.normalization = normalization;
        this.hidden = hidden;
        this.encoder = SequenceModel.graph().input("image", shape.size());
        String last = "image";
        ImageShape s = shape;
        int[] filters = {16, 32, FEATURES};
        int[] kernels = {5, 3, 3};
        for (int b = 0; b < filters.length; b++) {
            Conv2d conv = new Conv2d(s, filters[b], ConvAxis.of(kernels[b]).samePadding());
            Pool2d pool = Pool2d.of(PoolKind.MAX, conv.outputShape(), 2);
            String n = String.valueOf(b + 1);
            encoder.add("conv" + n, conv, last)
                    .add("bn" + n, BatchNorm.images(conv.outputShape()), "conv" + n)
                    .add("relu" + n, new Activation(Activation.Kind.RELU), "bn" + n)
                    .add("pool" + n, pool, "relu" + n);
            last = "pool" + n;
            s = pool.outputShape();
        }
        this.featureShape = s;
        encoder.add("positions", new SpatialSequence(s), last)
                .add("pooled", new GlobalPool2d(PoolKind.AVG, s), last)
                .output("memory", "positions")
                .output("summary", "pooled");
        this.embedding = new Embedding(vocabulary.size(), EMBEDDING);
        this.decoder = new AttentionDecoder(RecurrentConfig.lstm(EMBEDDING, hidden), FEATURES, FEATURES,
                kind == Kind.SHOW_ATTEND_TELL ? Attention.Score.ADDITIVE : null, ATTENTION, false);
        this.head = new Dense(hidden, vocabulary.size());
        this.model = SequenceModel.graph()
                .input("image", shape.size())
                .input("caption", vocabulary.size())
                .add("encoder", encoder, "image")
                .add("embed", embedding, "caption")
                .add("decoder", decoder, "embed", "encoder.memory", "encoder.summary")
                .add("head", head, "decoder")
                .output("logits", "head");
    }

    private CaptionModel(Kind kind, ImageShape shape, CaptionVocabulary vocabulary, Normalization normalization,
                         SequenceModel model) {
        Map<String, Object> parts = parts(model);
        this.kind = kind;
        this.shape = shape;
        this.vocabulary = vocabulary;
        this.normalization = normalization;
        this.model = model;
        this.encoder = as(parts.get("encoder"), SequenceModel.class, "encoder");
        this.embedding = as(parts.get("embed"), Embedding.class, "embed");
        this.decoder = as(parts.get("decoder"), AttentionDecoder.class, "decoder");
        this.head = as(parts.get("head"), Dense.class, "head");
        this.featureShape = as(parts(encoder).get("positions"), SpatialSequence.class, "encoder.positions").inputShape();
        this.hidden = decoder.rnn().hiddenSize();
        if ((decoder.attention() != null) != (kind == Kind.SHOW_ATTEND_TELL)) {
            throw new IllegalArgumentException("the model's decoder " + (decoder.attention() == null ? "has no" : "has")
                    + " attention, but its manifest says " + kind.cliName());
        }
        if (embedding.vocabSize() != vocabulary.size() || model.inputs().get("image") == null
                || model.inputs().get("image") != shape.size()) {
            throw new IllegalArgumentException("the model's graph does not match its manifest (vocabulary " + vocabulary.size()
                    + " words, pictures of " + shape + ")");
        }
    }

    private static Map<String, Object> parts(SequenceModel graph) {
        Map<String, Object> parts = new java.util.LinkedHashMap<>();
        for (SequenceModel.Part p : graph.parts()) {
            parts.put(p.name(), p.component());
        }
        return parts;
    }

    private static <T> T as(Object component, Class<T> type, String node) {
        if (!type.isInstance(component)) {
            throw new IllegalArgumentException("the model is not an rnn4j captioner: node '" + node + "' should be "
                    + type.getSimpleName() + (component == null ? ", and there is none" : ", not " + component.getClass().getSimpleName()));
        }
        return type.cast(component);
    }

    public Kind kind() {
        return kind;
    }

    public ImageShape shape() {
        return shape;
    }

    /** The feature map the decoder reads: (C, H/8, W/8); attention weights are over its H/8·W/8 positions. */
    public ImageShape featureShape() {
        return featureShape;
    }

    public CaptionVocabulary vocabulary() {
        return vocabulary;
    }

    public Normalization normalization() {
        return normalization;
    }

    public int hidden() {
        return hidden;
    }

    /** The whole graph: inputs {@code image} (1 step) and {@code caption} (token ids), output {@code logits}. */
    public SequenceModel model() {
        return model;
    }

    /** Normalised pictures {@code indices} of {@code images} as the encoder's input (1, B, C·H·W). */
    public Seq input(ImageSet images, int[] indices) {
        if (!images.shape().equals(shape)) {
            throw new IllegalArgumentException("the captioner reads pictures of " + shape + ", got " + images.shape());
        }
        return ImageBatches.input(images, indices, ImageView.IMAGE, normalization, null);
    }

    /**
     * A teacher-forcing batch of pictures {@code indices}: the decoder reads {@code START w₁ … w_n}
     * and is scored on {@code w₁ … w_n END}, padded to the longest caption.
     */
    public Batch batch(CaptionSet set, int[] indices) {
        List<int[]> words = new ArrayList<>(indices.length);
        for (int i : indices) {
            words.add(vocabulary.encode(set.captions().get(i)));
        }
        Seq2Seq.TeacherForcing forced = Seq2Seq.teacherForcing(words);
        return Batch.named(Map.of("image", input(set.images(), indices), "caption", forced.input()),
                Map.of("logits", forced.targets()));
    }

    /** The encoder's outputs (inference) for normalised pictures (1, B, C·H·W): memory and summary. */
    public Seq2Seq.Encoded encode(Seq images) {
        SequenceModel.Pass p = encoder.forward(Map.of("image", images), ForwardContext.inference());
        return new Seq2Seq.Encoded(p.output("memory"), p.output("summary"));
    }

    @Override
    public int targetVocab() {
        return vocabulary.size();
    }

    @Override
    public AttentionDecoder.State start(Seq2Seq.Encoded encoded) {
        return decoder.start(encoded.memory(), encoded.summary());
    }

    @Override
    public float[] step(AttentionDecoder.State state, int[] previous) {
        Seq tokens = Seq.ofTokens(previous, 1, previous.length, null);
        float[] embedded = embedding.forward(tokens, ForwardContext.inference()).output().values;
        float[] out = decoder.step(state, embedded);
        return head.forward(Seq.ofValues(out, 1, previous.length, hidden, null), ForwardContext.inference()).output().values;
    }

    /** The model file's {@code "caption"} entry: kind, picture shape, normalisation, vocabulary, H. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("kind", kind.cliName());
        ImageJson.put(o, shape, normalization);
        o.addProperty("hidden", hidden);
        o.add("vocabulary", vocabulary.toJson());
        return o;
    }

    /** The captioner a model file holds: its graph, described by its {@code "caption"} entry. */
    public static CaptionModel fromJson(SequenceModel loaded, JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the \"caption\" entry must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        return new CaptionModel(Kind.ofCliName(ImageJson.string(o, "kind", "caption").toLowerCase(Locale.ROOT)),
                ImageJson.shape(o, "caption"), CaptionVocabulary.fromJson(o.get("vocabulary")),
                ImageJson.normalization(o, "caption"), loaded);
    }
}
