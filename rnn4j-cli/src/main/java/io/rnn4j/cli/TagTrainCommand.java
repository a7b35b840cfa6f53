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

/** {@code rnn4j tag train}: trains a sequence tagger ({@link TagTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a tagger on CoNLL column files (word ... tag per line, blank lines between sentences) or the"
                + " Brown corpus (word/tag), validating on every 20th training sentence; report on --test or a held-out share.")
final class TagTrainCommand implements Runnable {

    static final Set<String> MAY_CHANGE = Set.of("--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json", "--test");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "PATH", description = "Training sentences; repeat to join files (train and dev)."
            + " Required unless --resume.")
    List<Path> data;

    @Option(names = "--format", defaultValue = "auto", description = "conll, brown, or auto: a ZIP or folder is Brown, a file"
            + " CoNLL (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--tag-map", paramLabel = "FILE", description = "Brown: map the tags with this table (the universal"
            + " tagset's en-brown.map); tags it lacks become X.")
    Path tagMap;

    @Option(names = "--test", paramLabel = "PATH", description = "Score the trained tagger on these sentences.")
    Path test;

    @Option(names = "--test-every", converter = Ranges.NonNegative.class, defaultValue = "0",
            description = "Hold out every N-th sentence of --data as the test set (a split by sentence; default: 0, none).")
    int testEvery;

    @Option(names = "--out", defaultValue = "tagger.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--embedding", converter = Ranges.Positive.class, defaultValue = "100",
            description = "Word vector size (default: ${DEFAULT-VALUE}).")
    int embedding;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "100",
            description = "Units per direction (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "1", description = "Stacked layers"
            + " (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--no-chars", description = "Leave out the character CNN.")
    boolean noChars;

    @Option(names = "--no-crf", description = "Tag each word on its own (softmax) instead of with a CRF.")
    boolean noCrf;

    @Option(names = "--no-features", description = "Do not read the columns between the word and its tag (conll2000's"
            + " part-of-speech tags); by default each becomes a learned vector beside the word's.")
    boolean noFeatures;

    @Option(names = "--feature-dim", converter = Ranges.Positive.class, defaultValue = "20",
            description = "Vector size of each feature column's values (default: ${DEFAULT-VALUE}).")
    int featureDim;

    @Option(names = "--char-dim", converter = Ranges.Positive.class, defaultValue = "25",
            description = "Character vector size (default: ${DEFAULT-VALUE}).")
    int charDim;

    @Option(names = "--char-filters", converter = Ranges.Positive.class, defaultValue = "30",
            description = "Character CNN filters (default: ${DEFAULT-VALUE}).")
    int charFilters;

    @Option(names = "--char-width", converter = Ranges.Positive.class, defaultValue = "20",
            description = "Characters of each word the CNN reads (default: ${DEFAULT-VALUE}).")
    int charWidth;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.5",
            description = "Dropout before and after the BiLSTM (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--min-count", converter = Ranges.Positive.class, defaultValue = "1",
            description = "Words seen fewer times become <unk> in the word table (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", converter = Ranges.Positive.class, defaultValue = "50000",
            description = "At most this many words in the table (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "20", description = "Passes over the training"
            + " sentences (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.NonNegativeLong.class, defaultValue = "0",
            description = "Updates between validations; 0 = after each epoch (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    @Override
    public void run() {
        if (run.resume != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            TagTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new TagTrainCommand(), MAY_CHANGE);
            new TagTraining(resumed).run(loaded, run.resume);
        } else {
            new TagTraining(this).run(null, null);
        }
    }
}
