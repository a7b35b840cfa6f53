package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.data.ParallelCorpus;
import io.rnn4j.data.SubwordVocabulary;
import io.rnn4j.eval.Bleu;
import io.rnn4j.eval.ChrF;
import io.rnn4j.eval.MtTokenizer;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.TranslationModelFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.optim.Adam;
import io.rnn4j.seq2seq.ScheduledSampling;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.seq2seq.TranslationData;
import io.rnn4j.seq2seq.Translator;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.TrainingStrategy;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@code rnn4j translate train}: reads and splits the pairs, learns the vocabularies on
 * the train part, builds the encoder–decoder, trains it with the one {@link Trainer} (progress,
 * metrics, checkpoints, Ctrl-C) validating on the dev part, and writes the model (the weights of
 * the best validation), the metrics, the loss plot and the dev BLEU and chrF.
 */
final class TranslationTraining {

    private final TranslateTrainCommand o;

    /** The run's summary, set when it finishes: the model file's provenance, the status and the model's path. */
    private JsonObject summary;

    TranslationTraining(TranslateTrainCommand options) {
        this.o = options;
    }

    /** What the pair file gives a run: the oriented parts and the file's digest. */
    record Pairs(List<TranslationData.Oriented> train, List<TranslationData.Oriented> dev,
                 List<TranslationData.Oriented> test, String digest) {
    }

    /** Reads, splits and orients a pair file as the train and eval commands both do. */
    static Pairs read(Path data, String columns, String source, String target) {
        CliFiles.requireInputFile("--data", data);
        byte[] bytes = CliFiles.readBytes("--data", data);
        List<ParallelCorpus.Pair> pairs = ParallelCorpus.parse(CliFiles.utf8("--data", data, bytes), data.getFileName().toString());
        ParallelCorpus.Split split = ParallelCorpus.split(pairs);
        List<String> cols = Arrays.asList(columns.split(",", -1));
        return new Pairs(TranslationData.orient(split.train(), cols, source, target),
                TranslationData.orient(split.dev(), cols, source, target),
                TranslationData.orient(split.test(), cols, source, target), TrainingOutputs.sha256(bytes));
    }

    /** Trains (on from {@code loaded} when it is not null) and returns the summary {@code --json} prints. */
    JsonObject run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        if (o.data == null) {
            throw new UsageException("--data FILE is required (or --resume CHECKPOINT)");
        }
        Translator.checkLanguage("source", o.source);
        Translator.checkLanguage("target", o.target);
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        TrainingOutputs.checkFiles(o.data, o.out, loadedFrom, metricsFile, plotFile, checkpointFile,
                "the checkpoint (--out + .ckpt)");
        Pairs pairs = read(o.data, o.columns, o.source, o.target);
        Translator translator;
        if (loaded == null) {
            if (Files.exists(checkpointFile)) {
                throw new IllegalArgumentException(checkpointFile + " holds a checkpoint of an earlier run: continue it with --resume "
                        + checkpointFile + ", or delete it to start afresh");
            }
            translator = newTranslator(pairs.train());
        } else {
            String trainedOn = loaded.manifest().has("data_sha256") ? loaded.manifest().get("data_sha256").getAsString() : "";
            if (!trainedOn.equals(pairs.digest())) {
                throw new IllegalArgumentException("--data " + o.data + " is not the file the run that wrote "
                        + loadedFrom.getFileName() + " trained on (SHA-256 " + TrainingOutputs.abbreviate(pairs.digest())
                        + ", the checkpoint's is " + TrainingOutputs.abbreviate(trainedOn) + ")");
            }
            translator = Translator.fromJson(Seq2Seq.from(loaded.model()), loaded.manifest().get("translation"));
        }
        Seq2Seq model = translator.model();
        List<TranslationData.Encoded> train = TranslationData.encode(pairs.train(), translator.sourceVocabulary(),
                translator.targetVocabulary(), o.maxLength);
        List<TranslationData.Encoded> dev = TranslationData.encode(pairs.dev(), translator.sourceVocabulary(),
                translator.targetVocabulary(), o.maxLength);
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training pair has both sides within --max-length " + o.maxLength + " tokens");
        }
        List<Batch> trainBatches = TranslationData.batches(model, train, o.run.batch, o.run.seed);
        List<Batch> devBatches = TranslationData.batches(model, dev, o.run.batch, o.run.seed);
        announce(translator, pairs, train.size(), dev.size());

        Objective training = Objective.of(new Objective.Term("logits", new SoftmaxCrossEntropy((float) o.labelSmoothing), 1.0));
        Objective plain = Objective.of(new Objective.Term("logits", new SoftmaxCrossEntropy(), 1.0));
        UpdateRule rule = UpdateRule.of(Adam.adam(model.model().parameters())).learningRate(o.run.lr).clipNorm(o.run.clip).build();
        TrainingStrategy strategy = new ScheduledSampling(Bptt.full(model.model(), training, rule), model, o.scheduledSampling);
        JsonObject extra = new JsonObject();
        extra.add("translation", translator.toJson());
        extra.addProperty("data_sha256", pairs.digest());
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, o.validateEvery, trainBatches.size(),
                "tok/s", metricsFile, checkpointFile, model.model(), extra);
        Validation validation = devBatches.isEmpty() ? null : Validation.loss(plain, BatchSource.fixed(devBatches), false, o.run.seed);
        ApplicationTraining.fit(setup, strategy, BatchSource.shuffled(trainBatches), validation, loaded, loadedFrom,
                (r, metrics) -> finish(r, translator, pairs, metrics, checkpointFile, metricsFile, plotFile));
        return summary;
    }

    /** Vocabularies learned on the training side and a freshly initialised model. */
    private Translator newTranslator(List<TranslationData.Oriented> train) {
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        for (TranslationData.Oriented p : train) {
            sources.add(p.source());
            targets.add(p.target());
        }
        SubwordVocabulary sv = TranslationData.vocabulary(o.source, sources, o.englishTokens, o.merges, Translator.SOURCE_RESERVED);
        SubwordVocabulary tv = TranslationData.vocabulary(o.target, targets, o.englishTokens, o.merges, Translator.TARGET_RESERVED);
        RecurrentConfig.CellType cell = switch (o.cell) {
            case "lstm" -> RecurrentConfig.CellType.LSTM;
            case "gru" -> RecurrentConfig.CellType.GRU;
            default -> throw new UsageException("--cell must be lstm or gru, got '" + o.cell + "'");
        };
        Attention.Score score;
        try {
            score = Attention.Score.valueOf(o.attention.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--attention must be additive, dot, general or concat, got '" + o.attention + "'");
        }
        Seq2SeqConfig config = new Seq2SeqConfig(sv.size(), tv.size(), cell, o.embed, o.hidden, o.layers, o.bidirectional,
                o.decoderHidden, o.layers, score, o.attentionSize, o.inputFeeding && score != Attention.Score.ADDITIVE, o.dropout);
        Seq2Seq model = new Seq2Seq(config).initialize(Init.PYTORCH, o.run.seed);
        return new Translator(model, o.source, o.target, sv, tv, o.maxLength);
    }

    private void announce(Translator t, Pairs pairs, int trainKept, int devKept) {
        Seq2SeqConfig c = t.model().config();
        System.out.printf(Locale.ROOT, "rnn4j translate train: %s -> %s on %s: %,d train pairs (%,d within %d tokens), %,d dev;"
                        + " vocabularies %,d (%s) and %,d (%s)%n",
                o.source, o.target, o.data.getFileName(), pairs.train().size(), trainKept, o.maxLength, devKept,
                t.sourceVocabulary().size(), describe(t.sourceVocabulary()), t.targetVocabulary().size(), describe(t.targetVocabulary()));
        System.out.printf(Locale.ROOT, "  %s encoder %s%dx%d, decoder %dx%d, %s attention%s, %,d parameters; %d thread(s), gemm %s%n",
                c.cell().name().toLowerCase(Locale.ROOT), c.bidirectional() ? "2x" : "", c.encoderLayers(), c.encoderHidden(),
                c.decoderLayers(), c.decoderHidden(), c.score().name().toLowerCase(Locale.ROOT),
                c.inputFeeding() ? " with input feeding" : "", t.model().model().parameters().size(), Parallel.threads(),
                Blas.backend().name());
    }

    private static String describe(SubwordVocabulary v) {
        return v.kind().equals("bpe") ? "BPE, " + v.mergeCount() + " merges" : "characters";
    }

    private void finish(TrainingResult r, Translator translator, Pairs pairs, MetricsLog metrics, Path checkpointFile,
                        Path metricsFile, Path plotFile) {
        LossPlot.writeOrWarn(plotFile, metrics);
        Scores dev = score(translator, pairs.dev(), 1);
        JsonObject extra = new JsonObject();
        JsonObject prov = TrainingOutputs.provenance(r, o.data, pairs.digest(), o.run.seed);
        prov.addProperty("dev_bleu", dev.bleu());
        prov.addProperty("dev_chrf", dev.chrf());
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", String.join(" ", ResumedTraining.arguments(o.spec)));
        extra.add("provenance", prov);
        summary = prov.deepCopy();
        summary.addProperty("status", r.interrupted() ? "interrupted" : "done");
        summary.addProperty("model", o.out.toString());
        try {
            CliFiles.noteRemovedFolder(o.out);
            TranslationModelFile.save(o.out, translator, extra);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "translate train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; dev BLEU %.2f, chrF %.2f (greedy,"
                        + " %d sentences); saved %s (metrics %s, plot %s)%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.3f nats/token at update %d",
                        r.bestValidationLoss(), r.bestStep()), dev.bleu(), dev.chrf(), dev.sentences(), o.out,
                metricsFile.getFileName(), plotFile.getFileName());
        TrainingOutputs.refuseIfNothingTrained(r);
    }

    /** Corpus scores of a translator on some pairs. */
    record Scores(double bleu, double chrf, int sentences, int overLength, double seconds, List<String> hypotheses,
                  List<String> sources, List<List<String>> references) {
    }

    /**
     * Translates each distinct source sentence of {@code pairs} once (in batches of similar
     * lengths) and scores it against all its translations: BLEU with the target language's
     * tokeniser (sacreBLEU's zh or 13a, no smoothing) and chrF2. A sentence longer than the model
     * translates is scored with an empty translation and counted in {@code overLength}.
     */
    static Scores score(Translator translator, List<TranslationData.Oriented> pairs, int beam) {
        long start = System.nanoTime();
        Map<String, List<String>> refs = TranslationData.references(pairs);
        List<String> sources = new ArrayList<>(refs.keySet());
        Map<String, String> translated = new LinkedHashMap<>();
        List<String> fits = new ArrayList<>();
        int over = 0;
        for (String s : sources) {
            int n = translator.sourceVocabulary().encode(s).length;
            if (n == 0 || n > translator.maxTokens()) {
                translated.put(s, "");
                over++;
            } else {
                fits.add(s);
            }
        }
        fits.sort((a, b) -> Integer.compare(a.length(), b.length()));
        int chunk = beam > 1 ? 16 : 64;
        for (int i = 0; i < fits.size(); i += chunk) {
            List<String> part = fits.subList(i, Math.min(fits.size(), i + chunk));
            List<Translator.Translation> out = translator.translate(part, beam, 1.0);
            for (int k = 0; k < part.size(); k++) {
                translated.put(part.get(k), out.get(k).text());
            }
        }
        List<String> hyps = new ArrayList<>();
        List<List<String>> references = new ArrayList<>();
        for (String s : sources) {
            hyps.add(translated.get(s));
            references.add(refs.get(s));
        }
        MtTokenizer tok = MtTokenizer.forLanguage(translator.targetLanguage());
        double bleu = hyps.isEmpty() ? 0 : new Bleu(tok).corpus(hyps, references).score();
        double chrf = hyps.isEmpty() ? 0 : new ChrF().corpus(hyps, references);
        return new Scores(bleu, chrf, hyps.size(), over, (System.nanoTime() - start) / 1e9, hyps, sources, references);
    }
}
