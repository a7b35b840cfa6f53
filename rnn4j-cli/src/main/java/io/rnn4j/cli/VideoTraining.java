package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.VideoModelFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.IndexBatches;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;
import io.rnn4j.video.Video;
import io.rnn4j.video.VideoConfig;
import io.rnn4j.video.VideoMetrics;
import io.rnn4j.video.VideoNpy;
import io.rnn4j.video.VideoPredictor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * One run of {@code rnn4j video train}: reads the videos, builds the predictor, trains it with the
 * one trainer (progress, metrics, checkpoints, Ctrl-C, exact resume; the weights of the best
 * validation loss kept), scores the validation videos against copying the last frame and writes
 * the model.
 */
final class VideoTraining {

    static final int EVAL_BATCH = 16;

    private final VideoTrainCommand o;

    VideoTraining(VideoTrainCommand options) {
        this.o = options;
    }

    void run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        ApplicationTraining.reporting(o.json, () -> train(loaded, loadedFrom));
    }

    /** The videos of a .npy file, or one line naming the option, the file and the problem. */
    static Video read(String option, Path file) {
        CliFiles.requireInputFile(option, file);
        try {
            return VideoNpy.read(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }

    /** Videos and the SHA-256 of their file (for resuming on the same data), in one pass over it. */
    private record Hashed(Video video, String sha256) {
    }

    private static Hashed readHashed(String option, Path file) {
        CliFiles.requireInputFile(option, file);
        try (DigestInputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            Video v = VideoNpy.read(in, file.getFileName().toString());
            in.transferTo(java.io.OutputStream.nullOutputStream()); // bytes after the pixels count too
            return new Hashed(v, HexFormat.of().formatHex(in.getMessageDigest().digest()));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + option + " " + file + ": " + e.getMessage());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private JsonObject train(Checkpoint.Loaded loaded, Path loadedFrom) {
        if (o.data == null) {
            throw new UsageException("--data FILE.npy is required (or --resume CHECKPOINT)");
        }
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        Map<String, Path> inputs = o.validation == null ? Map.of("--data", o.data) : Map.of("--data", o.data, "--validation",
                o.validation);
        TrainingOutputs.checkFilesReading(inputs, o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        Hashed data = readHashed("--data", o.data);
        Video all = data.video();
        String digest = data.sha256();
        Video train;
        Video held;
        if (o.validation != null) {
            train = all;
            held = read("--validation", o.validation);
        } else {
            int keep = all.count() - Math.max(1, all.count() / 10);
            if (keep < 1) {
                throw new IllegalArgumentException("--data " + o.data + " holds " + all.count() + " sequence(s); give more, or"
                        + " --validation FILE");
            }
            train = all.slice(0, keep);
            held = all.slice(keep, all.count());
        }
        VideoPredictor predictor;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            VideoConfig.Kind kind = VideoConfig.Kind.parse(o.model);
            int hidden = o.hidden != null ? o.hidden : kind == VideoConfig.Kind.CONVLSTM ? 32 : 1024;
            predictor = VideoPredictor.create(new VideoConfig(kind, o.inputFrames, o.outputFrames, all.height(), all.width(),
                    o.patch, hidden, o.layers, o.kernel), o.run.seed);
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data, digest);
            predictor = VideoPredictor.fromJson(loaded.model(), loaded.manifest().getAsJsonObject("video"));
        }
        VideoPredictor p = predictor;
        // checks the frames against the model before the first update, with one clear line
        p.batch(train, new int[] {0});
        p.batch(held, new int[] {0});
        System.out.printf(Locale.ROOT, "%s: %,d videos of %d frames of %d x %d; training on %,d, validating on %,d%n",
                o.data.getFileName(), all.count(), all.frames(), all.height(), all.width(), train.count(), held.count());
        SequenceModel model = predictor.model();
        BatchSource trainBatches = IndexBatches.shuffled(IntStream.range(0, train.count()).toArray(), o.run.batch,
                o.data.getFileName() + " holds " + train.count() + " training videos", seqs -> p.batch(train, seqs));
        int perEpoch = train.count() / o.run.batch;
        System.out.printf(Locale.ROOT, "rnn4j video train: %s, %,d updates per epoch; %,d parameters; %d thread(s), gemm %s%n",
                predictor.describe(), perEpoch, model.parameters().size(), Parallel.threads(), Blas.backend().name());
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        JsonObject extra = new JsonObject();
        extra.add("video", predictor.toJson());
        extra.addProperty("data_sha256", digest);
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, perEpoch,
                "frame/s", metricsFile, checkpointFile, model, extra, o.patience);
        int[] heldIndex = IntStream.range(0, held.count()).toArray();
        Validation check = Validation.loss(VideoPredictor.objective(),
                (epoch, seed) -> IndexBatches.inOrder(heldIndex, EVAL_BATCH, seqs -> p.batch(held, seqs)), false, o.run.seed);
        JsonObject[] result = new JsonObject[1];
        ApplicationTraining.fit(setup, Bptt.full(model, VideoPredictor.objective(), rule), trainBatches, check, loaded, loadedFrom,
                (r, metrics) -> result[0] = finish(r, p, held, digest, checkpointFile, plotFile, metrics));
        return result[0];
    }

    private JsonObject finish(TrainingResult r, VideoPredictor predictor, Video held, String digest, Path checkpointFile,
                              Path plotFile, MetricsLog metrics) {
        LossPlot.writeOrWarn(plotFile, metrics);
        Scores s = score(predictor, held, held.count());
        JsonObject out = s.toJson();
        out.addProperty("updates", r.steps());
        out.addProperty("seconds", r.seconds());
        if (!Double.isNaN(r.bestValidationLoss())) {
            out.addProperty("validation_loss", r.bestValidationLoss());
        }
        JsonObject extra = new JsonObject();
        JsonObject prov = TrainingOutputs.provenance(r, o.data, digest, o.run.seed);
        prov.addProperty("validation_mse_per_frame", s.model().mse());
        prov.addProperty("validation_bce_per_frame", s.model().bce());
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", "video " + String.join(" ", ResumedTraining.arguments(o.spec)));
        extra.add("provenance", prov);
        try {
            CliFiles.noteRemovedFolder(o.out);
            VideoModelFile.save(o.out, predictor, extra);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "video train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; %s; saved %s%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d",
                        r.bestValidationLoss(), r.bestStep()), s.line("validation"), o.out);
        TrainingOutputs.refuseIfNothingTrained(r);
        return out;
    }

    /** The predictor's and the copy-last-frame baseline's errors on the first {@code count} videos. */
    record Scores(VideoMetrics model, VideoMetrics copyLast, int sequences) {

        String line(String part) {
            return String.format(Locale.ROOT, "%s per-frame MSE %.1f, BCE %.1f (copying the last frame: MSE %.1f, BCE %.1f)"
                    + " over %,d videos", part, model.mse(), model.bce(), copyLast.mse(), copyLast.bce(), sequences);
        }

        JsonObject toJson() {
            JsonObject j = new JsonObject();
            j.addProperty("mse", model.mse());
            j.addProperty("bce", model.bce());
            JsonArray steps = new JsonArray();
            for (double m : model.msePerStep()) {
                steps.add(m);
            }
            j.add("mse_per_step", steps);
            j.addProperty("copy_last_mse", copyLast.mse());
            j.addProperty("copy_last_bce", copyLast.bce());
            j.addProperty("sequences", sequences);
            return j;
        }
    }

    static Scores score(VideoPredictor p, Video v, int count) {
        int in = p.config().inputFrames();
        int k = p.config().outputFrames();
        VideoMetrics model = new VideoMetrics(k);
        VideoMetrics copy = new VideoMetrics(k);
        for (int from = 0; from < count; from += EVAL_BATCH) {
            int[] seqs = IntStream.range(from, Math.min(count, from + EVAL_BATCH)).toArray();
            model.add(p.predict(v, seqs), v, seqs, in);
            copy.add(VideoMetrics.copyLastFrame(v, seqs, in, k), v, seqs, in);
        }
        return new Scores(model, copy, count);
    }
}
