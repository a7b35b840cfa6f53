package io.rnn4j.spark;

import io.rnn4j.forecast.Forecaster;
import io.rnn4j.forecast.Prediction;
import io.rnn4j.forecast.TimeSeries;
import io.rnn4j.io.ForecastModelFile;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A forecaster on windows: each row's look-back (L rows of the model's input series, raw units)
 * and end time give {@code forecast}, the next H rows of the forecast series in raw units, and
 * the interval's {@code lower} and {@code upper} ends when the model has intervals. Windows are
 * forecast B at a time, laid end to end in one series with H unknown rows after each (whose
 * times, every {@link Forecaster#interval()} seconds, give the calendar features), exactly as
 * {@code rnn4j forecast predict} forecasts past a file's end.
 */
final class ForecastScoring implements RowScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "forecaster";

    @Override
    public int inputs() {
        return 2;
    }

    @Override
    public void check(StructType schema, List<String> names) {
        DataType values = schema.apply(names.get(0)).dataType();
        if (!(values instanceof ArrayType outer && outer.elementType() instanceof ArrayType inner
                && inner.elementType() instanceof NumericType)) {
            throw new IllegalArgumentException("column '" + names.get(0) + "' is " + values.simpleString()
                    + "; a forecaster reads each window's values as array<array<double>> (look-back rows of series)");
        }
        DataType end = schema.apply(names.get(1)).dataType();
        if (!(end instanceof NumericType || end.equals(DataTypes.TimestampType) || end.equals(DataTypes.TimestampNTZType))) {
            throw new IllegalArgumentException("column '" + names.get(1) + "' is " + end.simpleString()
                    + "; a window's end is epoch seconds (a number) or a timestamp");
        }
    }

    @Override
    public Object read(Row row, int[] indices) {
        try {
            return ForecastWindow.of(row.isNullAt(indices[0]) ? null : row.get(indices[0]),
                    row.isNullAt(indices[1]) ? null : row.get(indices[1]));
        } catch (IllegalArgumentException e) {
            return new UnreadableInput(e.getMessage());
        }
    }

    @Override
    public List<StructField> columns(String prefix) {
        DataType rows = DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType, false), false);
        return List.of(DataTypes.createStructField(prefix + "forecast", rows, true),
                DataTypes.createStructField(prefix + "lower", rows, true),
                DataTypes.createStructField(prefix + "upper", rows, true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        Forecaster f = Executors.model(source, KIND, ForecastModelFile::load);
        if (f.interval() <= 0) {
            throw new IllegalArgumentException(source.name() + " does not know its series' time step; retrain it with this"
                    + " version of rnn4j forecast train");
        }
        int lookback = f.lookback();
        int width = f.inputColumns().size();
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Object in = inputs.get(i);
            if (in instanceof UnreadableInput u) {
                out[i] = RowOutcome.refused(u.reason());
                continue;
            }
            String problem = problem((ForecastWindow) in, lookback, width, f.inputColumns());
            if (problem != null) {
                out[i] = RowOutcome.refused(problem);
            } else {
                pending.add(i);
            }
        }
        for (int from = 0; from < pending.size(); from += batch) {
            List<Integer> rows = pending.subList(from, Math.min(pending.size(), from + batch));
            List<double[][][]> forecasts = forecast(f, rows.stream().map(i -> (ForecastWindow) inputs.get(i)).toList());
            for (int k = 0; k < rows.size(); k++) {
                double[][][] r = forecasts.get(k);
                out[rows.get(k)] = RowOutcome.of(r[0], r[1], r[2]);
            }
        }
        return Arrays.asList(out);
    }

    private static String problem(ForecastWindow w, int lookback, int width, List<String> columns) {
        if (w.values().length != lookback) {
            return "the window has " + w.values().length + " rows; the model reads a look-back of " + lookback;
        }
        for (int t = 0; t < lookback; t++) {
            if (w.values()[t].length != width) {
                return "look-back row " + t + " has " + w.values()[t].length + " values; the model reads " + width + " (" + columns + ")";
            }
            for (int c = 0; c < width; c++) {
                if (!Double.isFinite(w.values()[t][c])) {
                    return "look-back row " + t + ", series " + columns.get(c) + " is " + w.values()[t][c];
                }
            }
        }
        return null;
    }

    /** Forecast, lower and upper (H, C) in raw units for each window; lower and upper null without intervals. */
    static List<double[][][]> forecast(Forecaster f, List<ForecastWindow> windows) {
        int lookback = f.lookback();
        int horizon = f.horizon();
        int width = f.inputColumns().size();
        int span = lookback + horizon;
        int rows = windows.size() * span;
        long[] times = new long[rows];
        float[] values = new float[rows * width];
        Arrays.fill(values, Float.NaN);
        int[] starts = new int[windows.size()];
        for (int k = 0; k < windows.size(); k++) {
            ForecastWindow w = windows.get(k);
            int base = k * span;
            for (int t = 0; t < span; t++) {
                times[base + t] = w.end() + (long) (t - lookback + 1) * f.interval();
            }
            for (int t = 0; t < lookback; t++) {
                for (int c = 0; c < width; c++) {
                    values[(base + t) * width + c] = (float) w.values()[t][c];
                }
            }
            starts[k] = base + lookback;
        }
        TimeSeries raw = new TimeSeries("spark windows", times, f.inputColumns(), values);
        Prediction p = f.predict(f.scaler().apply(raw), starts);
        int cs = f.columns().size();
        List<double[][][]> out = new ArrayList<>(windows.size());
        for (int k = 0; k < windows.size(); k++) {
            double[][] point = new double[horizon][cs];
            double[][] lower = p.hasIntervals() ? new double[horizon][cs] : null;
            double[][] upper = p.hasIntervals() ? new double[horizon][cs] : null;
            for (int h = 0; h < horizon; h++) {
                for (int c = 0; c < cs; c++) {
                    int at = (k * horizon + h) * cs + c;
                    point[h][c] = f.scaler().invert(p.point()[at], c);
                    if (lower != null) {
                        lower[h][c] = f.scaler().invert(p.lower()[at], c);
                        upper[h][c] = f.scaler().invert(p.upper()[at], c);
                    }
                }
            }
            out.add(new double[][][]{point, lower, upper});
        }
        return out;
    }
}
