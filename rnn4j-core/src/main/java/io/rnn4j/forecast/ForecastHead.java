package io.rnn4j.forecast;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.loss.GaussianNll;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.MeanAbsoluteError;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.PinballLoss;
import org.apache.commons.math3.distribution.NormalDistribution;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a forecaster outputs for each future value, and the loss it trains with:
 * <ul>
 *   <li>{@link Kind#POINT}: one value, trained by MSE or MAE; its intervals come from the
 *       validation residuals ({@link ResidualIntervals});</li>
 *   <li>{@link Kind#GAUSSIAN}: a mean and a variance, trained by the Gaussian negative
 *       log-likelihood ({@link GaussianNll}); the interval at level p is μ ± z_{(1+p)/2}·σ;</li>
 *   <li>{@link Kind#QUANTILE}: K quantiles, trained by the pinball loss ({@link PinballLoss}); the
 *       forecast is the quantile nearest the median, the interval the lowest to the highest.</li>
 * </ul>
 *
 * @param kind      the output kind
 * @param pointLoss "mse" or "mae" for a point head (ignored by the others)
 * @param quantiles the levels of a quantile head, ascending (empty for the others)
 */
public record ForecastHead(Kind kind, String pointLoss, double[] quantiles) {

    public enum Kind { POINT, GAUSSIAN, QUANTILE }

    public ForecastHead {
        if (kind == null) {
            throw new IllegalArgumentException("a forecast head needs a kind: point, gaussian or quantile");
        }
        if (kind == Kind.POINT && !pointLoss.equals("mse") && !pointLoss.equals("mae")) {
            throw new IllegalArgumentException("--loss takes mse or mae, not '" + pointLoss + "'");
        }
        quantiles = quantiles == null ? new double[0] : quantiles.clone();
        if (kind == Kind.QUANTILE) {
            if (quantiles.length < 2) {
                throw new IllegalArgumentException("a quantile head needs >= 2 quantiles for an interval, got "
                        + Arrays.toString(quantiles));
            }
            for (int i = 0; i < quantiles.length; i++) {
                if (!(quantiles[i] > 0 && quantiles[i] < 1) || (i > 0 && quantiles[i] <= quantiles[i - 1])) {
                    throw new IllegalArgumentException("--quantiles must be ascending levels in (0, 1), got "
                            + Arrays.toString(quantiles));
                }
            }
        } else if (quantiles.length > 0) {
            throw new IllegalArgumentException("quantiles belong to a quantile head, not a " + kind.name().toLowerCase(Locale.ROOT)
                    + " one");
        }
    }

    public static ForecastHead point(String loss) {
        return new ForecastHead(Kind.POINT, loss, null);
    }

    public static ForecastHead gaussian() {
        return new ForecastHead(Kind.GAUSSIAN, "mse", null);
    }

    public static ForecastHead quantile(double... levels) {
        return new ForecastHead(Kind.QUANTILE, "mse", levels);
    }

    /** Outputs per forecast value: 1, 2 (mean, scale) or K. */
    public int outputsPerValue() {
        return switch (kind) {
            case POINT -> 1;
            case GAUSSIAN -> 2;
            case QUANTILE -> quantiles.length;
        };
    }

    /** Whether the head gives its own intervals (else they come from validation residuals). */
    public boolean probabilistic() {
        return kind != Kind.POINT;
    }

    public Loss loss() {
        return switch (kind) {
            case POINT -> pointLoss.equals("mae") ? new MeanAbsoluteError() : new MeanSquaredError();
            case GAUSSIAN -> new GaussianNll();
            case QUANTILE -> new PinballLoss(quantiles);
        };
    }

    /** The quantile reported as the forecast: the one nearest 0.5. */
    public int medianIndex() {
        int best = 0;
        for (int i = 1; i < quantiles.length; i++) {
            if (Math.abs(quantiles[i] - 0.5) < Math.abs(quantiles[best] - 0.5)) {
                best = i;
            }
        }
        return best;
    }

    /** z with P(Z ≤ z) = (1 + level)/2 for the standard normal: the half-width of a central interval in σ. */
    public static double normalQuantile(double level) {
        return new NormalDistribution().inverseCumulativeProbability((1 + level) / 2);
    }

    /**
     * Reads one forecast value from a network output whose k outputs for it sit at
     * {@code out[base + b·stride]}, b = 0 … k−1, all relative to {@code last} (the look-back's last
     * value, added back): writes the point forecast to {@code point[at]} and, for a probabilistic
     * head, the interval to {@code lower[at]} and {@code upper[at]} (a Gaussian's ± z·σ, a quantile
     * head's outer quantiles).
     */
    public void decode(float[] out, int base, int stride, float last, double z, float[] point, float[] lower, float[] upper,
                       int at) {
        switch (kind) {
            case POINT -> point[at] = out[base] + last;
            case GAUSSIAN -> {
                point[at] = out[base] + last;
                float sd = (float) Math.sqrt(GaussianNll.variance(out[base + stride]));
                lower[at] = point[at] - (float) z * sd;
                upper[at] = point[at] + (float) z * sd;
            }
            case QUANTILE -> {
                point[at] = out[base + medianIndex() * stride] + last;
                lower[at] = out[base] + last;
                upper[at] = out[base + (quantiles.length - 1) * stride] + last;
            }
        }
    }

    /** z for {@link #decode} at this interval level (0 for heads that do not use it). */
    public double zFor(double level) {
        return kind == Kind.GAUSSIAN ? normalQuantile(level) : 0;
    }

    /** The nominal level of the head's own intervals: the given level (Gaussian) or q_max − q_min (quantile). */
    public double level(double requested) {
        return kind == Kind.QUANTILE ? quantiles[quantiles.length - 1] - quantiles[0] : requested;
    }

    public String describe() {
        return switch (kind) {
            case POINT -> pointLoss.toUpperCase(Locale.ROOT) + " point forecasts";
            case GAUSSIAN -> "Gaussian mean and variance (negative log-likelihood)";
            case QUANTILE -> "quantiles " + Arrays.toString(quantiles) + " (pinball loss)";
        };
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("kind", kind.name().toLowerCase(Locale.ROOT));
        j.addProperty("loss", pointLoss);
        JsonArray q = new JsonArray();
        for (double v : quantiles) {
            q.add(v);
        }
        j.add("quantiles", q);
        return j;
    }

    public static ForecastHead fromJson(JsonObject j) {
        double[] q = new double[j.getAsJsonArray("quantiles").size()];
        for (int i = 0; i < q.length; i++) {
            q[i] = j.getAsJsonArray("quantiles").get(i).getAsDouble();
        }
        return new ForecastHead(Kind.valueOf(j.get("kind").getAsString().toUpperCase(Locale.ROOT)), j.get("loss").getAsString(), q);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ForecastHead h && h.kind == kind && h.pointLoss.equals(pointLoss) && Arrays.equals(h.quantiles, quantiles);
    }

    @Override
    public int hashCode() {
        return kind.hashCode() * 31 + Arrays.hashCode(quantiles);
    }

    @Override
    public String toString() {
        return describe();
    }
}
