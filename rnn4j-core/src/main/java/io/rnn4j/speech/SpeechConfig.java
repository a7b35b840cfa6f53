package io.rnn4j.speech;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.conv.Conv1d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.util.Locale;

/**
 * The shape of a CTC recogniser (Graves et al. 2006; Graves, Mohamed &amp; Hinton 2013), and the
 * graph it builds:
 *
 * <pre>
 *   features (T, B, F) → [conv1d (k = 3, stride s) → ReLU] → (bi-)LSTM/GRU × layers → dropout → dense (C + 1) → symbols
 * </pre>
 *
 * The optional front end ({@code convChannels} &gt; 0) is a 1-D convolution over time with
 * {@code convChannels} filters of 3 frames, stride {@code stride} (padding 1): it subsamples the
 * frames by {@code stride}, which shortens the recurrent part's sequences by that factor. Output
 * 0 of the dense layer is CTC's blank, outputs 1..C the characters.
 *
 * <p>A {@linkplain #streaming() streaming} recogniser (unidirectional, no front end) can be
 * stepped frame by frame as audio arrives.
 *
 * @param cell          {@code lstm} or {@code gru}
 * @param hidden        units per direction
 * @param layers        recurrent layers
 * @param bidirectional both directions, concatenated (else forward only)
 * @param convChannels  filters of the front end; 0 leaves it out
 * @param stride        the front end's frame subsampling (1 = none); 1 without a front end
 * @param dropout       between recurrent layers and before the dense layer
 */
public record SpeechConfig(String cell, int hidden, int layers, boolean bidirectional, int convChannels, int stride,
                           float dropout) {

    public SpeechConfig {
        cell = cell == null ? "" : cell.toLowerCase(Locale.ROOT);
        if (!cell.equals("lstm") && !cell.equals("gru")) {
            throw new IllegalArgumentException("cell must be lstm or gru, got '" + cell + "'");
        }
        if (hidden < 1 || layers < 1 || convChannels < 0) {
            throw new IllegalArgumentException("sizes must be >= 1 (front end >= 0), got hidden " + hidden + ", layers " + layers
                    + ", front end " + convChannels);
        }
        if (stride < 1 || stride > 8) {
            throw new IllegalArgumentException("the frame subsampling (stride) must be in 1..8, got " + stride);
        }
        if (stride > 1 && convChannels == 0) {
            throw new IllegalArgumentException("frame subsampling (stride " + stride + ") needs the conv front end (channels > 0)");
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
    }

    /** Whether the model can be stepped as audio arrives: one direction and no convolution over time. */
    public boolean streaming() {
        return !bidirectional && convChannels == 0;
    }

    /** Model frames of an utterance of {@code frames} feature frames. */
    public int modelFrames(int frames) {
        return convChannels == 0 ? frames : frontEnd().outputLength(frames);
    }

    private ConvAxis frontEnd() {
        return ConvAxis.of(3).withStride(stride).withPadding(1);
    }

    /** The graph over {@code featureWidth} values a frame and {@code outputs} symbols, blank included (not initialised). */
    public SequenceModel build(int featureWidth, int outputs) {
        SequenceModel m = SequenceModel.graph().input("features", featureWidth);
        String last = "features";
        int width = featureWidth;
        if (convChannels > 0) {
            m.add("conv", new Conv1d(featureWidth, convChannels, frontEnd(), true), last);
            m.add("conv_relu", new Activation(Activation.Kind.RELU), "conv");
            last = "conv_relu";
            width = convChannels;
        }
        RecurrentConfig rc = cell.equals("gru") ? RecurrentConfig.gru(width, hidden) : RecurrentConfig.lstm(width, hidden);
        rc = rc.layers(layers);
        if (bidirectional) {
            rc = rc.bidirectional(RecurrentConfig.Merge.CONCAT);
        }
        if (layers > 1 && dropout > 0) {
            rc = rc.dropout(dropout);
        }
        m.add("rnn", new RecurrentLayer(rc, RecurrentLayer.Output.SEQUENCE), last);
        last = "rnn";
        if (dropout > 0) {
            m.add("dropout", new Dropout(dropout), last);
            last = "dropout";
        }
        m.add("logits", new Dense(rc.outputSize(), outputs), last);
        return m.output("symbols", "logits");
    }

    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("cell", cell);
        o.addProperty("hidden", hidden);
        o.addProperty("layers", layers);
        o.addProperty("bidirectional", bidirectional);
        o.addProperty("conv_channels", convChannels);
        o.addProperty("stride", stride);
        o.addProperty("dropout", dropout);
        return o;
    }

    public static SpeechConfig fromJson(JsonElement json) {
        if (json == null || !json.isJsonObject()) {
            throw new IllegalArgumentException("the speech model's \"model\" must be a JSON object");
        }
        JsonObject o = json.getAsJsonObject();
        for (String key : new String[] {"cell", "hidden", "layers", "bidirectional", "conv_channels", "stride", "dropout"}) {
            if (!o.has(key)) {
                throw new IllegalArgumentException("the speech model's \"model\" lacks \"" + key + "\"");
            }
        }
        return new SpeechConfig(o.get("cell").getAsString(), o.get("hidden").getAsInt(), o.get("layers").getAsInt(),
                o.get("bidirectional").getAsBoolean(), o.get("conv_channels").getAsInt(), o.get("stride").getAsInt(),
                o.get("dropout").getAsFloat());
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s%s %d×%d%s", bidirectional ? "bi" : "", cell, layers, hidden,
                convChannels > 0 ? String.format(Locale.ROOT, " over a %d-filter conv front end (stride %d)", convChannels, stride) : "");
    }
}
