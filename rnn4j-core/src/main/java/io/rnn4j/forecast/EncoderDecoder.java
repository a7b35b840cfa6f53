package io.rnn4j.forecast;

import com.google.gson.JsonObject;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;

import java.util.Locale;
import java.util.Map;

/**
 * A recurrent encoder–decoder forecaster, channel independent (each series of a window is one
 * sample). Every step reads its value relative to the look-back's last value x_L, and the
 * calendar of its time ({@link CalendarFeatures}, Informer's timeF):
 * <pre>
 *   encoder:  e_t = [x_t − x_L ; cal(t)],  t in the look-back     → LSTM/GRU outputs m (L, N, D), last state z
 *   decoder:  direct     d_j = [cal(t_j) ; (j+1)/H]               all H steps in one pass
 *             recursive  d_j = [x_{t_j − 1} − x_L ; cal(t_j)]     the value before step j: the actual one in
 *                                                                  training (teacher forcing), the forecast one after
 *             cells from h₀ = z, with Bahdanau attention over m (LSTMa, Bahdanau et al. 2015) or without
 *   ŷ_j = W_o dropout(o_j) + b_o + x_L
 * </pre>
 * The graph reads {@code past} (L, N, 5) and {@code future} (H, N, 5) and outputs
 * {@code forecast} (H, N, k) for a head of k outputs per value. Inference of the recursive
 * kind steps the decoder ({@link AttentionDecoder#start}, {@link AttentionDecoder#step}), feeding
 * each forecast back.
 */
public final class EncoderDecoder implements ForecastNetwork {

    static final String KIND = "encoder-decoder";
    /** Features per step on both sides: one value (or position) and the four calendar features. */
    static final int FEATURES = 1 + CalendarFeatures.COUNT;

    private final EncoderDecoderConfig config;
    private final SequenceModel model;
    private final SequenceModel encoder;
    private final AttentionDecoder decoder;
    private final Dense head;

    public EncoderDecoder(EncoderDecoderConfig config, SequenceModel model) {
        this.config = config;
        this.model = model;
        this.encoder = (SequenceModel) model.parts().stream().filter(p -> p.name().equals("encoder")).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("an encoder–decoder forecaster has an 'encoder' node"))
                .component();
        this.decoder = (AttentionDecoder) model.parts().stream().filter(p -> p.name().equals("decoder")).findFirst()
                .orElseThrow().component();
        this.head = (Dense) model.layers().get("head");
    }

    /** A fresh network, initialised from {@code seed}. */
    public static EncoderDecoder create(EncoderDecoderConfig c, long seed) {
        RecurrentConfig cells = RecurrentConfig.of(c.cell(), FEATURES, c.hidden()).layers(c.layers());
        SequenceModel encoder = SequenceModel.graph().input("past", FEATURES)
                .add("rnn", new RecurrentLayer(cells, RecurrentLayer.Output.SEQUENCE), "past")
                .add("summary", LastValidStep.of(), "rnn")
                .output("memory", "rnn")
                .output("summary", "summary");
        AttentionDecoder decoder = new AttentionDecoder(cells, c.hidden(), c.hidden(),
                c.attention() ? Attention.Score.ADDITIVE : null, c.hidden(), false);
        SequenceModel model = SequenceModel.graph()
                .input("past", FEATURES)
                .input("future", FEATURES)
                .add("encoder", encoder, "past")
                .add("decoder", decoder, "future", "encoder.memory", "encoder.summary")
                .add("dropout", new Dropout(c.dropout()), "decoder")
                .add("head", new Dense(c.hidden(), c.head().outputsPerValue()), "dropout")
                .output("forecast", "head")
                .initialize(Init.PYTORCH, seed);
        return new EncoderDecoder(c, model);
    }

    public EncoderDecoderConfig config() {
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

    @Override
    public int channels() {
        return config.channels();
    }

    @Override
    public ForecastHead head() {
        return config.head();
    }

    private Seq past(TimeSeries scaled, int[] starts) {
        return past(scaled, starts, config.lookback(), config.channels());
    }

    /**
     * (L, N, 5) for the first {@code channels} series of each window (N = windows × channels):
     * each look-back step's value minus the look-back's last value, then the step's calendar.
     * DA-RNN's decoder reads its target's past the same way.
     */
    static Seq past(TimeSeries scaled, int[] starts, int lookback, int channels) {
        int l = lookback;
        int cs = channels;
        int n = starts.length * cs;
        float[] x = new float[l * n * FEATURES];
        for (int k = 0; k < starts.length; k++) {
            int t = starts[k];
            float[] cal = CalendarFeatures.of(java.util.Arrays.copyOfRange(scaled.times(), t - l, t));
            for (int c = 0; c < cs; c++) {
                float last = scaled.value(t - 1, c);
                int b = k * cs + c;
                for (int s = 0; s < l; s++) {
                    int at = (s * n + b) * FEATURES;
                    x[at] = scaled.value(t - l + s, c) - last;
                    System.arraycopy(cal, s * CalendarFeatures.COUNT, x, at + 1, CalendarFeatures.COUNT);
                }
            }
        }
        return Seq.ofValues(x, l, n, FEATURES, null);
    }

    /**
     * (H, N, 5): direct, each target step's calendar then its position (j+1)/H; recursive, the
     * value before it minus the last (from {@code before}, (H, N), when given, else the series)
     * then its calendar.
     */
    private Seq future(TimeSeries scaled, int[] starts) {
        int hz = config.horizon();
        int cs = config.channels();
        int n = starts.length * cs;
        float[] d = new float[hz * n * FEATURES];
        for (int k = 0; k < starts.length; k++) {
            int t = starts[k];
            float[] cal = CalendarFeatures.of(java.util.Arrays.copyOfRange(scaled.times(), t, t + hz));
            for (int c = 0; c < cs; c++) {
                float last = scaled.value(t - 1, c);
                int b = k * cs + c;
                for (int j = 0; j < hz; j++) {
                    int at = (j * n + b) * FEATURES;
                    if (config.recursive()) {
                        d[at] = scaled.value(t + j - 1, c) - last;
                        System.arraycopy(cal, j * CalendarFeatures.COUNT, d, at + 1, CalendarFeatures.COUNT);
                    } else {
                        System.arraycopy(cal, j * CalendarFeatures.COUNT, d, at, CalendarFeatures.COUNT);
                        d[at + CalendarFeatures.COUNT] = (j + 1f) / hz;
                    }
                }
            }
        }
        return Seq.ofValues(d, hz, n, FEATURES, null);
    }

    @Override
    public Batch batch(TimeSeries scaled, int[] starts) {
        int hz = config.horizon();
        int cs = config.channels();
        int n = starts.length * cs;
        float[] y = new float[hz * n];
        for (int k = 0; k < starts.length; k++) {
            for (int c = 0; c < cs; c++) {
                float last = scaled.value(starts[k] - 1, c);
                for (int j = 0; j < hz; j++) {
                    y[j * n + k * cs + c] = scaled.value(starts[k] + j, c) - last;
                }
            }
        }
        return Batch.named(Map.of("past", past(scaled, starts), "future", future(scaled, starts)),
                Map.of("forecast", Targets.values(y)));
    }

    @Override
    public Prediction forecast(TimeSeries scaled, int[] starts, double level) {
        ForecastHead h = config.head();
        int hz = config.horizon();
        int cs = config.channels();
        int n = starts.length * cs;
        int k = h.outputsPerValue();
        float[] point = new float[starts.length * hz * cs];
        float[] lower = h.probabilistic() ? new float[point.length] : null;
        float[] upper = h.probabilistic() ? new float[point.length] : null;
        double z = h.zFor(level);
        float[] last = new float[n];
        for (int b = 0; b < n; b++) {
            last[b] = scaled.value(starts[b / cs] - 1, b % cs);
        }
        if (!config.recursive()) {
            Seq out = model.forward(Map.of("past", past(scaled, starts), "future", future(scaled, starts)),
                    ForwardContext.inference()).output("forecast");
            for (int j = 0; j < hz; j++) {
                for (int b = 0; b < n; b++) {
                    h.decode(out.values, (j * n + b) * k, 1, last[b], z, point, lower, upper, ((b / cs) * hz + j) * cs + b % cs);
                }
            }
            return new Prediction(point, lower, upper);
        }
        SequenceModel.Pass encoded = encoder.forward(Map.of("past", past(scaled, starts)), ForwardContext.inference());
        AttentionDecoder.State state = decoder.start(encoded.output("memory"), encoded.output("summary"));
        float[] calendar = new float[starts.length * hz * CalendarFeatures.COUNT];
        for (int w = 0; w < starts.length; w++) {
            float[] cal = CalendarFeatures.of(java.util.Arrays.copyOfRange(scaled.times(), starts[w], starts[w] + hz));
            System.arraycopy(cal, 0, calendar, w * hz * CalendarFeatures.COUNT, cal.length);
        }
        float[] previous = new float[n]; // the value before step j, relative to the last: 0 before the first
        float[] in = new float[n * FEATURES];
        for (int j = 0; j < hz; j++) {
            for (int b = 0; b < n; b++) {
                in[b * FEATURES] = previous[b];
                System.arraycopy(calendar, ((b / cs) * hz + j) * CalendarFeatures.COUNT, in, b * FEATURES + 1,
                        CalendarFeatures.COUNT);
            }
            float[] o = decoder.step(state, in);
            Seq out = head.forward(Seq.ofValues(o, 1, n, config.hidden(), null), ForwardContext.inference()).output();
            for (int b = 0; b < n; b++) {
                int at = ((b / cs) * hz + j) * cs + b % cs;
                h.decode(out.values, b * k, 1, last[b], z, point, lower, upper, at);
                previous[b] = point[at] - last[b];
            }
        }
        return new Prediction(point, lower, upper);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "%s encoder-decoder (%d x %d %s units, %s, %s; look-back %d, horizon %d, %s)",
                config.recursive() ? "recursive" : "direct", config.layers(), config.hidden(),
                config.cell().name().toLowerCase(Locale.ROOT), config.attention() ? "Bahdanau attention" : "no attention",
                config.recursive() ? "each forecast fed back" : "all steps at once", config.lookback(), config.horizon(),
                config.head());
    }

    @Override
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("kind", KIND);
        j.add("config", config.toJson());
        return j;
    }
}
