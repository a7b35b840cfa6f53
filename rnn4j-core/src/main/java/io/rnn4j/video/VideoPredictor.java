package io.rnn4j.video;

import com.google.gson.JsonObject;
import io.rnn4j.kernel.Activations;
import io.rnn4j.loss.SigmoidCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.ConvLstmEncoderForecaster;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import io.rnn4j.train.Objective;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Predicts the next K frames of a video from its first T, pixel by pixel as probabilities of
 * white (trained by binary cross-entropy on the pixels scaled to [0, 1], as Shi et al. did):
 * <ul>
 *   <li>CONVLSTM: frames cut into p × p patches (a (p², H/p, W/p) map each) → the encoding–
 *       forecasting ConvLSTM ({@link ConvLstmEncoderForecaster}) → a 1 × 1 convolution of all
 *       forecasting layers' maps to p² channels → sigmoid.</li>
 *   <li>FC_LSTM: the same values as one vector per frame → an L-layer LSTM encoder → an L-layer
 *       LSTM decoder started from its last output (h₀ of every layer; c₀ = 0) and reading nothing
 *       (a zero per step) → a dense layer to H·W values → sigmoid.</li>
 * </ul>
 * The graph reads {@code input} (T, B, H·W) (and the fully connected kind {@code future}, K zero
 * steps) and outputs the logits {@code frames} (K, B, H·W), both in the patched order.
 */
public final class VideoPredictor {

    private final VideoConfig config;
    private final SequenceModel model;

    public VideoPredictor(VideoConfig config, SequenceModel model) {
        this.config = config;
        this.model = model;
    }

    /** A fresh predictor, initialised from {@code seed}. */
    public static VideoPredictor create(VideoConfig c, long seed) {
        int p = c.patch();
        ImageShape patched = new ImageShape(p * p, c.height() / p, c.width() / p);
        SequenceModel m;
        if (c.kind() == VideoConfig.Kind.CONVLSTM) {
            ConvLstmEncoderForecaster ef = new ConvLstmEncoderForecaster(patched, c.hidden(), c.layers(), c.kernel(), false,
                    c.outputFrames());
            m = SequenceModel.graph()
                    .input("input", c.frameSize())
                    .add("encoder_forecaster", ef, "input")
                    .add("head", new Conv2d(ef.outputShape(), p * p, ConvAxis.of(1), ConvAxis.of(1), true), "encoder_forecaster")
                    .output("frames", "head");
        } else {
            RecurrentConfig lstm = RecurrentConfig.lstm(c.frameSize(), c.hidden()).layers(c.layers());
            m = SequenceModel.graph()
                    .input("input", c.frameSize())
                    .input("future", 1)
                    .add("encoder", new RecurrentLayer(lstm, RecurrentLayer.Output.SEQUENCE), "input")
                    .add("summary", LastValidStep.of(), "encoder")
                    .add("decoder", new AttentionDecoder(RecurrentConfig.lstm(1, c.hidden()).layers(c.layers()), c.hidden(),
                            c.hidden(), null, 0, false), "future", "encoder", "summary")
                    .add("head", new Dense(c.hidden(), c.frameSize()), "decoder")
                    .output("frames", "head");
        }
        return new VideoPredictor(c, m.initialize(Init.PYTORCH, seed));
    }

    public VideoConfig config() {
        return config;
    }

    public SequenceModel model() {
        return model;
    }

    /** The loss every kind trains with: binary cross-entropy of the predicted frames' pixels. */
    public static Objective objective() {
        return Objective.of(new Objective.Term("frames", new SigmoidCrossEntropy(), 1.0));
    }

    private void check(Video v) {
        if (v.height() != config.height() || v.width() != config.width()) {
            throw new IllegalArgumentException("the model predicts " + config.height() + " x " + config.width() + " frames; the"
                    + " videos are " + v.height() + " x " + v.width());
        }
        if (v.frames() < config.inputFrames() + config.outputFrames()) {
            throw new IllegalArgumentException("the model reads " + config.inputFrames() + " frames and predicts "
                    + config.outputFrames() + "; the videos have " + v.frames());
        }
    }

    /** Frames [first, first + n) of the sequences, patched and scaled to [0, 1]: (n, B, H·W). */
    float[] frames(Video v, int[] sequences, int first, int n) {
        int b = sequences.length;
        int size = config.frameSize();
        float[] out = new float[n * b * size];
        for (int f = 0; f < n; f++) {
            for (int k = 0; k < b; k++) {
                toPatches(v.pixels(), v.offset(first + f, sequences[k]), out, (f * b + k) * size);
            }
        }
        return out;
    }

    void toPatches(byte[] pixels, int from, float[] out, int at) {
        int p = config.patch();
        int w = config.width();
        int rows = config.height() / p;
        int cols = w / p;
        for (int dy = 0; dy < p; dy++) {
            for (int dx = 0; dx < p; dx++) {
                int channel = (dy * p + dx) * rows * cols;
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        out[at + channel + y * cols + x] = (pixels[from + (y * p + dy) * w + x * p + dx] & 0xff) / 255f;
                    }
                }
            }
        }
    }

    /** The inverse of {@link #toPatches}: a patched frame at {@code at} back to rows of pixels at {@code to}. */
    void fromPatches(float[] patched, int at, float[] out, int to) {
        int p = config.patch();
        int w = config.width();
        int rows = config.height() / p;
        int cols = w / p;
        for (int dy = 0; dy < p; dy++) {
            for (int dx = 0; dx < p; dx++) {
                int channel = (dy * p + dx) * rows * cols;
                for (int y = 0; y < rows; y++) {
                    for (int x = 0; x < cols; x++) {
                        out[to + (y * p + dy) * w + x * p + dx] = patched[at + channel + y * cols + x];
                    }
                }
            }
        }
    }

    private Map<String, Seq> inputs(Video v, int[] sequences) {
        int b = sequences.length;
        Map<String, Seq> in = new HashMap<>();
        in.put("input", Seq.ofValues(frames(v, sequences, 0, config.inputFrames()), config.inputFrames(), b,
                config.frameSize(), null));
        if (config.kind() == VideoConfig.Kind.FC_LSTM) {
            in.put("future", Seq.ofValues(new float[config.outputFrames() * b], config.outputFrames(), b, 1, null));
        }
        return in;
    }

    /** A training batch: the first T frames of each sequence in, the next K as targets. */
    public Batch batch(Video v, int[] sequences) {
        check(v);
        float[] y = frames(v, sequences, config.inputFrames(), config.outputFrames());
        return Batch.named(inputs(v, sequences), Map.of("frames", Targets.values(y)));
    }

    /** The predicted frames (K, B, H·W) as probabilities of white, rows of pixels in image order. */
    public float[] predict(Video v, int[] sequences) {
        check(v);
        float[] logits = model.forward(inputs(v, sequences), ForwardContext.inference()).output("frames").values;
        int size = config.frameSize();
        float[] out = new float[logits.length];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = Activations.sigmoid(logits[i]);
        }
        for (int f = 0; f < logits.length / size; f++) {
            fromPatches(logits, f * size, out, f * size);
        }
        return out;
    }

    public String describe() {
        VideoConfig c = config;
        return c.kind() == VideoConfig.Kind.CONVLSTM
                ? String.format(Locale.ROOT, "ConvLSTM encoder-forecaster (%d x %d channels, %dx%d kernels, %dx%d patches; %d frames"
                + " in, %d out)", c.layers(), c.hidden(), c.kernel(), c.kernel(), c.patch(), c.patch(), c.inputFrames(),
                c.outputFrames())
                : String.format(Locale.ROOT, "FC-LSTM encoder-decoder (%d x %d units; %d frames in, %d out)", c.layers(), c.hidden(),
                c.inputFrames(), c.outputFrames());
    }

    public JsonObject toJson() {
        return config.toJson();
    }

    public static VideoPredictor fromJson(SequenceModel model, JsonObject j) {
        return new VideoPredictor(VideoConfig.fromJson(j), model);
    }
}
