package io.rnn4j.cli;

import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Set;

/** {@code rnn4j caption train}: trains a captioner ({@link CaptionTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a captioner on a set written by 'caption make' (DIR/train, and DIR/test if there),"
                + " validating on every twelfth training picture.")
final class CaptionTrainCommand implements Runnable {

    /** Options a resumed run may change. */
    static final Set<String> MAY_CHANGE = Set.of("--data", "--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Option(names = "--data", paramLabel = "DIR", description = "A captioned set: DIR/train (and DIR/test) with PNGs and"
            + " captions.tsv, as 'caption make' writes it; required unless --resume.")
    Path data;

    @Option(names = "--model-kind", defaultValue = "attend", description = "attend (Show, Attend and Tell: attention over the"
            + " CNN's feature map at every word) or tell (Show and Tell: the LSTM starts from the pooled features)"
            + " (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--hidden", converter = Ranges.Positive.class, defaultValue = "256",
            description = "LSTM units (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--out", defaultValue = "caption.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "30", description = "Passes over the training pictures (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--validate-every", converter = Ranges.Positive.class, defaultValue = "200",
            description = "Updates between validations on the held-out pictures (default: ${DEFAULT-VALUE}).")
    long validateEvery;

    @Option(names = "--json", description = "Print the run's summary as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, () -> {
            if (run.resume == null) {
                return new CaptionTraining(this).run(null, null);
            }
            Checkpoint.Loaded loaded = Checkpoint.load(run.resume);
            CaptionTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new CaptionTrainCommand(), MAY_CHANGE);
            return new CaptionTraining(resumed).run(loaded, run.resume);
        });
    }
}
