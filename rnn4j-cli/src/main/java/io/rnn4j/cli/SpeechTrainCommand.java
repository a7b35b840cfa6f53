package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Set;

/** {@code rnn4j speech train}: trains a CTC recogniser ({@link SpeechTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = SpeechTrainCommand.Defaults.class,
        description = "Train a CTC recogniser on a folder of WAV files: FSDD's {digit}_{speaker}_{index}.wav, or any"
                + " recordings listed in a transcripts.tsv (file TAB transcript [TAB speaker [TAB train|test]]). Every"
                + " 20th training utterance is held out for validation; the test part is scored at the end.")
final class SpeechTrainCommand implements Runnable {

    static final Set<String> MAY_CHANGE = Set.of("--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "DIR", description = "The recordings' folder. Required unless --resume.")
    Path data;

    @Option(names = "--hold-out-speaker", paramLabel = "NAME", description = "Test on this speaker's utterances and train"
            + " on the others' (leave one speaker out), instead of the folder's own split.")
    String holdOutSpeaker;

    @Option(names = "--out", defaultValue = "speech.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--features", defaultValue = "mfcc", description = "mfcc or logmel (default: ${DEFAULT-VALUE}).")
    String features;

    @Option(names = "--sample-rate", converter = Ranges.NonNegative.class, defaultValue = "0", paramLabel = "HZ",
            description = "Resample every clip to this rate; 0 = the rate of the first training clip (default: ${DEFAULT-VALUE}).")
    int sampleRate;

    @Option(names = "--mels", converter = Ranges.Positive.class, defaultValue = "40",
            description = "Mel filters (default: ${DEFAULT-VALUE}).")
    int mels;

    @Option(names = "--mfccs", converter = Ranges.Positive.class, defaultValue = "13",
            description = "MFCCs kept, with --features mfcc (default: ${DEFAULT-VALUE}).")
    int mfccs;

    @Option(names = "--deltas", converter = Ranges.NonNegative.class, description = "0, 1 or 2 orders of differences"
            + " appended (default: 2 with mfcc, 0 with logmel).")
    Integer deltas;

    @Option(names = "--freq-masks", converter = Ranges.NonNegative.class, defaultValue = "2",
            description = "SpecAugment: frequency bands masked per utterance (default: ${DEFAULT-VALUE}).")
    int freqMasks;

    @Option(names = "--freq-mask-width", converter = Ranges.NonNegative.class, defaultValue = "3",
            description = "SpecAugment: widest band, in coefficients; 0 = no frequency masking (default: ${DEFAULT-VALUE}).")
    int freqMaskWidth;

    @Option(names = "--time-masks", converter = Ranges.NonNegative.class, defaultValue = "2",
            description = "SpecAugment: time spans masked per utterance (default: ${DEFAULT-VALUE}).")
    int timeMasks;

    @Option(names = "--time-mask-width", converter = Ranges.NonNegative.class, defaultValue = "5",
            description = "SpecAugment: longest span in frames (at most 20 % of the utterance); 0 = no time masking"
                    + " (default: ${DEFAULT-VALUE}).")
    int timeMaskWidth;

    @Option(names = "--cell", defaultValue = "lstm", description = "lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "128",
            description = "Units per direction (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "2",
            description = "Stacked recurrent layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--streaming", description = "One direction, no conv front end and features normalised by the training"
            + " frames' statistics, so the model can transcribe while audio arrives (transcribe --stream); less accurate than"
            + " the default bidirectional model.")
    boolean streaming;

    @Option(names = "--conv-channels", converter = Ranges.NonNegative.class,
            description = "Filters of a 3-frame conv front end; 0 = none (default: 64; none with --streaming).")
    Integer convChannels;

    @Option(names = "--stride", converter = Ranges.Positive.class,
            description = "Frame subsampling of the conv front end (default: 2; 1 with --streaming).")
    Integer stride;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.1",
            description = "Dropout between recurrent layers and before the output (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "30", description = "Passes over the training"
            + " utterances (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.NonNegativeLong.class, defaultValue = "0",
            description = "Updates between validations; 0 = after each epoch (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    /** What FSDD trains best with (README): batch 32 and a learning rate of 0.002 instead of the shared 64 and 0.001. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg instanceof OptionSpec o) {
                return switch (o.longestName()) {
                    case "--batch" -> "32";
                    case "--lr" -> "0.002";
                    default -> null;
                };
            }
            return null;
        }
    }

    @Override
    public void run() {
        if (run.resume != null) {
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            SpeechTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new SpeechTrainCommand(), MAY_CHANGE);
            new SpeechTraining(resumed).run(loaded, run.resume);
        } else {
            new SpeechTraining(this).run(null, null);
        }
    }
}
