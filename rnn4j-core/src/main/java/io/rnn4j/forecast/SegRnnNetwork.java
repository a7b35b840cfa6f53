package io.rnn4j.forecast;

import com.google.gson.JsonObject;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.Batch;

/** The segment-recurrent forecaster ({@link SegRnn}) as a {@link ForecastNetwork}. */
public record SegRnnNetwork(SegRnnConfig config, SequenceModel model) implements ForecastNetwork {

    static final String KIND = "segrnn";

    /** A fresh network, initialised from {@code seed}. */
    public static SegRnnNetwork create(SegRnnConfig config, long seed) {
        return new SegRnnNetwork(config, SegRnn.build(config).initialize(io.rnn4j.nn.Init.PYTORCH, seed));
    }

    @Override
    public String kind() {
        return KIND;
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

    @Override
    public Batch batch(TimeSeries scaled, int[] starts) {
        return SegRnn.batch(config, scaled, starts);
    }

    @Override
    public Prediction forecast(TimeSeries scaled, int[] starts, double level) {
        return SegRnn.forecast(model, config, scaled, starts, level);
    }

    @Override
    public String describe() {
        return String.format(java.util.Locale.ROOT, "SegRNN (look-back %d = %d segments of %d, horizon %d, %d GRU units, %s)",
                config.lookback(), config.inputSegments(), config.segment(), config.horizon(), config.hidden(), config.head());
    }

    @Override
    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("kind", KIND);
        j.add("config", config.toJson());
        return j;
    }
}
