package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code rnn4j classify train}: trains a text classifier ({@link ClassifyTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a text classifier on a folder of class files (one example per line), a folder (or ZIP) of class"
                + " folders (one document per file) or a label<TAB>text file; with --folds K, cross-validate instead.")
final class ClassifyTrainCommand implements Runnable {

    /** Options a resumed run may change. */
    static final Set<String> MAY_CHANGE = Set.of("--data", "--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "PATH", description = "Labelled texts: a folder of class files, a folder or ZIP of"
            + " class folders, or a TSV of label<TAB>text; required unless --resume.")
    Path data;

    @Option(names = "--out", defaultValue = "classifier.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--encoder", defaultValue = "lstm", description = "lstm, gru, cnn (Kim 2014) or bag (no encoder)"
            + " (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--embedding", converter = Ranges.Positive.class, defaultValue = "128",
            description = "Word vector size (default: ${DEFAULT-VALUE}; the file's with --vectors).")
    int embedding;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "128",
            description = "LSTM/GRU units per direction (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "1", description = "Stacked LSTM/GRU layers"
            + " (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--unidirectional", description = "Read forwards only (default: both directions).")
    boolean unidirectional;

    @Option(names = "--pooling", defaultValue = "max", description = "How the encoder's states become one vector: last, max,"
            + " mean or attention (default: ${DEFAULT-VALUE}; cnn always pools by max).")
    String pooling;

    @Option(names = "--attention-size", converter = Ranges.Positive.class, defaultValue = "64",
            description = "Hidden size of attention pooling (default: ${DEFAULT-VALUE}).")
    int attentionSize;

    @Option(names = "--filters", converter = Ranges.Positive.class, defaultValue = "100",
            description = "cnn: filters per width (default: ${DEFAULT-VALUE}).")
    int filters;

    @Option(names = "--widths", split = ",", defaultValue = "3,4,5", description = "cnn: window widths in words"
            + " (default: ${DEFAULT-VALUE}).")
    List<Integer> widths;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.5",
            description = "Dropout on the embeddings and before the output layer (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--ngrams", converter = Ranges.Positive.class, defaultValue = "1",
            description = "bag: also read neighbouring word pairs (2) or pairs and triples (3) seen twice or more in training"
                    + " as tokens (default: ${DEFAULT-VALUE}).")
    int ngrams;

    @Option(names = "--char-ngrams", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "bag: also read every piece of this many characters of each word seen twice or more in training"
                    + " (fastText's subwords; 0 = none, the default).")
    int charNgrams;

    @Option(names = "--max-words", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Read at most this many words of each text; 0 = all (default: ${DEFAULT-VALUE}).")
    int maxWords;

    @Option(names = "--min-count", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Words seen fewer times in training become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", converter = Ranges.Positive.class, defaultValue = "50000",
            description = "At most this many words, the most frequent (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--vectors", paramLabel = "FILE", description = "Start the embedding from word vectors: word2vec's binary"
            + " format (a .bin file) or its text format (GloVe's too).")
    Path vectors;

    @Option(names = "--freeze-vectors", description = "Keep the --vectors fixed instead of fine-tuning them.")
    boolean freezeVectors;

    @Option(names = "--class-weights", defaultValue = "none", description = "none, or balanced: weigh each class by"
            + " N / (K · N_class), for imbalanced data (default: ${DEFAULT-VALUE}).")
    String classWeights;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "10", description = "Passes over the training"
            + " texts (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.NonNegativeLong.class, defaultValue = "0",
            description = "Updates between validations on the held-out tenth; 0 = after each epoch (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--folds", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Stratified k-fold cross-validation: train K models, report mean and standard deviation; no model"
                    + " is written (default: off).")
    int folds;

    @Option(names = "--test-share", converter = Ranges.ZeroToOne.class, defaultValue = "0",
            description = "Hold out this share of each class (stratified, from --seed) as a test set, report on it, and train"
                    + " on the rest (default: 0, none).")
    double testShare;

    @Option(names = "--split-file", paramLabel = "FILE", description = "Write which part each example went to, as"
            + " origin<TAB>part lines (part: the fold 1..K it is tested in, or train, validation, test), so a peer can use the"
            + " same split.")
    Path splitFile;

    @Option(names = "--positive", description = "Two classes: the class whose probability ROC AUC ranks by (default: the"
            + " second class by name).")
    String positive;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    @Override
    public void run() {
        if (run.resume != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            ClassifyTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new ClassifyTrainCommand(), MAY_CHANGE);
            new ClassifyTraining(resumed).run(loaded, run.resume);
        } else {
            new ClassifyTraining(this).run(null, null);
        }
    }
}
