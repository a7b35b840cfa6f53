package io.rnn4j.cli;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.data.WordVocabulary;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.TextClassifierFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.text.ClassifiedTextReader;
import io.rnn4j.text.ClassifierConfig;
import io.rnn4j.text.ClassifierEvaluation;
import io.rnn4j.text.Folds;
import io.rnn4j.text.LabelledTexts;
import io.rnn4j.text.TextBatches;
import io.rnn4j.text.TextClassifier;
import io.rnn4j.text.WordVectors;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@code rnn4j classify train}: reads the labelled texts; with {@code --folds K} trains
 * K classifiers on stratified folds and reports the mean and standard deviation of their test
 * accuracy and macro F1; otherwise holds out {@code --test-share} (when set) for a test report,
 * holds out a stratified tenth of the rest for validation (the weights of the best validation loss
 * are kept), trains with the one trainer (progress, metrics, checkpoints, Ctrl-C, exact resume)
 * and writes the model. The vocabulary is built from the training texts only.
 */
final class ClassifyTraining {

    private final ClassifyTrainCommand o;

    ClassifyTraining(ClassifyTrainCommand options) {
        this.o = options;
    }

    void run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null) {
            throw new UsageException("--data PATH is required (or --resume CHECKPOINT)");
        }
        if (o.folds == 1) {
            throw new UsageException("--folds must be 0 (off) or at least 2, got 1");
        }
        if (o.folds > 0 && (loaded != null || o.testShare > 0)) {
            throw new IllegalArgumentException(loaded != null ? "--folds cannot be resumed: a cross-validation writes no checkpoints"
                    : "--folds and --test-share are two ways to test: give one");
        }
        if (o.freezeVectors && o.vectors == null) {
            throw new UsageException("--freeze-vectors needs --vectors FILE");
        }
        ApplicationTraining.reporting(o.json, () -> o.folds > 0 ? crossValidate() : trainOnce(loaded, loadedFrom));
    }

    private LabelledTexts read() {
        LabelledTexts data = ClassifiedTextReader.read(o.data);
        int[] counts = data.classCounts();
        StringBuilder s = new StringBuilder();
        for (int c = 0; c < counts.length; c++) {
            s.append(c == 0 ? "" : ", ").append(data.classes().get(c)).append(String.format(Locale.ROOT, " %,d", counts[c]));
        }
        System.out.printf(Locale.ROOT, "read %,d texts of %d classes from %s (%s)%n", data.size(), counts.length, o.data, s);
        return data;
    }

    /** SHA-256 over every example as "class TAB text LF", so a resumed run can check it reads the same data. */
    static String digest(LabelledTexts data) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < data.size(); i++) {
            s.append(data.classes().get(data.labels()[i])).append('\t').append(data.texts().get(i)).append('\n');
        }
        return TrainingOutputs.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    ClassifierConfig config() {
        int dim = o.embedding;
        return new ClassifierConfig(o.encoder, dim, o.hidden, o.layers, !o.unidirectional, o.encoder.equals("cnn") ? "max"
                : o.pooling, o.attentionSize, o.widths, o.filters, o.dropout, o.maxWords, o.ngrams,
                o.charNgrams);
    }

    /** A new classifier over the training texts' vocabulary, initialised, with --vectors copied in. */
    private TextClassifier fresh(LabelledTexts train, WordVectors vectors) {
        ClassifierConfig config = config();
        if (vectors != null && vectors.dim() != config.embedding()) {
            config = config.withEmbedding(vectors.dim());
        }
        TextClassifier c = TextClassifier.create(config, train.texts(), train.classes(), o.minCount, o.maxVocab);
        c.model().initialize(Init.PYTORCH, o.run.seed);
        if (vectors != null) {
            Parameter table = c.model().parameters().get("embed.weight");
            int found = vectors.copyInto(c.vocabulary(), table);
            table.trainable(!o.freezeVectors);
            System.out.println(vectorCoverage(vectors, c.vocabulary(), found));
        }
        return c;
    }

    /** How many vocabulary words the vectors file covers, and what happens to the others. */
    private String vectorCoverage(WordVectors vectors, WordVocabulary vocabulary, int found) {
        int words = vocabulary.size() - 1;
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "word vectors: %,d of %,d words found in %s (%s)", found,
                words, o.vectors, o.freezeVectors ? "frozen" : "fine-tuned"));
        if (found < words) {
            List<String> examples = new ArrayList<>();
            for (int id = 1; id < vocabulary.size() && examples.size() < 5; id++) {
                if (!vectors.has(vocabulary.decode(id))) {
                    examples.add(vocabulary.decode(id));
                }
            }
            line.append(String.format(Locale.ROOT, "; %,d missing from the file keep their random start (%s%s)", words - found,
                    String.join(", ", examples), words - found > examples.size() ? ", …" : ""));
        }
        return line.toString();
    }

    private SoftmaxCrossEntropy loss(LabelledTexts train) {
        return switch (o.classWeights) {
            case "none" -> new SoftmaxCrossEntropy();
            case "balanced" -> {
                int[] n = train.classCounts();
                float[] w = new float[n.length];
                for (int c = 0; c < n.length; c++) {
                    w[c] = (float) train.size() / (n.length * (float) n[c]);
                }
                yield SoftmaxCrossEntropy.weighted(w);
            }
            default -> throw new UsageException("--class-weights must be none or balanced, got '" + o.classWeights + "'");
        };
    }

    private int positiveClass(List<String> classes) {
        if (o.positive == null) {
            return classes.size() == 2 ? 1 : -1;
        }
        int p = classes.indexOf(o.positive);
        if (p < 0) {
            throw new UsageException("--positive " + o.positive + " is not one of the classes " + classes);
        }
        return p;
    }

    private JsonObject trainOnce(Checkpoint.Loaded loaded, Path loadedFrom) {
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        TrainingOutputs.checkFilesReading(Map.of("--data", o.data), o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        LabelledTexts all = read();
        String digest = digest(all);
        LabelledTexts test = null;
        LabelledTexts rest = all;
        if (o.testShare > 0) {
            Folds split = Folds.holdOut(all.labels(), all.classes().size(), o.testShare, o.run.seed);
            test = all.subset(split.test(0));
            rest = all.subset(split.train(0));
        }
        Folds held = Folds.holdOut(rest.labels(), rest.classes().size(), 0.1, o.run.seed + 1);
        LabelledTexts train = rest.subset(held.train(0));
        LabelledTexts validation = rest.subset(held.test(0));
        if (o.splitFile != null) {
            writeSplit(java.util.Map.of("train", train, "validation", validation), test);
        }
        WordVectors vectors = loaded == null && o.vectors != null ? WordVectors.read(o.vectors) : null;
        TextClassifier classifier;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            classifier = fresh(train, vectors);
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data, digest);
            classifier = TextClassifier.fromJson(loaded.model(), loaded.manifest().get("text_classifier"));
        }
        SequenceModel model = classifier.model();
        System.out.printf(Locale.ROOT, "rnn4j classify train: %s on %,d texts (%,d held out for validation%s), vocabulary %,d;"
                        + " %,d parameters; %d thread(s), gemm %s%n", describe(classifier.config()), train.size(), validation.size(),
                test == null ? "" : String.format(Locale.ROOT, ", %,d for test", test.size()), classifier.vocabulary().size(),
                model.parameters().size(), Parallel.threads(), Blas.backend().name());
        JsonObject extra = new JsonObject();
        extra.add("text_classifier", classifier.toJson());
        extra.addProperty("data_sha256", digest);
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        TrainingResult[] result = new TrainingResult[1];
        fit(classifier, train, validation, loaded, loadedFrom, metricsFile, checkpointFile, extra, (r, metrics) -> {
            result[0] = r;
            LossPlot.writeOrWarn(plotFile, metrics);
        });
        TrainingResult r = result[0];
        int positive = positiveClass(classifier.classes());
        ClassifierEvaluation onValidation = ClassifierEvaluation.of(classifier, validation, positive);
        ClassifierEvaluation onTest = test == null ? null : ClassifierEvaluation.of(classifier, test, positive);
        JsonObject prov = TrainingOutputs.provenance(r, o.data, digest, o.run.seed);
        prov.addProperty("validation_accuracy", 100 * onValidation.confusion().accuracy());
        if (onTest != null) {
            prov.addProperty("test_accuracy", 100 * onTest.confusion().accuracy());
            prov.addProperty("test_macro_f1", 100 * onTest.confusion().macroF1());
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", String.join(" ", ResumedTraining.arguments(o.spec)));
        JsonObject saved = new JsonObject();
        saved.add("provenance", prov);
        try {
            CliFiles.noteRemovedFolder(o.out);
            TextClassifierFile.save(o.out, classifier, saved);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "classify train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; validation accuracy %.2f%%; saved %s"
                        + " (metrics %s, plot %s)%n", r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d", r.bestValidationLoss(),
                        r.bestStep()), 100 * onValidation.confusion().accuracy(), o.out, metricsFile.getFileName(),
                plotFile.getFileName());
        JsonObject out = new JsonObject();
        out.addProperty("model", o.out.toString());
        out.addProperty("updates", r.steps());
        out.addProperty("seconds", r.seconds());
        out.addProperty("interrupted", r.interrupted());
        out.addProperty("validation_accuracy", 100 * onValidation.confusion().accuracy());
        if (onTest != null) {
            System.out.println("test (" + test.size() + " texts held out, --test-share " + o.testShare + "):");
            ClassifyReport.print(onTest, System.out);
            out.add("test", ClassifyReport.toJson(onTest, test.size()));
        }
        TrainingOutputs.refuseIfNothingTrained(r);
        return out;
    }

    private void fit(TextClassifier classifier, LabelledTexts train, LabelledTexts validation, Checkpoint.Loaded loaded,
                     Path loadedFrom, Path metricsFile, Path checkpointFile, JsonObject extra, ApplicationTraining.Finish finish) {
        if (validation.size() == 0 || train.size() == 0) {
            throw new IllegalArgumentException("--data " + o.data + ": too few texts (" + (train.size() + validation.size())
                    + " to train on) to hold out a tenth of each class for validation; give at least 5 per class");
        }
        SequenceModel model = classifier.model();
        List<int[]> trainIds = classifier.encodeAll(train.texts());
        BatchSource batches = TextBatches.training(trainIds, train.labels(), o.run.batch);
        int perEpoch = batches.epoch(0, o.run.seed).size();
        Objective objective = Objective.of(loss(train));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        Validation check = Validation.loss(objective, BatchSource.fixed(TextBatches.evaluation(
                classifier.encodeAll(validation.texts()), validation.labels(), 256)), false, o.run.seed);
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, perEpoch, "texts/s",
                metricsFile, checkpointFile, model, extra);
        ApplicationTraining.fit(setup, Bptt.full(model, objective, rule), batches, check, loaded, loadedFrom, finish);
    }

    private JsonObject crossValidate() {
        Path foldsDir = Path.of(o.out + ".folds");
        CliFiles.requireOutputFile("--out", o.out);
        LabelledTexts all = read();
        Folds folds = Folds.stratified(all.labels(), all.classes().size(), o.folds, o.run.seed);
        WordVectors vectors = o.vectors != null ? WordVectors.read(o.vectors) : null;
        try {
            Files.createDirectories(foldsDir);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot create " + foldsDir + ": " + CliFiles.describe(e));
        }
        if (o.splitFile != null) {
            java.util.Map<String, LabelledTexts> parts = new java.util.LinkedHashMap<>();
            for (int f = 0; f < o.folds; f++) {
                parts.put(Integer.toString(f + 1), all.subset(folds.test(f)));
            }
            writeSplit(parts, null);
        }
        double[] accuracy = new double[o.folds];
        double[] macroF1 = new double[o.folds];
        io.rnn4j.eval.ConfusionMatrix total = new io.rnn4j.eval.ConfusionMatrix(all.classes());
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "rnn4j classify train --folds %d: %s; %d thread(s), gemm %s%n", o.folds,
                describe(config()), Parallel.threads(), Blas.backend().name());
        for (int f = 0; f < o.folds; f++) {
            LabelledTexts rest = all.subset(folds.train(f));
            LabelledTexts test = all.subset(folds.test(f));
            Folds held = Folds.holdOut(rest.labels(), rest.classes().size(), 0.1, o.run.seed + 1 + f);
            LabelledTexts train = rest.subset(held.train(0));
            LabelledTexts validation = rest.subset(held.test(0));
            TextClassifier classifier = fresh(train, vectors);
            Path metrics = foldsDir.resolve(String.format(Locale.ROOT, "fold-%02d.metrics.jsonl", f + 1));
            Path ckpt = foldsDir.resolve(String.format(Locale.ROOT, "fold-%02d.ckpt", f + 1));
            JsonObject extra = new JsonObject();
            extra.add("text_classifier", classifier.toJson());
            extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
            TrainingResult[] r = new TrainingResult[1];
            fit(classifier, train, validation, null, null, metrics, ckpt, extra, (res, m) -> r[0] = res);
            TrainingOutputs.settleCheckpoint(r[0], ckpt, "classify train");
            if (r[0].interrupted()) {
                throw new RunFailedException("interrupted in fold " + (f + 1) + " of " + o.folds + "; a cross-validation cannot be"
                        + " resumed");
            }
            ClassifierEvaluation e = ClassifierEvaluation.of(classifier, test, positiveClass(all.classes()));
            accuracy[f] = 100 * e.confusion().accuracy();
            macroF1[f] = 100 * e.confusion().macroF1();
            total.addAll(e.confusion());
            System.out.printf(Locale.ROOT, "fold %d/%d: %,d test texts, accuracy %.2f%%, macro F1 %.2f (%d updates, %.0f s)%n",
                    f + 1, o.folds, test.size(), accuracy[f], macroF1[f], r[0].steps(), r[0].seconds());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d-fold cross-validation: accuracy %.2f ± %.2f %%, macro F1 %.2f ± %.2f (mean ± sample"
                        + " standard deviation over folds); %.0f s; per-fold metrics in %s%n", o.folds, mean(accuracy), std(accuracy),
                mean(macroF1), std(macroF1), seconds, foldsDir);
        JsonObject out = new JsonObject();
        out.addProperty("folds", o.folds);
        out.addProperty("examples", all.size());
        out.addProperty("mean_accuracy", mean(accuracy));
        out.addProperty("std_accuracy", std(accuracy));
        out.addProperty("mean_macro_f1", mean(macroF1));
        out.addProperty("std_macro_f1", std(macroF1));
        JsonArray perFold = new JsonArray();
        for (double a : accuracy) {
            perFold.add(a);
        }
        out.add("fold_accuracy", perFold);
        out.addProperty("pooled_accuracy", 100 * total.accuracy());
        out.addProperty("seconds", seconds);
        out.addProperty("config", describe(config()));
        return out;
    }

    /** origin TAB part, for every example of every part (and of {@code test}, as "test", when not null). */
    private void writeSplit(java.util.Map<String, LabelledTexts> parts, LabelledTexts test) {
        CliFiles.requireOutputFile("--split-file", o.splitFile);
        StringBuilder s = new StringBuilder();
        java.util.Map<String, LabelledTexts> all = new java.util.LinkedHashMap<>(parts);
        if (test != null) {
            all.put("test", test);
        }
        for (java.util.Map.Entry<String, LabelledTexts> e : all.entrySet()) {
            for (String origin : e.getValue().origins()) {
                s.append(origin).append('\t').append(e.getKey()).append('\n');
            }
        }
        try {
            Files.writeString(o.splitFile, s, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write --split-file " + o.splitFile + ": " + CliFiles.describe(e));
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    /** Sample standard deviation (n − 1). */
    static double std(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double x : v) {
            s += (x - m) * (x - m);
        }
        return v.length < 2 ? 0 : Math.sqrt(s / (v.length - 1));
    }

    static String describe(ClassifierConfig c) {
        return switch (c.encoder()) {
            case "cnn" -> String.format(Locale.ROOT, "cnn (widths %s, %d filters each) over %d-wide embeddings", c.widths(),
                    c.filters(), c.embedding());
            case "bag" -> String.format(Locale.ROOT, "bag of words%s%s in %d-wide embeddings, %s-pooled", c.ngrams() > 1
                    ? (c.ngrams() == 2 ? ", word pairs" : ", word pairs and triples") : "", c.charNgrams() > 0 ? ", " + c.charNgrams()
                    + "-character pieces" : "", c.embedding(), c.pooling());
            default -> String.format(Locale.ROOT, "%s%s %d×%d over %d-wide embeddings, %s pooling", c.bidirectional() ? "bi" : "",
                    c.encoder(), c.layers(), c.hidden(), c.embedding(), c.pooling());
        } + (c.dropout() > 0 ? String.format(Locale.ROOT, ", dropout %.2f", c.dropout()) : "");
    }
}
