package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.eval.ChunkF1;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.TaggerFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.text.TaggedSentences;
import io.rnn4j.text.Tagger;
import io.rnn4j.text.TaggerBatches;
import io.rnn4j.text.TaggerConfig;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@code rnn4j tag train}: reads the sentences, holds out every {@code --test-every}-th
 * for test when asked, holds out every 20th of the rest for validation (the weights of the best
 * validation loss are kept), trains with the one trainer (progress, metrics, checkpoints, Ctrl-C,
 * exact resume), writes the model and reports token accuracy and, for chunk tags, conlleval's
 * span F1 on the test sentences.
 */
final class TagTraining {

    private final TagTrainCommand o;

    TagTraining(TagTrainCommand options) {
        this.o = options;
    }

    void run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null || o.data.isEmpty()) {
            throw new UsageException("--data PATH is required (or --resume CHECKPOINT)");
        }
        if (o.test != null && o.testEvery > 0) {
            throw new UsageException("--test and --test-every are two ways to test: give one");
        }
        if (o.testEvery == 1) {
            throw new UsageException("--test-every must be 0 (off) or at least 2, got 1");
        }
        ApplicationTraining.reporting(o.json, () -> train(loaded, loadedFrom));
    }

    static void warnUnknownTags(Tagger tagger, TaggedSentences data) {
        String unknown = tagger.unknownTags(data);
        if (unknown != null) {
            System.err.println("rnn4j: warning: " + unknown);
        }
    }

    /** SHA-256 over every sentence as "word TAB tag" lines with a blank line after each. */
    static String digest(TaggedSentences data) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            for (int t = 0; t < data.words().get(i).size(); t++) {
                s.append(data.words().get(i).get(t)).append('\t').append(data.tags().get(i).get(t)).append('\n');
            }
            s.append('\n');
        }
        return TrainingOutputs.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    TaggerConfig config() {
        return new TaggerConfig(o.cell, o.embedding, o.hidden, o.layers, !o.noChars, o.charDim, o.charFilters, 3, o.charWidth,
                !o.noCrf, o.dropout, !o.noFeatures, o.featureDim);
    }

    private JsonObject train(Checkpoint.Loaded loaded, Path loadedFrom) {
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        Map<String, Path> inputs = new LinkedHashMap<>();
        for (int i = 0; i < o.data.size(); i++) {
            inputs.put(i == 0 ? "--data" : "--data (" + (i + 1) + ")", o.data.get(i));
        }
        if (o.test != null) {
            inputs.put("--test", o.test);
        }
        TrainingOutputs.checkFilesReading(inputs, o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        TaggedSentences all = TagData.read(o.data, o.format, o.tagMap);
        String digest = digest(all);
        TaggedSentences test = null;
        TaggedSentences rest = all;
        if (o.testEvery > 0) {
            TaggedSentences[] parts = all.everyNth(o.testEvery);
            rest = parts[0];
            test = parts[1];
        } else if (o.test != null) {
            test = TagData.read(List.of(o.test), o.format, o.tagMap);
        }
        TaggedSentences[] split = rest.everyNth(20);
        TaggedSentences train = split[0];
        TaggedSentences validation = split[1];
        if (validation.size() == 0) {
            throw new IllegalArgumentException("--data " + o.data + ": " + rest.size() + " training sentences are too few to hold out"
                    + " every 20th for validation; give at least 20");
        }
        System.out.printf(Locale.ROOT, "read %,d sentences (%,d words, %d tags) from %s%n", all.size(), all.tokens(),
                all.tagSet().size(), o.data);
        Tagger tagger;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            tagger = Tagger.create(config(), train, o.minCount, o.maxVocab);
            tagger.model().initialize(Init.PYTORCH, o.run.seed);
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data.get(0), digest);
            tagger = Tagger.fromJson(loaded.model(), loaded.manifest().get("tagger"));
        }
        if (test != null) {
            tagger.checkFeatures(test);
        }
        warnUnknownTags(tagger, validation);
        if (test != null) {
            warnUnknownTags(tagger, test);
        }
        SequenceModel model = tagger.model();
        TaggerConfig c = tagger.config();
        System.out.printf(Locale.ROOT, "rnn4j tag train: bi%s %d×%d over %d-wide word vectors%s%s on %,d sentences (%,d held out for"
                        + " validation%s); %,d words, %,d characters, %d tags; %,d parameters; %d thread(s), gemm %s%n",
                c.cell(), c.layers(), c.hidden(), c.embedding(), (c.chars() ? String.format(Locale.ROOT,
                        " + %d-filter char CNN", c.charFilters()) : "") + (tagger.features().isEmpty() ? ""
                        : String.format(Locale.ROOT, " + %d feature column(s)", tagger.features().size())), c.crf() ? ", CRF" : ", softmax", train.size(),
                validation.size(), test == null ? "" : String.format(Locale.ROOT, ", %,d for test", test.size()),
                tagger.words().size(), tagger.chars().size(), tagger.tags().size(), model.parameters().size(), Parallel.threads(),
                Blas.backend().name());
        JsonObject extra = new JsonObject();
        extra.add("tagger", tagger.toJson());
        extra.addProperty("data_sha256", digest);
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        BatchSource batches = TaggerBatches.training(tagger, train, o.run.batch);
        int perEpoch = batches.epoch(0, o.run.seed).size();
        Objective objective = Objective.of(new Objective.Term("tags", tagger.loss(), 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        Validation check = Validation.loss(objective, BatchSource.fixed(TaggerBatches.evaluation(tagger,
                tagger.withKnownTags(validation), 128)), false,
                o.run.seed);
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, perEpoch, "words/s",
                metricsFile, checkpointFile, model, extra);
        TrainingResult[] result = new TrainingResult[1];
        ApplicationTraining.fit(setup, Bptt.full(model, objective, rule), batches, check, loaded, loadedFrom, (r, metrics) -> {
            result[0] = r;
            LossPlot.writeOrWarn(plotFile, metrics);
        });
        TrainingResult r = result[0];
        ChunkF1.Result onValidation = tagger.evaluate(validation);
        ChunkF1.Result onTest = test == null ? null : tagger.evaluate(test);
        boolean chunks = TagReport.hasChunks(tagger.tags());
        JsonObject prov = TrainingOutputs.provenance(r, o.data.get(0), digest, o.run.seed);
        prov.addProperty("validation_token_accuracy", 100 * onValidation.tokenAccuracy());
        if (onTest != null) {
            prov.addProperty("test_token_accuracy", 100 * onTest.tokenAccuracy());
            if (chunks) {
                prov.addProperty("test_span_f1", 100 * onTest.f1());
            }
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", String.join(" ", ResumedTraining.arguments(o.spec)));
        JsonObject saved = new JsonObject();
        saved.add("provenance", prov);
        try {
            CliFiles.noteRemovedFolder(o.out);
            TaggerFile.save(o.out, tagger, saved);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "tag train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; validation token accuracy %.2f%%%s;"
                        + " saved %s (metrics %s, plot %s)%n", r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d", r.bestValidationLoss(),
                        r.bestStep()), 100 * onValidation.tokenAccuracy(),
                chunks ? String.format(Locale.ROOT, ", span F1 %.2f", 100 * onValidation.f1()) : "", o.out,
                metricsFile.getFileName(), plotFile.getFileName());
        JsonObject out = new JsonObject();
        out.addProperty("model", o.out.toString());
        out.addProperty("updates", r.steps());
        out.addProperty("seconds", r.seconds());
        out.addProperty("interrupted", r.interrupted());
        out.addProperty("validation_token_accuracy", 100 * onValidation.tokenAccuracy());
        if (onTest != null) {
            System.out.println("test (" + test.size() + " sentences):");
            TagReport.print(onTest, chunks, System.out);
            out.add("test", TagReport.toJson(onTest, chunks, test.size()));
        }
        TrainingOutputs.refuseIfNothingTrained(r);
        return out;
    }
}
