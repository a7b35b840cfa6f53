package io.rnn4j.forecast;

import com.google.gson.JsonObject;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.Batch;

/**
 * A forecasting network and how windows of a scaled series go in and forecasts come out: the
 * segment-recurrent model ({@link SegRnnNetwork}), a recurrent encoder–decoder
 * ({@link EncoderDecoder}) or DA-RNN ({@link DaRnn}). The first two are channel-independent: each
 * of a window's C series is one sample, all sharing the weights. DA-RNN forecasts one series from
 * it and its driving series.
 */
public interface ForecastNetwork {

    /** The name in model files and on the command line: "segrnn", "encoder-decoder" or "darnn". */
    String kind();

    SequenceModel model();

    int lookback();

    int horizon();

    /** C, the series each window forecasts. */
    int channels();

    /**
     * The driving series a window also reads (DA-RNN's), which come after the C forecast ones in
     * the series the network is given; none (the default) for a channel-independent network.
     */
    default int drivers() {
        return 0;
    }

    ForecastHead head();

    /** A training batch of the windows whose targets start at rows {@code starts}. */
    Batch batch(TimeSeries scaled, int[] starts);

    /** Scaled forecasts (K, H, C) of those windows, with the head's intervals at {@code level} if it has them. */
    Prediction forecast(TimeSeries scaled, int[] starts, double level);

    /** A one-line description for progress output. */
    String describe();

    /** The network's shape, for the model file (the weights travel separately). */
    JsonObject toJson();

    /** The network a model file's entry describes around its loaded weights. */
    static ForecastNetwork fromJson(SequenceModel model, JsonObject j) {
        String kind = j.get("kind").getAsString();
        return switch (kind) {
            case SegRnnNetwork.KIND -> new SegRnnNetwork(SegRnnConfig.fromJson(j.getAsJsonObject("config")), model);
            case EncoderDecoder.KIND -> new EncoderDecoder(EncoderDecoderConfig.fromJson(j.getAsJsonObject("config")), model);
            case DaRnn.KIND -> new DaRnn(DaRnnConfig.fromJson(j.getAsJsonObject("config")), model);
            default -> throw new IllegalArgumentException("unknown forecasting network '" + kind + "'");
        };
    }
}
