package io.rnn4j.spark;

import io.rnn4j.io.VideoModelFile;
import io.rnn4j.video.Video;
import io.rnn4j.video.VideoConfig;
import io.rnn4j.video.VideoPredictor;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A video predictor ({@code rnn4j video train}) on clips: each row's {@code binary} of the T input
 * frames, grey bytes frame after frame and row after row (T·H·W bytes, 0 black to 255 white, as
 * in a Moving MNIST {@code .npy}), gives {@code frames}, the K predicted frames in the same layout,
 * each pixel the predicted probability of white times 255, rounded. Clips are predicted B at a time.
 */
final class VideoScoring extends BinaryScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "video-predictor";

    @Override
    String reads() {
        return "a video predictor reads each clip's input frames as binary, T·H·W grey bytes frame after frame";
    }

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "frames", DataTypes.BinaryType, true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        VideoPredictor predictor = Executors.model(source, KIND, VideoModelFile::load);
        VideoConfig c = predictor.config();
        int area = c.height() * c.width();
        int expected = c.inputFrames() * area;
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            byte[] clip = (byte[]) inputs.get(i);
            if (clip.length != expected) {
                out[i] = RowOutcome.refused("the clip has " + clip.length + " bytes; the model reads " + c.inputFrames() + " frames of "
                        + c.height() + " x " + c.width() + " = " + expected + " bytes");
            } else {
                pending.add(i);
            }
        }
        int frames = c.inputFrames() + c.outputFrames();
        for (int from = 0; from < pending.size(); from += batch) {
            int n = Math.min(batch, pending.size() - from);
            // (frames, n, H, W); the K frames after the input are never read by predict, left black
            byte[] pixels = new byte[frames * n * area];
            int[] sequences = new int[n];
            for (int s = 0; s < n; s++) {
                sequences[s] = s;
                byte[] clip = (byte[]) inputs.get(pending.get(from + s));
                for (int f = 0; f < c.inputFrames(); f++) {
                    System.arraycopy(clip, f * area, pixels, (f * n + s) * area, area);
                }
            }
            float[] p = predictor.predict(new Video(frames, n, c.height(), c.width(), pixels), sequences);
            for (int s = 0; s < n; s++) {
                byte[] predicted = new byte[c.outputFrames() * area];
                for (int k = 0; k < c.outputFrames(); k++) {
                    for (int a = 0; a < area; a++) {
                        predicted[k * area + a] = (byte) Math.round(p[(k * n + s) * area + a] * 255f);
                    }
                }
                out[pending.get(from + s)] = RowOutcome.of((Object) predicted);
            }
        }
        return Arrays.asList(out);
    }
}
