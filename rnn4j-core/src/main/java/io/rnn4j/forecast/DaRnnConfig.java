package io.rnn4j.forecast;

import com.google.gson.JsonObject;
import io.rnn4j.nn.recurrent.RecurrentConfig;

import java.util.Locale;

/**
 * The shape of a DA-RNN forecaster ({@link DaRnn}): look-back L (the paper's T) and horizon H;
 * n driving series; LSTM or GRU cells of {@code hidden} units in both the encoder (the paper's m)
 * and the decoder (its p); dropout before the output layer; the head. The input attention's
 * width is L, as in the paper; the temporal attention's is {@code hidden}.
 */
public record DaRnnConfig(int lookback, int horizon, int drivers, RecurrentConfig.CellType cell, int hidden, float dropout,
                          ForecastHead head) {

    public DaRnnConfig {
        if (lookback < 1 || horizon < 1) {
            throw new IllegalArgumentException("need a look-back and a horizon >= 1, got " + lookback + " and " + horizon);
        }
        if (drivers < 1) {
            throw new IllegalArgumentException("DA-RNN needs >= 1 driving series beside its target, got " + drivers);
        }
        if (cell != RecurrentConfig.CellType.LSTM && cell != RecurrentConfig.CellType.GRU) {
            throw new IllegalArgumentException("--cell takes lstm or gru, not " + cell);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("need >= 1 hidden unit, got " + hidden);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("--dropout must be in [0, 1), got " + dropout);
        }
        if (head == null) {
            throw new IllegalArgumentException("DA-RNN needs a head");
        }
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("lookback", lookback);
        j.addProperty("horizon", horizon);
        j.addProperty("drivers", drivers);
        j.addProperty("cell", cell.name().toLowerCase(Locale.ROOT));
        j.addProperty("hidden", hidden);
        j.addProperty("dropout", dropout);
        j.add("head", head.toJson());
        return j;
    }

    public static DaRnnConfig fromJson(JsonObject j) {
        return new DaRnnConfig(j.get("lookback").getAsInt(), j.get("horizon").getAsInt(), j.get("drivers").getAsInt(),
                RecurrentConfig.CellType.valueOf(j.get("cell").getAsString().toUpperCase(Locale.ROOT)), j.get("hidden").getAsInt(),
                j.get("dropout").getAsFloat(), ForecastHead.fromJson(j.getAsJsonObject("head")));
    }
}
