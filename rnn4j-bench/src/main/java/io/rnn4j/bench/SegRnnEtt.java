package io.rnn4j.bench;

import io.rnn4j.forecast.ForecastBatches;
import io.rnn4j.forecast.ForecastMetrics;
import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.SegRnnNetwork;
import io.rnn4j.forecast.SegRnnConfig;
import io.rnn4j.forecast.Standardizer;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.forecast.TimeSeriesCsv;
import io.rnn4j.forecast.TimeSplit;
import io.rnn4j.forecast.Windows;
import io.rnn4j.kernel.Parallel;
import io.rnn4j.loss.Loss;
import io.rnn4j.loss.MeanAbsoluteError;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.LearningRateSchedule;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.Validation;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * SegRNN on ETTh1 by the released protocol (8,640/2,880/2,880 rows, z-scores of the training
 * part, Adam, SegRNN's "type3" schedule: the rate held for four epochs, then × 0.8 per epoch,
 * best validation epoch kept), timed, then scored on every test window and on the windows the
 * released code scored (its test loader dropped the last partial batch).
 *
 * <pre>  java -cp rnn4j-bench/target/rnn4j-benchmarks.jar io.rnn4j.bench.SegRnnEtt CSV H [key=value ...]</pre>
 * keys: series=all|OT, lookback=720, segment=48, hidden=512, dropout=0.5, lr=0.001, batch=256,
 * epochs=30, patience=10, seconds=0 (no limit), loss=mse|mae, seed=1, threads, validate=true (false: time training
 * alone, as the PyTorch peer's epochs/s does).
 */
public final class SegRnnEtt {

    private SegRnnEtt() {
    }

    public static void main(String[] args) throws Exception {
        Path csv = Path.of(args[0]);
        int horizon = Integer.parseInt(args[1]);
        java.util.Map<String, String> o = new java.util.HashMap<>();
        for (int i = 2; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            o.put(kv[0], kv[1]);
        }
        if (o.containsKey("threads")) {
            Parallel.setThreads(Integer.parseInt(o.get("threads")));
        }
        TimeSeries all = TimeSeriesCsv.read(csv, null).series();
        String series = o.getOrDefault("series", "all");
        TimeSeries raw = series.equals("all") ? all : all.select(List.of(series));
        TimeSplit split = TimeSplit.parse("8640,2880,2880", raw.rows());
        Standardizer z = Standardizer.fit(raw, split.train());
        TimeSeries s = z.apply(raw);
        int lookback = Integer.parseInt(o.getOrDefault("lookback", "720"));
        int batch = Integer.parseInt(o.getOrDefault("batch", "256"));
        double lr = Double.parseDouble(o.getOrDefault("lr", "0.001"));
        int epochs = Integer.parseInt(o.getOrDefault("epochs", "30"));
        long seed = Long.parseLong(o.getOrDefault("seed", "1"));
        SegRnnConfig c = new SegRnnConfig(lookback, horizon, Integer.parseInt(o.getOrDefault("segment", "48")),
                Integer.parseInt(o.getOrDefault("hidden", "512")), Float.parseFloat(o.getOrDefault("dropout", "0.5")),
                s.width(), s.width() > 1);
        SegRnnNetwork net = SegRnnNetwork.create(c, seed);
        SequenceModel model = net.model();
        Windows train = Windows.of(lookback, horizon, 0, split.train(), raw.source());
        Windows val = Windows.of(lookback, horizon, split.validationStart(), split.testStart(), raw.source());
        Windows test = Windows.of(lookback, horizon, split.testStart(), split.end(), raw.source());
        ForecastBatches.Builder builder = starts -> net.batch(s, starts);
        BatchSource trainBatches = ForecastBatches.training(train, batch, builder);
        List<Batch> valBatches = ForecastBatches.inOrder(val, batch, builder);
        int perEpoch = train.count() / batch;
        Loss loss = o.getOrDefault("loss", "mse").equals("mae") ? new MeanAbsoluteError() : new MeanSquaredError();
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters()))
                .schedule(LearningRateSchedule.holdThenStepDecay(lr, 4L * perEpoch, perEpoch, 0.8)).build();
        boolean validate = Boolean.parseBoolean(o.getOrDefault("validate", "true"));
        TrainingConfig cfg = TrainingConfig.builder().epochs(epochs).validateEvery(validate ? perEpoch : 0)
                .maxSeconds(Double.parseDouble(o.getOrDefault("seconds", "0")))
                .earlyStopping(Integer.parseInt(o.getOrDefault("patience", "10")), 0).restoreBest(true).seed(seed).build();
        System.out.printf(Locale.ROOT, "SegRNN %s H=%d L=%d w=%d D=%d: %,d parameters, %,d training windows (%d batches of %d),"
                        + " %d threads%n", series, horizon, lookback, c.segment(), c.hidden(), model.parameters().size(),
                train.count(), perEpoch, batch, Parallel.threads());
        long t0 = System.nanoTime();
        Trainer trainer = new Trainer(Bptt.full(model, Objective.of(loss), rule), cfg).addListener(m -> {
            if (m.hasValidation()) {
                System.out.printf(Locale.ROOT, "epoch %d (update %d): validation %s %.4f, %.1f s%n", m.step() / perEpoch, m.step(),
                        o.getOrDefault("loss", "mse"), m.validationLoss(), (System.nanoTime() - t0) / 1e9);
            }
        });
        TrainingResult r = trainer.fit(trainBatches,
                validate ? Validation.loss(Objective.of(loss), (e, sd) -> valBatches, false, seed) : null, null);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Forecaster f = new Forecaster(net, s.columns(), "date", split, z, 3600, 0.9, null);
        int scoredByRelease = test.count() / batch * batch;
        ForecastMetrics every = f.evaluate(s, test, batch, new ForecastMetrics(null, null));
        ForecastMetrics dropped = f.evaluate(s, new Windows(lookback, horizon, test.first(), scoredByRelease), batch,
                new ForecastMetrics(null, null));
        System.out.printf(Locale.ROOT, "RESULT series=%s H=%d L=%d: %d updates, %d epochs, %.1f s (%.4f epochs/s); best validation"
                        + " %.4f at update %d; test MSE %.4f MAE %.4f (all %d windows); MSE %.4f MAE %.4f (first %d, as released)%n",
                series, horizon, lookback, r.steps(), r.steps() / perEpoch, seconds, r.steps() / (double) perEpoch / seconds,
                r.bestValidationLoss(), r.bestStep(), every.mse(), every.mae(), test.count(), dropped.mse(), dropped.mae(),
                scoredByRelease);
    }
}
