package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.io.VideoModelFile;
import io.rnn4j.video.Video;
import io.rnn4j.video.VideoConfig;
import io.rnn4j.video.VideoMetrics;
import io.rnn4j.video.VideoPredictor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code rnn4j video eval}: per-frame errors of a video predictor and of copying the last frame; frame strips. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Score a video predictor on .npy videos: per-frame squared error and binary cross-entropy (summed over"
                + " each frame's pixels, averaged over frames), per predicted step, and the same for copying the last input"
                + " frame. --strip draws one video's input, true and predicted frames.")
final class VideoEvalCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", required = true, description = "Model file written by video train.")
    Path model;

    @Option(names = "--data", required = true, paramLabel = "FILE.npy", description = "Videos to score.")
    Path data;

    @Option(names = "--sequences", converter = Ranges.Positive.class, description = "Score the first N videos only (default: all).")
    Integer sequences;

    @Option(names = "--strip", paramLabel = "FILE.png", description = "Draw one video's input frames, true next frames,"
            + " predicted ones and the last frame copied.")
    Path strip;

    @Option(names = "--video", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "The video --strip draws, counted from 0 (default: ${DEFAULT-VALUE}).")
    int video;

    @Option(names = "--json", description = "Print {\"mse\", \"bce\", \"mse_per_step\", \"copy_last_mse\", ...} as one JSON object.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        CliFiles.requireInputFile("--model", model);
        VideoPredictor p = VideoModelFile.load(model);
        Video v = VideoTraining.read("--data", data);
        int count = sequences == null ? v.count() : Math.min(sequences, v.count());
        if (strip != null && video >= v.count()) {
            throw new UsageException("--video " + video + " is past the file's " + v.count() + " videos");
        }
        long t0 = System.nanoTime();
        VideoTraining.Scores s = VideoTraining.score(p, v, count);
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (strip != null) {
            drawStrip(p, v);
        }
        JsonObject out = s.toJson();
        out.addProperty("input_frames", p.config().inputFrames());
        out.addProperty("output_frames", p.config().outputFrames());
        out.addProperty("seconds", seconds);
        if (json) {
            System.out.println(ClassifyReport.GSON.toJson(out));
        } else {
            System.out.println(s.line(data.getFileName().toString()));
            StringBuilder steps = new StringBuilder("per-frame MSE by step:");
            for (double m : s.model().msePerStep()) {
                steps.append(String.format(Locale.ROOT, " %.1f", m));
            }
            System.out.println(steps);
        }
    }

    private void drawStrip(VideoPredictor p, Video v) {
        VideoConfig c = p.config();
        int area = v.area();
        int[] one = {video};
        float[] predicted = p.predict(v, one);
        float[] copied = VideoMetrics.copyLastFrame(v, one, c.inputFrames(), c.outputFrames());
        List<float[]> input = new ArrayList<>();
        List<float[]> truth = new ArrayList<>();
        List<float[]> prediction = new ArrayList<>();
        List<float[]> copy = new ArrayList<>();
        for (int f = 0; f < c.inputFrames(); f++) {
            input.add(v.frame(f, video));
        }
        for (int k = 0; k < c.outputFrames(); k++) {
            truth.add(v.frame(c.inputFrames() + k, video));
            prediction.add(java.util.Arrays.copyOfRange(predicted, k * area, (k + 1) * area));
            copy.add(java.util.Arrays.copyOfRange(copied, k * area, (k + 1) * area));
        }
        try {
            FrameStrip.write(strip, String.format(Locale.ROOT, "%s, video %d: %s", data.getFileName(), video, p.describe()),
                    v.height(), v.width(), List.of(new FrameStrip.Row("input", input), new FrameStrip.Row("truth", truth),
                            new FrameStrip.Row(c.kind().label(), prediction), new FrameStrip.Row("copy last", copy)));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --strip " + strip + ": " + CliFiles.describe(e));
        }
    }
}
