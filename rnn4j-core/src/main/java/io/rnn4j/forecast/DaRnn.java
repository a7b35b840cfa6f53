package io.rnn4j.forecast;

import com.google.gson.JsonObject;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.MultiInputLayer;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.attention.InputAttentionEncoder;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;

import java.util.Locale;
import java.util.Map;

/**
 * DA-RNN, the dual-stage attention forecaster of Qin et al. 2017 ("A Dual-Stage Attention-Based
 * Recurrent Neural Network for Time Series Prediction", IJCAI), forecasting one target series y
 * from its own past and n driving series x over a look-back of L steps:
 * <pre>
 *   stage 1   h = InputAttentionEncoder(x_1 … x_L)        each step's drivers weighed by α_t (L, n)
 *   stage 2   d = AttentionDecoder([y_t − y_L ; cal(t)], h) additive (Bahdanau) attention β_t (L, L) over h,
 *                                                         from h₀ = the encoder's last state (bridged)
 *   ŷ_{L+j} = (W_o dropout(d_L) + b_o)_j + y_L,  j = 1 … H  all H steps from the last decoder state
 * </pre>
 * Where this differs from the paper, and why: the paper predicts the one next value
 * y_T from x_1 … x_T (the drivers of the predicted step included); here the drivers are known only
 * up to the look-back's end, as in any forecast, and the head gives H steps at once. The temporal
 * attention's query is the decoder's h_{t−1} (the paper also feeds its cell state), and the cells
 * read [y_t ; c_t] through their own input weights rather than the paper's scalar ỹ = w̃ᵀ[y; c] + b̃.
 * The decoder starts from the encoder's last state rather than zero. Values are z-scored (the
 * paper min-max scales); y is read relative to its last look-back value, as in the other networks.
 *
 * <p>The graph reads {@code driving} (L, N, n) and {@code history} (L, N, 5) and outputs
 * {@code forecast} (1, N, k·H) for a head of k outputs per value, laid out as k blocks of H. Both
 * attentions of any window come back from {@link #attention}, for plots. The series it is given
 * hold the target first and the n drivers after it.
 */
public final class DaRnn implements ForecastNetwork {

    static final String KIND = "darnn";
    /** The history's features per step: the value and the four calendar features, as the encoder–decoder reads them. */
    static final int HISTORY = EncoderDecoder.FEATURES;

    private final DaRnnConfig config;
    private final SequenceModel model;

    public DaRnn(DaRnnConfig config, SequenceModel model) {
        this.config = config;
        this.model = model;
    }

    /** A fresh network, initialised from {@code seed}. */
    public static DaRnn create(DaRnnConfig c, long seed) {
        int d = c.hidden();
        SequenceModel model = SequenceModel.graph()
                .input("driving", c.drivers())
                .input("history", HISTORY)
                .add("encoder", new InputAttentionEncoder(RecurrentConfig.of(c.cell(), c.drivers(), d), c.lookback(), c.lookback()),
                        "driving")
                .add("summary", LastValidStep.of(), "encoder")
                .add("decoder", new AttentionDecoder(RecurrentConfig.of(c.cell(), HISTORY, d), d, d, Attention.Score.ADDITIVE, d,
                        false), "history", "encoder", "summary")
                .add("last", LastValidStep.of(), "decoder")
                .add("dropout", new Dropout(c.dropout()), "last")
                .add("head", new Dense(d, c.head().outputsPerValue() * c.horizon()), "dropout")
                .output("forecast", "head")
                .initialize(Init.PYTORCH, seed);
        return new DaRnn(c, model);
    }

    public DaRnnConfig config() {
        return config;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public SequenceModel model() {
        return model;
    }

    @Override
    public int lookback() {
        return config.lookback();
    }

    @Override
    public int horizon() {
        return config.horizon();
    }

    /** One: DA-RNN forecasts a single target. */
    @Override
    public int channels() {
        return 1;
    }

    @Override
    public int drivers() {
        return config.drivers();
    }

    @Override
    public ForecastHead head() {
        return config.head();
    }

    private Map<String, Seq> inputs(TimeSeries scaled, int[] starts) {
        checkWidth(scaled);
        int l = config.lookback();
        int n = config.drivers();
        int windows = starts.length;
        float[] driving = new float[l * windows * n];
        for (int w = 0; w < windows; w++) {
            for (int s = 0; s < l; s++) {
                for (int k = 0; k < n; k++) {
                    driving[(s * windows + w) * n + k] = scaled.value(starts[w] - l + s, 1 + k);
                }
            }
        }
        return Map.of("driving", Seq.ofValues(driving, l, windows, n, null),
                "history", EncoderDecoder.past(scaled, starts, l, 1));
    }

    private void checkWidth(TimeSeries scaled) {
        if (scaled.width() != 1 + config.drivers()) {
            throw new IllegalArgumentException("DA-RNN reads its target and " + config.drivers() + " driving series, got "
                    + scaled.width() + " series");
        }
    }

    @Override
    public Batch batch(TimeSeries scaled, int[] starts) {
        int hz = config.horizon();
        float[] y = new float[starts.length * hz];
        for (int w = 0; w < starts.length; w++) {
            float last = scaled.value(starts[w] - 1, 0);
            for (int j = 0; j < hz; j++) {
                y[w * hz + j] = scaled.value(starts[w] + j, 0) - last;
            }
        }
        return Batch.named(inputs(scaled, starts), Map.of("forecast", Targets.values(y)));
    }

    @Override
    public Prediction forecast(TimeSeries scaled, int[] starts, double level) {
        ForecastHead h = config.head();
        int hz = config.horizon();
        int k = h.outputsPerValue();
        Seq out = model.forward(inputs(scaled, starts), ForwardContext.inference()).output("forecast");
        float[] point = new float[starts.length * hz];
        float[] lower = h.probabilistic() ? new float[point.length] : null;
        float[] upper = h.probabilistic() ? new float[point.length] : null;
        double z = h.zFor(level);
        for (int w = 0; w < starts.length; w++) {
            float last = scaled.value(starts[w] - 1, 0);
            for (int j = 0; j < hz; j++) {
                h.decode(out.values, w * hz * k + j, hz, last, z, point, lower, upper, w * hz + j);
            }
        }
        return new Prediction(point, lower, upper);
    }

    /**
     * Both attentions of the window whose target starts at row {@code start}.
     *
     * @param input    α (L, n): row t holds step t's weights over the driving series
     * @param temporal β (L, L): row t holds decoder step t's weights over the encoder's steps
     */
    public record Weights(float[] input, float[] temporal) {
    }

    public Weights attention(TimeSeries scaled, int start) {
        SequenceModel.Pass pass = model.forward(inputs(scaled, new int[] {start}), ForwardContext.inference());
        float[] input = InputAttentionEncoder.weights((Layer.Pass) model.nodePass(pass, "encoder"));
        float[] temporal = AttentionDecoder.weights((MultiInputLayer.Pass) model.nodePass(pass, "decoder"));
        return new Weights(input, temporal);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "DA-RNN (%d driving series, input and temporal attention, %d %s units; look-back %d,"
                        + " horizon %d, %s)", config.drivers(), config.hidden(), config.cell().name().toLowerCase(Locale.ROOT),
                config.lookback(), config.horizon(), config.head());
    }

    @Override
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("kind", KIND);
        j.add("config", config.toJson());
        return j;
    }
}
