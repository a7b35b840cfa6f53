package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.caption.CaptionBatches;
import io.rnn4j.caption.CaptionModel;
import io.rnn4j.caption.CaptionSet;
import io.rnn4j.caption.CaptionVocabulary;
import io.rnn4j.caption.Captioner;
import io.rnn4j.data.image.Normalization;
import io.rnn4j.io.CaptionModelFile;
import io.rnn4j.io.Checkpoint;
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
 * One run of {@code rnn4j caption train}: reads the captioned set, holds out every twelfth
 * training picture, builds the chosen captioner (vocabulary and normalisation from the training
 * part), trains it with the one {@link Trainer} (progress, metrics, checkpoints, Ctrl-C, exact
 * resume), and writes the model (the weights of the best validation loss) with its greedy exact
 * match and BLEU-4 on the held-out and test pictures.
 */
final class CaptionTraining {

    private static final int EVAL_BATCH = 256;

    private final CaptionTrainCommand o;

    /** The run's summary, set when it finishes: the model file's provenance, the status and the model's path. */
    private JsonObject summary;

    CaptionTraining(CaptionTrainCommand options) {
        this.o = options;
    }

    /** Trains (on from {@code loaded} when it is not null) and returns the summary {@code --json} prints. */
    JsonObject run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null) {
            throw new UsageException("--data DIR is required (or --resume CHECKPOINT)");
        }
        CaptionModel.Kind kind = CaptionModel.Kind.ofCliName(o.kind);
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        TrainingOutputs.checkFilesBesideFolder(o.data, o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        CaptionData data = CaptionData.read(o.data, System.out);
        CaptionSet train = CaptionData.part(data.train(), false);
        CaptionSet validation = CaptionData.part(data.train(), true);
        CaptionModel captioner;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            captioner = new CaptionModel(kind, train.images().shape(), CaptionVocabulary.of(train.captions()),
                    Normalization.of(train.images()), o.hidden);
            captioner.model().initialize(Init.PYTORCH, o.run.seed);
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data, data.digest());
            captioner = CaptionModel.fromJson(loaded.model(), loaded.manifest().get("caption"));
        }
        SequenceModel model = captioner.model();
        BatchSource trainBatches = CaptionBatches.training(captioner, train, o.run.batch);
        List<Batch> validationBatches = CaptionBatches.inOrder(captioner, validation, EVAL_BATCH);
        int perEpoch = (train.size() + o.run.batch - 1) / o.run.batch;
        System.out.printf(Locale.ROOT, "rnn4j caption train: %s on %,d pictures (%,d held out for validation), %,d updates per"
                        + " epoch; vocabulary %d words, %,d parameters; %d thread(s), gemm %s%n",
                kind == CaptionModel.Kind.SHOW_ATTEND_TELL ? "show-attend-tell" : "show-and-tell", train.size(), validation.size(),
                perEpoch, captioner.vocabulary().size(), model.parameters().size(), Parallel.threads(), Blas.backend().name());

        Objective objective = Objective.of(new Objective.Term("logits", new SoftmaxCrossEntropy(), 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        JsonObject extra = new JsonObject();
        extra.add("caption", captioner.toJson());
        extra.addProperty("data_sha256", data.digest());
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, perEpoch, "words/s",
                metricsFile, checkpointFile, model, extra);
        Validation check = Validation.loss(objective, BatchSource.fixed(validationBatches), false, o.run.seed);
        ApplicationTraining.fit(setup, Bptt.full(model, objective, rule), trainBatches, check, loaded, loadedFrom,
                (r, metrics) -> finish(r, captioner, data, validation, metrics, checkpointFile, plotFile));
        return summary;
    }

    /** Greedy captions of {@code set}'s pictures scored against its captions. */
    static Captioner.Scores score(CaptionModel model, CaptionSet set, int beam) {
        List<String> written = new Captioner(model).caption(set.images(), beam).stream().map(Captioner.Caption::text).toList();
        return Captioner.score(written, set.captions());
    }

    private void finish(TrainingResult r, CaptionModel captioner, CaptionData data, CaptionSet validation, MetricsLog metrics,
                        Path checkpointFile, Path plotFile) {
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        LossPlot.writeOrWarn(plotFile, metrics);
        Captioner.Scores val = score(captioner, validation, 1);
        Captioner.Scores test = data.test() == null ? null : score(captioner, data.test(), 1);
        JsonObject extra = new JsonObject();
        JsonObject prov = TrainingOutputs.provenance(r, o.data, data.digest(), o.run.seed);
        prov.addProperty("validation_exact_match", val.exactMatch());
        prov.addProperty("validation_bleu", val.bleu());
        if (test != null) {
            prov.addProperty("test_exact_match", test.exactMatch());
            prov.addProperty("test_bleu", test.bleu());
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", String.join(" ", ResumedTraining.arguments(o.spec)));
        extra.add("provenance", prov);
        summary = prov.deepCopy();
        summary.addProperty("status", r.interrupted() ? "interrupted" : "done");
        summary.addProperty("model", o.out.toString());
        try {
            CliFiles.noteRemovedFolder(o.out);
            CaptionModelFile.save(o.out, captioner, extra);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "caption train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; validation exact match %.2f%%,"
                        + " BLEU %.2f%s; saved %s (metrics %s, plot %s)%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d",
                        r.bestValidationLoss(), r.bestStep()), val.exactMatch(), val.bleu(),
                test == null ? "" : String.format(Locale.ROOT, "; test exact match %.2f%%, BLEU %.2f (%,d pictures, greedy)",
                        test.exactMatch(), test.bleu(), test.pictures()), o.out, metricsFile.getFileName(), plotFile.getFileName());
        TrainingOutputs.refuseIfNothingTrained(r);
    }
}
