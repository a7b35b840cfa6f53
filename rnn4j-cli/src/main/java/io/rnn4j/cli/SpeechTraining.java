package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.SpeechModelFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.speech.Alphabet;
import io.rnn4j.speech.CtcObjective;
import io.rnn4j.speech.FeatureConfig;
import io.rnn4j.speech.FeatureStatistics;
import io.rnn4j.speech.SpecAugment;
import io.rnn4j.speech.SpeechBatches;
import io.rnn4j.speech.SpeechConfig;
import io.rnn4j.speech.SpeechCorpus;
import io.rnn4j.speech.SpeechRecognizer;
import io.rnn4j.speech.SpeechSet;
import io.rnn4j.speech.Utterance;
import io.rnn4j.speech.WavReader;
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
 * One run of {@code rnn4j speech train}: reads the folder's utterances and computes their
 * features, splits them (the folder's own split, or one speaker held out), holds out every 20th
 * training utterance for validation (the weights of the best validation CTC loss are kept), trains
 * with the one trainer (progress, metrics, checkpoints, Ctrl-C, exact resume), writes the model
 * and reports CER, WER and whole-utterance accuracy on the test part.
 */
final class SpeechTraining {

    private final SpeechTrainCommand o;

    SpeechTraining(SpeechTrainCommand options) {
        this.o = options;
    }

    void run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null) {
            throw new UsageException("--data DIR is required (or --resume CHECKPOINT)");
        }
        ApplicationTraining.reporting(o.json, () -> train(loaded, loadedFrom));
    }

    /** SHA-256 over the utterances' file names, sizes, transcripts, speakers and splits. */
    static String digest(SpeechCorpus corpus) {
        StringBuilder s = new StringBuilder();
        for (Utterance u : corpus.utterances()) {
            long size;
            try {
                size = Files.size(u.file());
            } catch (IOException e) {
                throw new IllegalArgumentException(u.file() + ": " + CliFiles.describe(e));
            }
            s.append(corpus.root().relativize(u.file())).append('\t').append(size).append('\t').append(u.transcript()).append('\t')
                    .append(u.speaker()).append('\t').append(u.test() ? "test" : "train").append('\n');
        }
        return TrainingOutputs.sha256(s.toString().getBytes(StandardCharsets.UTF_8));
    }

    FeatureConfig featureConfig(int rate) {
        int window = Math.round(rate * 0.025f);
        int hop = Math.round(rate * 0.010f);
        String kind = o.features.toLowerCase(Locale.ROOT);
        int deltas = o.deltas != null ? o.deltas : kind.equals("mfcc") ? 2 : 0;
        int fft = Integer.highestOneBit(window - 1) << 1;
        return new FeatureConfig(kind, rate, window, hop, fft, o.mels, kind.equals("mfcc") ? o.mfccs : 0, deltas,
                o.streaming ? "global" : "utterance");
    }

    SpeechConfig speechConfig() {
        int channels = o.convChannels != null ? o.convChannels : o.streaming ? 0 : 64;
        int stride = o.stride != null ? o.stride : channels == 0 ? 1 : 2;
        return new SpeechConfig(o.cell, o.hidden, o.layers, !o.streaming, channels, stride, o.dropout);
    }

    private JsonObject train(Checkpoint.Loaded loaded, Path loadedFrom) {
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        if (o.streaming && ((o.convChannels != null && o.convChannels > 0) || (o.stride != null && o.stride > 1))) {
            throw new UsageException("--streaming leaves out the conv front end: drop --conv-channels and --stride");
        }
        TrainingOutputs.checkFilesBesideFolder(o.data, o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        SpeechCorpus corpus = SpeechCorpus.read(o.data);
        String digest = digest(corpus);
        List<List<Utterance>> parts = corpus.split(o.holdOutSpeaker);
        List<Utterance> rest = parts.get(0);
        List<Utterance> test = parts.get(1);
        List<Utterance> train = new ArrayList<>();
        List<Utterance> validation = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            (i % 20 == 19 ? validation : train).add(rest.get(i));
        }
        if (validation.isEmpty()) {
            throw new IllegalArgumentException("--data " + o.data + ": " + rest.size() + " training utterances are too few to hold"
                    + " out every 20th for validation; give at least 20");
        }
        SpeechRecognizer recognizer;
        long start = System.nanoTime();
        SpeechSet trainSet;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            int rate = o.sampleRate > 0 ? o.sampleRate : Math.round(WavReader.read(train.get(0).file()).sampleRate());
            List<String> transcripts = train.stream().map(Utterance::transcript).toList();
            FeatureConfig features = featureConfig(rate);
            FeatureStatistics statistics = null;
            if (features.normalize().equals("global")) {
                // a streaming model reads features normalised by the training frames' statistics
                SpeechSet raw = SpeechSet.compute(train, features.withNormalize("none"));
                statistics = FeatureStatistics.fit(raw.allFeatures(), features.width());
                trainSet = raw.normalizedBy(statistics);
            } else {
                trainSet = SpeechSet.compute(train, features);
            }
            recognizer = SpeechRecognizer.create(speechConfig(), features, statistics, Alphabet.of(transcripts));
            recognizer.model().initialize(Init.PYTORCH, o.run.seed);
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data, digest);
            recognizer = SpeechRecognizer.fromJson(loaded.model(), loaded.manifest().get("speech"));
            trainSet = recognizer.featuresOf(train);
        }
        SpeechSet validationSet = recognizer.featuresOf(withKnownCharacters(recognizer, validation));
        SpeechSet testSet = recognizer.featuresOf(test);
        System.out.printf(Locale.ROOT, "read %,d utterances (%,d speakers, %.1f min of audio) from %s; features in %.1f s: %s%n",
                corpus.utterances().size(), corpus.speakers().size(),
                (trainSet.seconds() + validationSet.seconds() + testSet.seconds()) / 60, o.data, (System.nanoTime() - start) / 1e9,
                recognizer.features());
        int[] alignable = SpeechBatches.alignable(recognizer, trainSet);
        if (alignable.length < trainSet.size()) {
            System.err.printf(Locale.ROOT, "rnn4j: warning: %,d training utterances have fewer frames than their transcripts"
                    + " need; they are left out%n", trainSet.size() - alignable.length);
        }
        SequenceModel model = recognizer.model();
        System.out.printf(Locale.ROOT, "rnn4j speech train: %s, %d characters + blank, on %,d utterances (%,d for validation,"
                        + " %,d for test%s); %,d parameters; %d thread(s), gemm %s%n", recognizer.config(),
                recognizer.alphabet().size(), alignable.length, validationSet.size(), testSet.size(),
                o.holdOutSpeaker == null ? "" : ": speaker " + o.holdOutSpeaker, model.parameters().size(), Parallel.threads(),
                Blas.backend().name());
        JsonObject extra = new JsonObject();
        extra.add("speech", recognizer.toJson());
        extra.addProperty("data_sha256", digest);
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        SpecAugment augment = new SpecAugment(o.freqMasks, o.freqMaskWidth, o.timeMasks, o.timeMaskWidth, 0.2);
        BatchSource batches = SpeechBatches.training(recognizer, trainSet, alignable, o.run.batch, augment);
        int perEpoch = SpeechBatches.perEpoch(alignable.length, o.run.batch);
        Objective objective = Objective.of(new Objective.Term("symbols", new CtcObjective(Alphabet.BLANK), 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        int[] validationAlignable = SpeechBatches.alignable(recognizer, validationSet);
        Validation check = Validation.loss(objective, BatchSource.fixed(SpeechBatches.evaluation(recognizer, validationSet,
                validationAlignable, 64)), false, o.run.seed);
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, perEpoch, "utt/s",
                metricsFile, checkpointFile, model, extra);
        TrainingResult[] result = new TrainingResult[1];
        double[] rate = {Double.NaN};
        ApplicationTraining.fit(setup, Bptt.full(model, objective, rule), batches, check, loaded, loadedFrom, (r, metrics) -> {
            result[0] = r;
            rate[0] = metrics.rowsPerSecond;
            LossPlot.writeOrWarn(plotFile, metrics);
        });
        TrainingResult r = result[0];
        SpeechRecognizer.Evaluation onValidation = recognizer.evaluate(validationSet);
        SpeechRecognizer.Evaluation onTest = testSet.size() == 0 ? null : recognizer.evaluate(testSet);
        // FSDD: the digit as the most likely of the ten words (closed vocabulary)
        Double digitAccuracy = onTest == null || !corpus.layout().equals("fsdd") ? null
                : recognizer.evaluateChoosing(testSet, SpeechCorpus.digitWords()).accuracy();
        JsonObject prov = TrainingOutputs.provenance(r, o.data, digest, o.run.seed);
        if (o.holdOutSpeaker != null) {
            prov.addProperty("held_out_speaker", o.holdOutSpeaker);
        }
        prov.addProperty("validation_cer", onValidation.cer());
        if (onTest != null) {
            prov.addProperty("test_cer", onTest.cer());
            prov.addProperty("test_wer", onTest.wer());
            prov.addProperty("test_accuracy", onTest.accuracy());
            if (digitAccuracy != null) {
                prov.addProperty("test_digit_accuracy", digitAccuracy);
            }
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", String.join(" ", ResumedTraining.arguments(o.spec)));
        JsonObject saved = new JsonObject();
        saved.add("provenance", prov);
        try {
            CliFiles.noteRemovedFolder(o.out);
            SpeechModelFile.save(o.out, recognizer, saved);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "speech train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; validation CER %.2f%%; saved %s"
                        + " (metrics %s, plot %s)%n", r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d", r.bestValidationLoss(),
                        r.bestStep()), 100 * onValidation.cer(), o.out, metricsFile.getFileName(), plotFile.getFileName());
        JsonObject out = new JsonObject();
        out.addProperty("model", o.out.toString());
        out.addProperty("updates", r.steps());
        out.addProperty("seconds", r.seconds());
        out.addProperty("interrupted", r.interrupted());
        if (Double.isFinite(rate[0])) {
            // training utterances per second of wall time since the start, validation included
            out.addProperty("train_utterances_per_second", rate[0]);
        }
        out.addProperty("validation_cer", onValidation.cer());
        if (onTest != null) {
            System.out.println(SpeechReport.line("test", onTest) + (digitAccuracy == null ? ""
                    : String.format(Locale.ROOT, "; digit accuracy (closed vocabulary) %.2f%%", 100 * digitAccuracy)));
            JsonObject t = SpeechReport.toJson(onTest);
            if (digitAccuracy != null) {
                t.addProperty("digit_accuracy", digitAccuracy);
            }
            out.add("test", t);
        }
        TrainingOutputs.refuseIfNothingTrained(r);
        return out;
    }

    /** The utterances whose transcripts the recogniser can write (validation needs a loss on each). */
    private static List<Utterance> withKnownCharacters(SpeechRecognizer recognizer, List<Utterance> utterances) {
        return utterances.stream().filter(u -> recognizer.alphabet().covers(u.transcript())).toList();
    }
}
