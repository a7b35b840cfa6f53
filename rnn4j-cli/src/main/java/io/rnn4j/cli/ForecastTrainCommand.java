package io.rnn4j.cli;

import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.io.Checkpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** {@code rnn4j forecast train}: trains a forecaster on a CSV file ({@link ForecastTraining} runs it). */
@Command(name = "train", mixinStandardHelpOptions = true, defaultValueProvider = ForecastTrainCommand.Defaults.class,
        description = "Train a forecaster on a CSV file of series with a time column. The rows are split in time order into"
                + " training, validation and test parts; the series are scaled with the training part's mean and deviation;"
                + " the weights of the best validation loss are kept, prediction intervals are fitted on the validation part,"
                + " and the test part is scored at the end. The defaults are SegRNN's ETTh1 settings and stop within 15 minutes.")
final class ForecastTrainCommand implements Runnable {

    static final Set<String> MAY_CHANGE = Set.of("--epochs", "--max-steps", "--max-time", "--threads", "--out",
            "--checkpoint-every", "--resume", "--json", "--patience");

    @Spec
    CommandSpec spec;

    @Mixin
    ThreadsOption threads;

    @Mixin
    RunOptions run;

    @Mixin
    ForecastData.Options data;

    @Option(names = "--target", paramLabel = "COL", split = ",", description = "The series to forecast (repeat or separate by"
            + " commas); default: every column but the time column.")
    List<String> targets;

    @Option(names = "--all", description = "Forecast every column but the time column (the default).")
    boolean all;

    @Option(names = "--lookback", converter = Ranges.Positive.class, paramLabel = "L",
            description = "Past steps the model reads (default: 720; 96 for darnn, whose input attention is L x L per step).")
    Integer lookback;

    @Option(names = "--drivers", paramLabel = "COL", split = ",", description = "darnn: the driving series (repeat or separate"
            + " by commas); default: every column but the time column and the --target.")
    List<String> drivers;

    @Option(names = "--horizon", converter = Ranges.Positive.class, paramLabel = "H",
            description = "Steps ahead to forecast. Required unless --resume.")
    Integer horizon;

    @Option(names = "--split", defaultValue = TimeSplit.DEFAULT, paramLabel = "TRAIN,VAL,TEST",
            description = "Parts in time order, as row counts (ETT: 8640,2880,2880) or fractions (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--model", defaultValue = "segrnn", description = "segrnn (segment-recurrent GRU, parallel decoding),"
            + " encoder-decoder (an LSTM/GRU encoder and decoder; see --cell, --layers, --attention, --recursive) or darnn"
            + " (DA-RNN: one --target from its past and its --drivers, with input and temporal attention; see --cell)"
            + " (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--cell", defaultValue = "lstm", description = "encoder-decoder and darnn: lstm or gru (default: ${DEFAULT-VALUE}).")
    String cell;

    @Option(names = "--layers", converter = Ranges.Positive.class, defaultValue = "1",
            description = "encoder-decoder: layers on each side (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--attention", description = "encoder-decoder: Bahdanau attention over the encoder's outputs (LSTMa).")
    boolean attention;

    @Option(names = "--recursive", description = "encoder-decoder: feed each step's forecast to the next (one-step model"
            + " applied recursively) instead of forecasting all steps at once from the calendar (direct).")
    boolean recursive;

    @Option(names = "--segment", converter = Ranges.Positive.class, paramLabel = "W", description = "Steps per segment;"
            + " must divide the look-back and the horizon (default: the largest of 48 and its divisors that does).")
    Integer segment;

    @Option(names = "--hidden", converter = Ranges.Positive.class,
            description = "Recurrent units (default: 512 for segrnn, 64 for encoder-decoder and darnn).")
    Integer hidden;

    @Option(names = "--dropout", converter = Ranges.DropProbability.class, defaultValue = "0.5",
            description = "Dropout before the output layer (default: ${DEFAULT-VALUE}).")
    float dropout;

    @Option(names = "--head", defaultValue = "point", description = "What the model outputs per future value: point (trained by"
            + " --loss; intervals from the validation errors), gaussian (a mean and a variance, negative log-likelihood) or"
            + " quantile (--quantiles, pinball loss) (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--loss", defaultValue = "mae", description = "A point head's loss: mae or mse (default: ${DEFAULT-VALUE}; MAE gave the lower test MSE on ETTh1).")
    String loss;

    @Option(names = "--quantiles", split = ",", defaultValue = "0.05,0.5,0.95", paramLabel = "Q,...",
            description = "A quantile head's levels, ascending (default: ${DEFAULT-VALUE}).")
    List<Double> quantiles;

    @Option(names = "--level", converter = Ranges.ZeroToOne.class, defaultValue = "0.9",
            description = "Confidence of the prediction intervals of a point or Gaussian head (default: ${DEFAULT-VALUE}).")
    double level;

    @Option(names = "--epochs", converter = Ranges.Positive.class, defaultValue = "30",
            description = "Passes over the training windows (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--patience", converter = Ranges.NonNegative.class, defaultValue = "10",
            description = "Stop after this many validations without a better loss; 0 = never (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--out", defaultValue = "forecast.model", description = "Model file to write (default: ${DEFAULT-VALUE});"
            + " also OUT.metrics.jsonl, OUT.loss.png and, while training, the checkpoint OUT.ckpt.")
    Path out;

    @Option(names = "--json", description = "Print the result as one JSON object on stdout (progress goes to stderr).")
    boolean json;

    /** SegRNN's ETTh1 settings: batch 256, Adam 0.001, no clipping; and a 14-minute budget so a default run ends within 15. */
    static final class Defaults implements IDefaultValueProvider {
        @Override
        public String defaultValue(ArgSpec arg) {
            if (arg instanceof OptionSpec o) {
                return switch (o.longestName()) {
                    case "--batch" -> "256";
                    case "--clip" -> "0";
                    case "--max-time" -> "14m";
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
            ForecastTrainCommand resumed = ResumedTraining.merge(loaded, ResumedTraining.typed(spec.commandLine().getParseResult()),
                    run.resume.getFileName().toString(), new ForecastTrainCommand(), MAY_CHANGE);
            new ForecastTraining(resumed).run(loaded, run.resume);
        } else {
            new ForecastTraining(this).run(null, null);
        }
    }
}
