package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.data.image.ImageArchitecture;
import io.rnn4j.data.image.ImageBatches;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.ImageModelFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * One run of {@code rnn4j image train}: reads the images, holds out every twelfth training image
 * for validation, measures the normalisation on the rest, builds the chosen classifier, trains it
 * with the one {@link Trainer} (progress, metrics, checkpoints, Ctrl-C, exact resume), and writes
 * the model (the weights of the best validation loss), the metrics and the loss plot, with the
 * validation and, for MNIST, test accuracy.
 */
final class ImageTraining {

    private static final int EVAL_BATCH = 256;

    private final ImageTrainCommand o;

    /** The run's summary, set when it finishes: the model file's provenance, the status and the model's path. */
    private JsonObject summary;

    ImageTraining(ImageTrainCommand options) {
        this.o = options;
    }

    /** Trains (on from {@code loaded} when it is not null) and returns the summary {@code --json} prints. */
    JsonObject run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null) {
            throw new UsageException("--data DIR is required (or --resume CHECKPOINT)");
        }
        ImageArchitecture arch = ImageArchitecture.ofCliName(o.arch);
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        TrainingOutputs.checkFilesBesideFolder(o.data, o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        ImageData data = ImageData.read(o.data, System.out);
        ImageSet train = ImageData.part(data.train(), false);
        ImageSet validation = ImageData.part(data.train(), true);
        ImageClassifier classifier;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            SequenceModel model = arch.build(train.shape(), train.classes().size(), o.hidden).initialize(Init.PYTORCH, o.run.seed);
            classifier = new ImageClassifier(model, train.shape(), arch, Normalization.of(train), train.classes());
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data, data.digest());
            classifier = ImageClassifier.fromJson(loaded.model(), loaded.manifest().get("image"));
        }
        SequenceModel model = classifier.model();
        BatchSource trainBatches = ImageBatches.training(train, arch.view(), classifier.normalization(), o.run.batch, o.shift);
        List<Batch> validationBatches = ImageBatches.inOrder(validation, arch.view(), classifier.normalization(), EVAL_BATCH);
        int perEpoch = (train.size() + o.run.batch - 1) / o.run.batch;
        System.out.printf(Locale.ROOT, "rnn4j image train: %s on %,d images (%,d held out for validation), %,d updates per epoch;"
                        + " %,d parameters; %d thread(s), gemm %s%n", arch.cliName(), train.size(), validation.size(), perEpoch,
                model.parameters().size(), Parallel.threads(), Blas.backend().name());

        Objective objective = Objective.of(new SoftmaxCrossEntropy());
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        JsonObject extra = new JsonObject();
        extra.add("image", classifier.toJson());
        extra.addProperty("data_sha256", data.digest());
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, perEpoch, "img/s",
                metricsFile, checkpointFile, model, extra);
        Validation check = Validation.loss(objective, BatchSource.fixed(validationBatches), false, o.run.seed);
        ApplicationTraining.fit(setup, Bptt.full(model, objective, rule), trainBatches, check, loaded, loadedFrom,
                (r, metrics) -> finish(r, classifier, data, validation, metrics, checkpointFile, plotFile));
        return summary;
    }

    /** The share of {@code images} the classifier labels right, in percent. */
    static double accuracy(ImageClassifier c, ImageSet images) {
        int[] predicted = c.predict(images, EVAL_BATCH);
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == images.labels()[i]) {
                right++;
            }
        }
        return images.size() == 0 ? 0 : 100.0 * right / images.size();
    }

    private void finish(TrainingResult r, ImageClassifier classifier, ImageData data, ImageSet validation, MetricsLog metrics,
                        Path checkpointFile, Path plotFile) {
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        LossPlot.writeOrWarn(plotFile, metrics);
        double validationAccuracy = accuracy(classifier, validation);
        double testAccuracy = data.test() == null ? Double.NaN : accuracy(classifier, data.test());
        JsonObject extra = new JsonObject();
        JsonObject prov = TrainingOutputs.provenance(r, o.data, data.digest(), o.run.seed);
        prov.addProperty("validation_accuracy", validationAccuracy);
        if (!Double.isNaN(testAccuracy)) {
            prov.addProperty("test_accuracy", testAccuracy);
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", String.join(" ", ResumedTraining.arguments(o.spec)));
        extra.add("provenance", prov);
        summary = prov.deepCopy();
        summary.addProperty("status", r.interrupted() ? "interrupted" : "done");
        summary.addProperty("model", o.out.toString());
        try {
            CliFiles.noteRemovedFolder(o.out);
            ImageModelFile.save(o.out, classifier, extra);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "image train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; validation accuracy %.2f%%%s;"
                        + " saved %s (metrics %s, plot %s)%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d",
                        r.bestValidationLoss(), r.bestStep()), validationAccuracy,
                Double.isNaN(testAccuracy) ? "" : String.format(Locale.ROOT, ", test accuracy %.2f%% (%,d images)", testAccuracy,
                        data.test().size()), o.out, metricsFile.getFileName(), plotFile.getFileName());
        TrainingOutputs.refuseIfNothingTrained(r);
    }
}
