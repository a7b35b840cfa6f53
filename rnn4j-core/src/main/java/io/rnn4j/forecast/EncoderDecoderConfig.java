package io.rnn4j.forecast;

import com.google.gson.JsonObject;
import io.rnn4j.nn.recurrent.RecurrentConfig;

import java.util.Locale;

/**
 * The shape of a recurrent encoder–decoder forecaster ({@link EncoderDecoder}): look-back L and
 * horizon H; LSTM or GRU cells of {@code hidden} units in {@code layers} layers on both sides;
 * Bahdanau attention over the encoder's outputs or none; direct (the decoder reads only the
 * target steps' calendar and position, so all H steps come from one pass) or recursive (it reads
 * the value before each step, its own forecast once it runs past the look-back); dropout before
 * the output layer; C series per window; the head.
 */
public record EncoderDecoderConfig(int lookback, int horizon, RecurrentConfig.CellType cell, int hidden, int layers,
                                   boolean attention, boolean recursive, float dropout, int channels, ForecastHead head) {

    public EncoderDecoderConfig {
        if (lookback < 1 || horizon < 1) {
            throw new IllegalArgumentException("need a look-back and a horizon >= 1, got " + lookback + " and " + horizon);
        }
        if (cell != RecurrentConfig.CellType.LSTM && cell != RecurrentConfig.CellType.GRU) {
            throw new IllegalArgumentException("--cell takes lstm or gru, not " + cell);
        }
        if (hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("need >= 1 hidden unit and >= 1 layer, got " + hidden + " and " + layers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (channels < 1 || head == null) {
            throw new IllegalArgumentException("need >= 1 series and a head");
        }
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("lookback", lookback);
        j.addProperty("horizon", horizon);
        j.addProperty("cell", cell.name().toLowerCase(Locale.ROOT));
        j.addProperty("hidden", hidden);
        j.addProperty("layers", layers);
        j.addProperty("attention", attention);
        j.addProperty("recursive", recursive);
        j.addProperty("dropout", dropout);
        j.addProperty("channels", channels);
        j.add("head", head.toJson());
        return j;
    }

    public static EncoderDecoderConfig fromJson(JsonObject j) {
        return new EncoderDecoderConfig(j.get("lookback").getAsInt(), j.get("horizon").getAsInt(),
                RecurrentConfig.CellType.valueOf(j.get("cell").getAsString().toUpperCase(Locale.ROOT)), j.get("hidden").getAsInt(),
                j.get("layers").getAsInt(), j.get("attention").getAsBoolean(), j.get("recursive").getAsBoolean(),
                j.get("dropout").getAsFloat(), j.get("channels").getAsInt(), ForecastHead.fromJson(j.getAsJsonObject("head")));
    }
}
