package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import com.google.gson.JsonObject;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/**
 * {@code rnn4j train}: a recurrent language model on a text file. The text is split in order
 * (the last {@code --val-fraction} validates), batched as B parallel streams with truncated BPTT
 * carrying state across batches, validated at intervals, and the best-validation weights are saved
 * with the tokenizer and the training provenance in one model file.
 *
 * <p>This class is the options; {@link LanguageModels} builds the model and {@link TrainingRun}
 * runs the training.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a character or word language model on a UTF-8 text file.")
final class TrainCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "FILE", description = "UTF-8 text to learn (required unless --resume names a checkpoint).")
    Path data;

    @Option(names = "--tokens", defaultValue = "char", description = "Tokens: char (Unicode code points) or word (default: ${DEFAULT-VALUE}).")
    String tokens;

    @Option(names = "--min-count", converter = Ranges.Positive.class, defaultValue = "1", description = "Word tokens: words seen fewer times become <unk> (default: ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", converter = Ranges.Positive.class, defaultValue = "10000", description = "Word tokens: vocabulary cap including <unk> (default: ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--lowercase", defaultValue = "false", arity = "1", paramLabel = "true|false",
            description = "Word tokens: lower-case the text first (saved with the vocabulary, so eval and sample do too) (default: ${DEFAULT-VALUE}).")
    boolean lowercase;

    @Option(names = "--cell", defaultValue = "lstm", description = "Recurrent cell: lstm, gru, rnn (Elman), clockwork "
            + "(Clockwork RNN, --modules) or jordan (output fed back as context; one hidden layer) (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--modules", converter = Ranges.Positive.class, defaultValue = "4", description = "Clockwork cell: modules with periods 1, 2, 4, ...; "
            + "must divide --hidden (default: ${DEFAULT-VALUE}).")
    int modules;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "2", description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "256", description = "Units per layer (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--embed", converter = Ranges.Positive.class, defaultValue = "64", description = "Embedding width (default: ${DEFAULT-VALUE}).")
    int embed;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.1", description = "Dropout between and after the recurrent layers (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--algorithm", defaultValue = "tbptt", description = "tbptt: truncated BPTT over --seq-len windows with"
            + " the state carried from one to the next (default); bptt: full BPTT within each window, every window starting from"
            + " a zero state; rtrl, ekf, dekf: online, one update per token on one stream, by real-time recurrent learning"
            + " (with --optimizer), the global or the decoupled extended Kalman filter (--ekf-* options). The online algorithms"
            + " take one-hot inputs (no --embed, --dropout or --batch), cost O(n^4) per token for n units (use small"
            + " --hidden, e.g. 16) and cannot be resumed: at each --checkpoint-every, and on Ctrl-C, they save the model"
            + " trained so far to --out.")
    String algorithm;

    @Mixin
    EkfOptions ekf;

    @Option(names = "--seq-len", converter = Ranges.Positive.class, defaultValue = "100", description = "Truncated-BPTT window T (default: ${DEFAULT-VALUE}).")
    int seqLen;

    @Option(names = "--batch", converter = Ranges.Positive.class, defaultValue = "32", description = "Parallel streams B (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", converter = Ranges.PositiveReal.class, defaultValue = "0.003", description = "Learning rate (default: ${DEFAULT-VALUE}).")
    double lr;

    @Option(names = "--schedule", defaultValue = "cosine",
            description = "Learning-rate schedule: cosine (from --lr to lr/20 over the run: its updates, which --max-steps "
                    + "or --epochs fix, or its --max-time, whichever ends it first) or constant (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--warmup", converter = Ranges.NonNegativeLong.class, defaultValue = "0", description = "Linear learning-rate warm-up over this many updates (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--optimizer", defaultValue = "adam", description = "adam, sgd or rmsprop (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--clip", converter = Ranges.NonNegativeReal.class, defaultValue = "5", description = "Clip the global gradient norm to this; 0 turns it off (default: ${DEFAULT-VALUE}).")
    double clip;

    @Option(names = "--epochs", converter = Ranges.Positive.class, description = "Passes over the training text (default: 10,"
            + " or as many as --max-time allows when it is given).")
    Integer epochsOption;

    /** Epochs when --max-time is given and --epochs is not: the time budget ends the run. */
    static final int UNTIL_TIME_RUNS_OUT = 1_000_000;

    /**
     * The passes over the text: --epochs, else 10, or, with --max-time, as many as fit in it.
     * (Left unset rather than defaulted, so a checkpoint records only what was typed, and a
     * resumed run reads the budget the same way.)
     */
    int epochs() {
        return epochsOption != null ? epochsOption : maxTime != null ? UNTIL_TIME_RUNS_OUT : 10;
    }

    @Option(names = "--max-steps", converter = Ranges.NonNegativeLong.class, defaultValue = "0", description = "Stop after this many updates; 0 = no limit (default: ${DEFAULT-VALUE}).")
    long maxSteps;

    @Option(names = "--max-time", paramLabel = "DURATION", description = "Stop after this much training time, e.g. 90s, 10m, 1h.")
    String maxTime;

    @Option(names = "--validate-every", converter = Ranges.NonNegativeLong.class, description = "Validate every this many updates (default: 200; rtrl, ekf and dekf,"
            + " which update at every token: 5000).")
    Long validateEveryOption;

    @Option(names = "--val-fraction", converter = Ranges.ZeroToOne.class, defaultValue = "0.1", description = "Share of the text, from its end, that validates (default: ${DEFAULT-VALUE}).")
    double valFraction;

    @Option(names = "--seed", converter = Ranges.AnyLong.class, defaultValue = "1", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", defaultValue = "model.rnn4j", paramLabel = "MODEL", description = "Where to save the model (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--checkpoint-every", defaultValue = "2m", paramLabel = "N|DURATION",
            description = "Write a checkpoint every N updates (a plain number) or every DURATION of training (e.g. 90s, 5m); "
                    + "0 turns periodic checkpoints off (default: ${DEFAULT-VALUE}). Ctrl-C always writes one. rtrl, ekf and dekf"
                    + " write no checkpoint but save the model trained so far to --out at this interval.")
    String checkpointEvery;

    @Option(names = "--checkpoint", paramLabel = "FILE", description = "Where checkpoints go (default: MODEL.ckpt). "
            + "It is removed when the run finishes.")
    Path checkpoint;

    @Option(names = "--resume", paramLabel = "CHECKPOINT", description = "Continue the run that wrote CHECKPOINT exactly where "
            + "it stopped, with its options; --max-steps, --max-time, --epochs, --threads, --out, --checkpoint and "
            + "--checkpoint-every may be given anew (--max-time counts the time trained before).")
    Path resume;

    @Option(names = "--json", description = "Print the run's summary as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    @Override
    public void run() {
        JsonObject summary = ApplicationTraining.reporting(json, () -> {
            if (resume == null) {
                return new TrainingRun(this).run(null, null);
            }
            Checkpoint.Loaded loaded = Checkpoint.load(resume);
            TrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    resume.getFileName().toString());
            return new TrainingRun(resumed).run(loaded, resume);
        });
        // after the summary is out: a run that trained nothing or diverged still exits 3
        TrainingOutputs.requireTrained(summary);
    }

    /** Whether {@code option} was typed on the command line (rather than left at its default). */
    boolean typed(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }
}
