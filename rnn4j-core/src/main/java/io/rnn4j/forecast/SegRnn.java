package io.rnn4j.forecast;

import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.ParallelSegmentDecoder;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;

/**
 * The segment-recurrent forecaster of SegRNN (Lin et al. 2023, arXiv 2308.11200), channel
 * independent: every series of a window is one sample, all sharing the weights.
 * <pre>
 *   x̃ = x − x_L                       look-back minus its last value (undone on the output)
 *   s_i = ReLU(W_e x̃[i·w : (i+1)·w] + b_e),  i = 0 … n−1       segment embedding, n = L/w
 *   h = GRU(s_0 … s_{n−1})             last state, (N, D)
 *   y_j = GRU step from h fed [pos_j ; chan_c],  j = 0 … m−1   parallel decoding, m = H/w
 *   ŷ[j·w : (j+1)·w] = W_o dropout(y_j) + b_o + x_L
 * </pre>
 * As a {@link SequenceModel}: input (n, N, w) segments, nodes embed → relu → rnn (GRU, last
 * step) → decoder ({@link ParallelSegmentDecoder}) → dropout → head, output (m, N, k·w) for a head
 * of k outputs per value ({@link ForecastHead}: block 0 the means and block 1 the raw scales of a
 * Gaussian head; block q quantile q). Row b of a batch is series {@code b mod C} of window
 * {@code b / C}.
 */
public final class SegRnn {

    private SegRnn() {
    }

    /** The untrained model (initialise it with {@link SequenceModel#initialize}). */
    public static SequenceModel build(SegRnnConfig c) {
        RecurrentLayer rnn = new RecurrentLayer(RecurrentConfig.gru(c.hidden(), c.hidden()), RecurrentLayer.Output.LAST);
        return new SequenceModel(c.segment())
                .add("embed", new Dense(c.segment(), c.hidden()))
                .add("relu", new Activation(Activation.Kind.RELU))
                .add("rnn", rnn)
                .add("decoder", new ParallelSegmentDecoder(rnn, c.outputSegments(), c.channels(), c.channelIds()))
                .add("dropout", new Dropout(c.dropout()))
                .add("head", new Dense(c.hidden(), c.segment() * c.head().outputsPerValue()));
    }

    /**
     * The look-backs of the windows whose targets start at rows {@code starts}, minus their last
     * values: (n, K·C, w).
     */
    public static Seq input(SegRnnConfig c, TimeSeries scaled, int[] starts) {
        int w = c.segment();
        int n = c.inputSegments();
        int cs = c.channels();
        int rows = starts.length * cs;
        requireWidth(c, scaled);
        float[] x = new float[n * rows * w];
        for (int k = 0; k < starts.length; k++) {
            int t = starts[k];
            for (int ch = 0; ch < cs; ch++) {
                float last = scaled.value(t - 1, ch);
                int b = k * cs + ch;
                for (int s = 0; s < n; s++) {
                    int base = (s * rows + b) * w;
                    int from = t - c.lookback() + s * w;
                    for (int i = 0; i < w; i++) {
                        x[base + i] = scaled.value(from + i, ch) - last;
                    }
                }
            }
        }
        return Seq.ofValues(x, n, rows, w, null);
    }

    /** A training batch: inputs as {@link #input}, targets the horizons minus the same last values, (m, K·C, w). */
    public static Batch batch(SegRnnConfig c, TimeSeries scaled, int[] starts) {
        int w = c.segment();
        int m = c.outputSegments();
        int cs = c.channels();
        int rows = starts.length * cs;
        float[] y = new float[m * rows * w];
        for (int k = 0; k < starts.length; k++) {
            int t = starts[k];
            for (int ch = 0; ch < cs; ch++) {
                float last = scaled.value(t - 1, ch);
                int b = k * cs + ch;
                for (int j = 0; j < m; j++) {
                    int base = (j * rows + b) * w;
                    for (int i = 0; i < w; i++) {
                        y[base + i] = scaled.value(t + j * w + i, ch) - last;
                    }
                }
            }
        }
        return new Batch(input(c, scaled, starts), Targets.values(y));
    }

    /**
     * Scaled forecasts of the windows starting at {@code starts}, (K, H, C) each: the point
     * forecast and, for a probabilistic head, the interval at {@code level} (a Gaussian head's
     * central interval; a quantile head's outer quantiles, whatever the level).
     */
    public static Prediction forecast(SequenceModel model, SegRnnConfig c, TimeSeries scaled, int[] starts, double level) {
        Seq out = model.forward(input(c, scaled, starts), ForwardContext.inference()).output();
        ForecastHead head = c.head();
        int w = c.segment();
        int k = head.outputsPerValue();
        int cs = c.channels();
        int rows = starts.length * cs;
        int hz = c.horizon();
        float[] point = new float[starts.length * hz * cs];
        float[] lower = head.probabilistic() ? new float[point.length] : null;
        float[] upper = head.probabilistic() ? new float[point.length] : null;
        double z = head.zFor(level);
        for (int kw = 0; kw < starts.length; kw++) {
            for (int ch = 0; ch < cs; ch++) {
                float last = scaled.value(starts[kw] - 1, ch);
                int b = kw * cs + ch;
                for (int h = 0; h < hz; h++) {
                    head.decode(out.values, ((h / w) * rows + b) * w * k + h % w, w, last, z, point, lower, upper,
                            (kw * hz + h) * cs + ch);
                }
            }
        }
        return new Prediction(point, lower, upper);
    }

    private static void requireWidth(SegRnnConfig c, TimeSeries scaled) {
        if (scaled.width() != c.channels()) {
            throw new IllegalArgumentException("the model forecasts " + c.channels() + " series, the data has " + scaled.width());
        }
    }
}
