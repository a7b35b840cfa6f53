package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Set;

/**
 * {@code rnn4j translate train}: trains an encoder–decoder with attention on a pair file's train
 * part and validates on its dev part ({@link TranslationTraining} runs it).
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an encoder-decoder with attention on the train part of a pair file (split as"
                + " 'translate split' does), validating on its dev part.")
final class TranslateTrainCommand implements Runnable {

    /** Options a resumed run may change. */
    static final Set<String> MAY_CHANGE = Set.of("--data", "--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "FILE", description = "Pair file, one pair per line: first<TAB>second[<TAB>attribution]"
            + " (e.g. tatoeba cmn.txt); required unless --resume.")
    Path data;

    @Option(names = "--columns", defaultValue = "en,zh", description = "Languages of the two columns (default: ${DEFAULT-VALUE}).")
    String columns;

    @Option(names = "--source", defaultValue = "en", description = "Language to translate from: en or zh (default: ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--target", defaultValue = "zh", description = "Language to translate into: en or zh (default: ${DEFAULT-VALUE}).")
    String target;

    @Option(names = "--out", defaultValue = "translate.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--en-tokens", defaultValue = "bpe", description = "English tokens: bpe (subwords) or char (default: ${DEFAULT-VALUE});"
            + " Chinese is always characters.")
    String englishTokens;

    @Option(names = "--merges", converter = Ranges.NonNegative.class, defaultValue = "4000",
            description = "BPE merges learned on the English training side (default: ${DEFAULT-VALUE}).")
    int merges;

    @Option(names = "--max-length", converter = Ranges.Positive.class, defaultValue = "40",
            description = "Pairs with more tokens than this on either side are left out; the model translates at most this many"
                    + " (default: ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--embed", converter = Ranges.Positive.class, defaultValue = "256", description = "Embedding width of both sides (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "256",
            description = "Encoder units per direction (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--decoder-hidden", converter = Ranges.Positive.class, defaultValue = "512",
            description = "Decoder units (default: ${DEFAULT-VALUE}; dot attention needs twice --hidden).")
    int decoderHidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "1", description = "Encoder and decoder layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--bidirectional", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "Read the source both ways (default: ${DEFAULT-VALUE}).")
    boolean bidirectional;

    @Option(names = "--attention", defaultValue = "general", description = "additive (Bahdanau), or Luong's dot, general or concat"
            + " (default: ${DEFAULT-VALUE}).")
    String attention;

    @Option(names = "--attention-size", converter = Ranges.Positive.class, defaultValue = "256",
            description = "Hidden width of the additive and concat scores (default: ${DEFAULT-VALUE}).")
    int attentionSize;

    @Option(names = "--input-feeding", defaultValue = "true", arity = "1", paramLabel = "true|false",
            description = "Luong attention: feed each output into the next step's input (default: ${DEFAULT-VALUE}; additive attention"
                    + " feeds its context instead).")
    boolean inputFeeding;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.2",
            description = "Dropout on both embeddings and between encoder layers (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--label-smoothing", converter = Ranges.ZeroToOne.class, defaultValue = "0.1",
            description = "Label smoothing of the training loss (default: ${DEFAULT-VALUE}); validation is plain cross-entropy.")
    double labelSmoothing;

    @Option(names = "--scheduled-sampling", converter = Ranges.ZeroToOne.class, defaultValue = "0",
            description = "Probability that a decoder input is the model's own previous prediction (default: ${DEFAULT-VALUE}).")
    double scheduledSampling;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "30", description = "Passes over the training pairs (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.Positive.class, defaultValue = "200",
            description = "Updates between validations on the dev part (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--json", description = "Print the run's summary as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, () -> {
            if (run.resume == null) {
                return new TranslationTraining(this).run(null, null);
            }
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            TranslateTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new TranslateTrainCommand(), MAY_CHANGE);
            return new TranslationTraining(resumed).run(loaded, run.resume);
        });
    }
}
