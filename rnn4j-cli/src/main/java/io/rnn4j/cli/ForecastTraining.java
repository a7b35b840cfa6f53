package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.forecast.ForecastBatches;
import io.rnn4j.forecast.EncoderDecoder;
import io.rnn4j.forecast.EncoderDecoderConfig;
import io.rnn4j.forecast.DaRnn;
import io.rnn4j.forecast.DaRnnConfig;
import io.rnn4j.forecast.ForecastHead;
import io.rnn4j.forecast.ForecastNetwork;
import io.rnn4j.forecast.SegRnnNetwork;
import io.rnn4j.forecast.ForecastMetrics;
import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.ResidualIntervals;
import io.rnn4j.forecast.SegRnnConfig;
import io.rnn4j.forecast.Standardizer;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.forecast.Windows;
import io.rnn4j.io.Checkpoint;
import io.rnn4j.io.ForecastModelFile;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One run of {@code rnn4j forecast train}: reads the CSV file, splits its rows in time order,
 * scales the series with the training part, trains the forecaster (SegRNN, an encoder–decoder or
 * DA-RNN) with the one trainer (progress, metrics, checkpoints, Ctrl-C, exact resume; SegRNN's schedule: the rate held
 * four epochs, then × 0.8 per epoch; the weights of the best validation loss kept), fits
 * prediction intervals on the validation part, scores the test part and writes the model.
 */
final class ForecastTraining {

    static final int EVAL_BATCH = 256;

    private final ForecastTrainCommand o;

    ForecastTraining(ForecastTrainCommand options) {
        this.o = options;
    }

    void run(Checkpoint.Loaded loaded, Path loadedFrom) {
        o.threads.apply();
        ApplicationTraining.reporting(o.json, () -> train(loaded, loadedFrom));
    }

    /** The largest of 48 and its divisors that divides both the look-back and the horizon. */
    static int defaultSegment(int lookback, int horizon) {
        for (int w = 48; w > 1; w--) {
            if (48 % w == 0 && lookback % w == 0 && horizon % w == 0) {
                return w;
            }
        }
        return 1;
    }

    private JsonObject train(Checkpoint.Loaded loaded, Path loadedFrom) {
        if (o.horizon == null) {
            throw new UsageException("--horizon H is required (or --resume CHECKPOINT)");
        }
        if (o.all && o.targets != null) {
            throw new IllegalArgumentException("give --target COL or --all, not both");
        }
        Path checkpointFile = Path.of(o.out + ".ckpt");
        Path metricsFile = Path.of(o.out + ".metrics.jsonl");
        Path plotFile = Path.of(o.out + ".loss.png");
        if (o.data.csv == null) {
            throw new UsageException("--csv FILE is required (or --resume CHECKPOINT)");
        }
        TrainingOutputs.checkFilesReading(Map.of("--csv", o.data.csv), o.out, loadedFrom, metricsFile, plotFile, checkpointFile);
        boolean darnn = o.model.equals("darnn");
        if (darnn && (o.all || o.targets == null || o.targets.size() != 1)) {
            throw new UsageException("--model darnn forecasts one series from the others: give --target COL"
                    + " (and --drivers COL,..., or every other column drives it)");
        }
        if (!darnn && o.drivers != null) {
            throw new UsageException("--drivers is for --model darnn; " + o.model + " reads only the series it forecasts");
        }
        if (darnn && o.drivers != null && o.drivers.contains(o.targets.get(0))) {
            throw new UsageException("--drivers includes the --target '" + o.targets.get(0) + "'; the target's own past"
                    + " is read anyway");
        }
        List<String> wanted = darnn ? (o.drivers == null ? null : concat(o.targets, o.drivers)) : o.targets;
        ForecastData.Loaded data = ForecastData.read(o.data, wanted, System.out);
        TimeSeries raw = darnn ? targetFirst(data.series(), o.targets.get(0)) : data.series();
        List<String> drivers = darnn ? raw.columns().subList(1, raw.width()) : List.of();
        int lookback = lookback();
        TimeSplit split = TimeSplit.parse(o.split, raw.rows());
        Standardizer scaler = Standardizer.fit(raw, split.train());
        TimeSeries scaled = scaler.apply(raw);
        String where = raw.source() + " (split " + split + ")";
        Windows train = Windows.of(lookback, o.horizon, 0, split.train(), where + ", training part");
        Windows validation = split.validation() >= o.horizon
                ? Windows.of(lookback, o.horizon, split.validationStart(), split.testStart(), where + ", validation part") : null;
        Windows test = split.test() >= o.horizon ? Windows.of(lookback, o.horizon, split.testStart(), split.end(),
                where + ", test part") : null;
        Forecaster forecaster;
        if (loaded == null) {
            ApplicationTraining.refuseStaleCheckpoint(checkpointFile);
            int forecast = raw.width() - drivers.size();
            forecaster = new Forecaster(network(forecast, drivers.size()), raw.columns().subList(0, forecast), drivers,
                    data.timeColumn(), split, scaler,
                    data.report().interval(), o.level, null);
        } else {
            ApplicationTraining.requireSameData(loaded, loadedFrom, o.data.csv, data.digest());
            forecaster = Forecaster.fromJson(loaded.model(), loaded.manifest().get("forecast"));
        }
        SequenceModel model = forecaster.model();
        Forecaster f = forecaster;
        BatchSource trainBatches = ForecastBatches.training(train, o.run.batch, starts -> f.batch(scaled, starts));
        int perEpoch = train.count() / o.run.batch;
        System.out.printf(Locale.ROOT, "rnn4j forecast train: %s on %,d training windows x %d series, %,d updates per epoch;"
                        + " %,d parameters; %d thread(s), gemm %s%n", forecaster.network().describe(), train.count(), raw.width(), perEpoch,
                model.parameters().size(), Parallel.threads(), Blas.backend().name());
        Objective objective = !(forecaster.network() instanceof SegRnnNetwork) // graphs with a named output
                ? Objective.of(new Objective.Term("forecast", forecaster.network().head().loss(), 1.0))
                : Objective.of(forecaster.network().head().loss());
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters()))
                .schedule(LearningRateSchedule.holdThenStepDecay(o.run.lr, 4L * perEpoch, perEpoch, 0.8)).clipNorm(o.run.clip).build();
        JsonObject extra = new JsonObject();
        extra.add("forecast", forecaster.toJson());
        extra.addProperty("data_sha256", data.digest());
        extra.add("options", ResumedTraining.toJson(ResumedTraining.arguments(o.spec)));
        ApplicationTraining.Setup setup = new ApplicationTraining.Setup(o.run, o.epochs, perEpoch, perEpoch,
                rateUnit(forecaster.network()), metricsFile, checkpointFile, model, extra, o.patience);
        Validation check = validation == null ? null : Validation.loss(objective,
                (epoch, seed) -> ForecastBatches.inOrder(validation, EVAL_BATCH, starts -> f.batch(scaled, starts)), false,
                o.run.seed);
        JsonObject[] result = new JsonObject[1];
        ApplicationTraining.fit(setup, Bptt.full(model, objective, rule), trainBatches, check, loaded, loadedFrom,
                (r, metrics) -> result[0] = finish(r, f, data, raw, scaled, validation, test, metrics, checkpointFile, plotFile));
        return result[0];
    }

    private JsonObject finish(TrainingResult r, Forecaster trained, ForecastData.Loaded data, TimeSeries raw, TimeSeries scaled,
                              Windows validation,
                              Windows test, MetricsLog metrics, Path checkpointFile, Path plotFile) {
        LossPlot.writeOrWarn(plotFile, metrics);
        Forecaster forecaster = trained;
        if (validation != null && !trained.network().head().probabilistic()) {
            forecaster = trained.withIntervals(ResidualIntervals.fit(trained.level(), trained.horizon(), trained.columns().size(),
                    trained.predict(scaled, validation, EVAL_BATCH).point(), Forecaster.actuals(scaled, validation, trained.columns().size())));
        }
        JsonObject out = new JsonObject();
        out.addProperty("horizon", forecaster.horizon());
        out.addProperty("lookback", forecaster.lookback());
        out.addProperty("updates", r.steps());
        out.addProperty("seconds", r.seconds());
        if (!Double.isNaN(r.bestValidationLoss())) {
            out.addProperty("validation_loss", r.bestValidationLoss());
        }
        ForecastMetrics scores = null;
        if (test != null) {
            scores = forecaster.evaluate(scaled, test, EVAL_BATCH, new ForecastMetrics(forecaster.scaler(),
                    ForecastMetrics.naiveScale(raw, forecaster.split().train(), 1)));
            ForecastReport.addScores(out, scores, forecaster, test.count());
        }
        JsonObject extra = new JsonObject();
        JsonObject prov = TrainingOutputs.provenance(r, o.data.csv, data.digest(), o.run.seed);
        if (scores != null) {
            prov.addProperty("test_mse", scores.mse());
            prov.addProperty("test_mae", scores.mae());
        }
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", "forecast " + String.join(" ", ResumedTraining.arguments(o.spec)));
        extra.add("provenance", prov);
        try {
            CliFiles.noteRemovedFolder(o.out);
            ForecastModelFile.save(o.out, forecaster, extra);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        TrainingOutputs.settleCheckpoint(r, checkpointFile, "forecast train");
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; best validation loss %s; %s; saved %s (metrics %s, plot %s)%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.4f at update %d",
                        r.bestValidationLoss(), r.bestStep()),
                scores == null ? "no test part" : ForecastReport.line(scores, test.count()), o.out,
                metricsFile(), plotFile.getFileName());
        TrainingOutputs.refuseIfNothingTrained(r);
        return out;
    }

    /** What the progress rate counts: the loss's rows, which are output segments, forecast steps or windows. */
    private static String rateUnit(ForecastNetwork network) {
        return switch (network.kind()) {
            case "segrnn" -> "seg/s";
            case "encoder-decoder" -> "step/s";
            default -> "win/s";
        };
    }

    private RecurrentConfig.CellType cell() {
        return switch (o.cell) {
            case "lstm" -> RecurrentConfig.CellType.LSTM;
            case "gru" -> RecurrentConfig.CellType.GRU;
            default -> throw new UsageException("--cell takes lstm or gru, not '" + o.cell + "'");
        };
    }

    /** --lookback, or the model's default: 96 for DA-RNN (its input attention costs L x L per step), else 720. */
    private int lookback() {
        return o.lookback != null ? o.lookback : o.model.equals("darnn") ? 96 : 720;
    }

    /** DA-RNN's series: the target, then every other column of {@code read} as its drivers. */
    private static TimeSeries targetFirst(TimeSeries read, String target) {
        if (!read.columns().contains(target)) {
            throw new IllegalArgumentException(read.source() + ":1: no column '" + target + "' to forecast; the file's series are "
                    + String.join(", ", read.columns()));
        }
        List<String> drivers = read.columns().stream().filter(c -> !c.equals(target)).toList();
        if (drivers.isEmpty()) {
            throw new IllegalArgumentException(read.source() + ": DA-RNN needs driving series beside '" + target
                    + "', and the file has no other column");
        }
        return read.select(concat(List.of(target), drivers));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** The network the options ask for, initialised from the seed. */
    private ForecastNetwork network(int channels, int drivers) {
        int lookback = lookback();
        int horizon = o.horizon;
        return switch (o.model) {
            case "segrnn" -> {
                int segment = o.segment != null ? o.segment : defaultSegment(lookback, horizon);
                yield SegRnnNetwork.create(new SegRnnConfig(lookback, horizon, segment, o.hidden == null ? 512 : o.hidden, o.dropout,
                        channels, channels > 1, head()), o.run.seed);
            }
            case "encoder-decoder" -> EncoderDecoder.create(new EncoderDecoderConfig(lookback, horizon, cell(),
                    o.hidden == null ? 64 : o.hidden, o.layers, o.attention, o.recursive, o.dropout, channels, head()), o.run.seed);
            case "darnn" -> DaRnn.create(new DaRnnConfig(lookback, horizon, drivers, cell(), o.hidden == null ? 64 : o.hidden,
                    o.dropout, head()), o.run.seed);
            default -> throw new UsageException("--model takes segrnn, encoder-decoder or darnn, not '" + o.model + "'");
        };
    }

    /** The head the options ask for: point (with --loss), gaussian, or quantile (with --quantiles). */
    private ForecastHead head() {
        return switch (o.head) {
            case "point" -> ForecastHead.point(o.loss);
            case "gaussian" -> ForecastHead.gaussian();
            case "quantile" -> ForecastHead.quantile(o.quantiles.stream().mapToDouble(Double::doubleValue).toArray());
            default -> throw new UsageException("--head takes point, gaussian or quantile, not '" + o.head + "'");
        };
    }

    private String metricsFile() {
        return Path.of(o.out + ".metrics.jsonl").getFileName().toString();
    }
}
