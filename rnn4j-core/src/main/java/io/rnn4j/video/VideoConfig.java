package io.rnn4j.video;

import com.google.gson.JsonObject;

import java.util.Locale;

/**
 * The shape of a video predictor ({@link VideoPredictor}): its kind, the frames it reads and
 * predicts, the frame size, and the network's size.
 *
 * @param kind         {@link Kind#CONVLSTM} or {@link Kind#FC_LSTM}
 * @param inputFrames  T, the frames read
 * @param outputFrames K, the frames predicted after them
 * @param patch        p: each p × p block of pixels becomes p² channels of one position, so a
 *                     64 × 64 frame with p = 4 is a 16 × 16 map of 16 channels (Shi et al.'s
 *                     patches); the fully connected kind reads the same values as one vector
 * @param hidden       D, state channels per ConvLSTM layer, or units per LSTM layer
 * @param layers       L, layers on each side
 * @param kernel       k, the ConvLSTM's odd kernel side (ignored by the fully connected kind)
 */
public record VideoConfig(Kind kind, int inputFrames, int outputFrames, int height, int width, int patch, int hidden,
                          int layers, int kernel) {

    public enum Kind {
        /** The encoding–forecasting ConvLSTM network (Shi et al. 2015). */
        CONVLSTM,
        /** A fully connected LSTM encoder–decoder over flattened frames (Srivastava et al. 2015's FC-LSTM). */
        FC_LSTM;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static Kind parse(String s) {
            for (Kind k : values()) {
                if (k.label().equals(s)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("--model takes convlstm or fc-lstm, not '" + s + "'");
        }
    }

    public VideoConfig {
        if (inputFrames < 1 || outputFrames < 1) {
            throw new IllegalArgumentException("a video predictor reads and predicts >= 1 frame, got " + inputFrames + " and "
                    + outputFrames);
        }
        if (patch < 1 || height % patch != 0 || width % patch != 0) {
            throw new IllegalArgumentException("--patch " + patch + " must divide the frames' " + height + " x " + width
                    + " pixels");
        }
        if (hidden < 1 || layers < 1) {
            throw new IllegalArgumentException("need >= 1 hidden unit and layer, got " + hidden + " and " + layers);
        }
        if (kind == Kind.CONVLSTM && (kernel < 1 || kernel % 2 == 0)) {
            throw new IllegalArgumentException("--kernel must be odd, got " + kernel);
        }
    }

    /** Values per frame, H·W. */
    public int frameSize() {
        return height * width;
    }

    public JsonObject toJson() {
        JsonObject j = new JsonObject();
        j.addProperty("kind", kind.label());
        j.addProperty("input_frames", inputFrames);
        j.addProperty("output_frames", outputFrames);
        j.addProperty("height", height);
        j.addProperty("width", width);
        j.addProperty("patch", patch);
        j.addProperty("hidden", hidden);
        j.addProperty("layers", layers);
        j.addProperty("kernel", kernel);
        return j;
    }

    public static VideoConfig fromJson(JsonObject j) {
        return new VideoConfig(Kind.parse(j.get("kind").getAsString()), j.get("input_frames").getAsInt(),
                j.get("output_frames").getAsInt(), j.get("height").getAsInt(), j.get("width").getAsInt(), j.get("patch").getAsInt(),
                j.get("hidden").getAsInt(), j.get("layers").getAsInt(), j.get("kernel").getAsInt());
    }
}
