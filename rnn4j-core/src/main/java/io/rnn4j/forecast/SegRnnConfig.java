package io.rnn4j.forecast;

import com.google.gson.JsonObject;

/**
 * The shape of a segment-recurrent forecaster ({@link SegRnn}): look-back L and horizon H, both
 * whole numbers of segments of w steps; hidden size D of the GRU; dropout before the output
 * layer; C series per window, with a learned embedding of each series' channel when
 * {@code channelIds}.
 *
 * <p>SegRNN's settings for ETTh1 (its released scripts): L = 720, w = 48, D = 512, dropout 0.5,
 * channel embeddings on. The {@link ForecastHead} says what is output for each future value
 * (a point, a Gaussian or quantiles) and so the loss.
 */
public record SegRnnConfig(int lookback, int horizon, int segment, int hidden, float dropout, int channels, boolean channelIds,
                           ForecastHead head) {

    /** A point forecaster trained by MSE. */
    public SegRnnConfig(int lookback, int horizon, int segment, int hidden, float dropout, int channels, boolean channelIds) {
        this(lookback, horizon, segment, hidden, dropout, channels, channelIds, ForecastHead.point("mse"));
    }

    public SegRnnConfig {
        if (head == null) {
            throw new IllegalArgumentException("a forecaster needs a head");
        }
        if (segment < 1) {
            throw new IllegalArgumentException("--segment must be >= 1, got " + segment);
        }
        if (lookback < segment || lookback % segment != 0) {
            throw new IllegalArgumentException("the look-back (" + lookback + ") must be a whole number of segments of " + segment
                    + " steps");
        }
        if (horizon < segment || horizon % segment != 0) {
            throw new IllegalArgumentException("the horizon (" + horizon + ") must be a whole number of segments of " + segment
                    + " steps; choose --segment dividing it");
        }
        if (hidden < 2 || (channelIds && hidden % 2 != 0)) {
            throw new IllegalArgumentException("--hidden must be an even number >= 2, got " + hidden);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (channels < 1) {
            throw new IllegalArgumentException("need >= 1 series, got " + channels);
        }
    }

    /** Input segments n = L / w. */
    public int inputSegments() {
        return lookback / segment;
    }

    /** Output segments m = H / w. */
    public int outputSegments() {
        return horizon / segment;
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("lookback", lookback);
        j.addProperty("horizon", horizon);
        j.addProperty("segment", segment);
        j.addProperty("hidden", hidden);
        j.addProperty("dropout", dropout);
        j.addProperty("channels", channels);
        j.addProperty("channel_ids", channelIds);
        j.add("head", head.toJson());
        return j;
    }

    public static SegRnnConfig fromJson(JsonObject j) {
        return new SegRnnConfig(j.get("lookback").getAsInt(), j.get("horizon").getAsInt(), j.get("segment").getAsInt(),
                j.get("hidden").getAsInt(), j.get("dropout").getAsFloat(), j.get("channels").getAsInt(),
                j.get("channel_ids").getAsBoolean(), ForecastHead.fromJson(j.getAsJsonObject("head")));
    }
}
