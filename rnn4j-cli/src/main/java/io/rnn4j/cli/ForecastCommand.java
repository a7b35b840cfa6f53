package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j forecast}: time-series forecasting from a CSV file; {@code train}, {@code eval} and {@code predict}. */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast time series from a CSV file with a time column: a segment-recurrent GRU (SegRNN, the default),"
                + " an LSTM/GRU encoder-decoder or DA-RNN over the look-back, H steps ahead with prediction intervals."
                + " train, eval, predict.",
        subcommands = {ForecastTrainCommand.class, ForecastEvalCommand.class, ForecastPredictCommand.class})
final class ForecastCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
