package io.rnn4j.spark;

import io.rnn4j.io.ModelFile;
import io.rnn4j.io.ReservoirFile;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.reservoir.EchoStateNetwork;
import io.rnn4j.tensor.Seq;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.NumericType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Any sequence model that reads vectors ({@link ModelFile}: a task's network, an imported ONNX or
 * PyTorch model), or an echo state network ({@link ReservoirFile}), on numeric sequences: each row's sequence, {@code array<array<double>>} of T
 * steps of the model's F inputs, or {@code array<double>} when F = 1, gives {@code outputs}, the
 * model's output at every step (T, O), and {@code output}, the last step's (O). Rows are sorted by
 * length and run B at a time as one padded batch with their lengths, so each row's outputs equal
 * the row run alone up to float summation order.
 */
final class SequenceScoring extends SingleColumnScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "sequence-model";

    @Override
    public void check(StructType schema, List<String> names) {
        DataType t = schema.apply(names.get(0)).dataType();
        boolean flat = t instanceof ArrayType a && a.elementType() instanceof NumericType;
        boolean nested = t instanceof ArrayType a2 && a2.elementType() instanceof ArrayType inner
                && inner.elementType() instanceof NumericType;
        if (!flat && !nested) {
            throw new IllegalArgumentException("column '" + names.get(0) + "' is " + t.simpleString() + "; a sequence model reads"
                    + " array<array<double>> (steps of input vectors), or array<double> for one input per step");
        }
    }

    @Override
    public Object read(Row row, int[] indices) {
        if (row.isNullAt(indices[0])) {
            return null;
        }
        try {
            return Sequences.of(row.get(indices[0]));
        } catch (IllegalArgumentException e) {
            return new UnreadableInput(e.getMessage());
        }
    }

    @Override
    public List<StructField> columns(String prefix) {
        DataType vector = DataTypes.createArrayType(DataTypes.DoubleType, false);
        return List.of(DataTypes.createStructField(prefix + "output", vector, true),
                DataTypes.createStructField(prefix + "outputs", DataTypes.createArrayType(vector, false), true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        Object model = Executors.model(source, KIND, SequenceScoring::load);
        int features = model instanceof EchoStateNetwork esn ? esn.config().inputSize() : ((SequenceModel) model).inputSize();
        RowOutcome[] out = new RowOutcome[inputs.size()];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            Object in = inputs.get(i);
            if (in instanceof UnreadableInput u) {
                out[i] = RowOutcome.refused(u.reason());
                continue;
            }
            double[][] steps = (double[][]) in;
            String problem = Sequences.problem(steps, features, maxTokens);
            if (problem != null) {
                out[i] = RowOutcome.refused(problem);
            } else {
                pending.add(i);
            }
        }
        pending.sort(Comparator.comparingInt((Integer i) -> ((double[][]) inputs.get(i)).length).reversed());
        for (int from = 0; from < pending.size(); from += batch) {
            List<Integer> rows = pending.subList(from, Math.min(pending.size(), from + batch));
            List<double[][]> sequences = rows.stream().map(i -> (double[][]) inputs.get(i)).toList();
            List<double[][]> outputs = model instanceof EchoStateNetwork esn ? run(esn, sequences)
                    : run((SequenceModel) model, sequences);
            for (int k = 0; k < rows.size(); k++) {
                double[][] o = outputs.get(k);
                out[rows.get(k)] = RowOutcome.of(o[o.length - 1], o);
            }
        }
        return Arrays.asList(out);
    }

    /** A sequence model, or an echo state network (whose files hold a reservoir instead). */
    private static Object load(java.nio.file.Path p) {
        try {
            return ModelFile.load(p).model();
        } catch (io.rnn4j.io.ModelFormatException e) {
            if (!e.getMessage().endsWith("holds an echo state network; load it with ReservoirFile.load")) {
                throw e;
            }
            return ReservoirFile.load(p).network();
        }
    }

    /**
     * An echo state network's outputs for each sequence, each from the zero state. The network
     * keeps its state in itself, so the tasks of an executor take turns with it.
     */
    static List<double[][]> run(EchoStateNetwork esn, List<double[][]> sequences) {
        List<double[][]> out = new ArrayList<>(sequences.size());
        synchronized (esn) {
            for (double[][] x : sequences) {
                esn.reset();
                out.add(esn.run(x));
            }
        }
        return out;
    }

    /** Every step's output (T_b, O) of each sequence, the sequences run as one padded batch. */
    static List<double[][]> run(SequenceModel model, List<double[][]> sequences) {
        int batch = sequences.size();
        int features = model.inputSize();
        int[] lengths = new int[batch];
        int steps = 0;
        for (int b = 0; b < batch; b++) {
            lengths[b] = sequences.get(b).length;
            steps = Math.max(steps, lengths[b]);
        }
        float[] x = new float[steps * batch * features];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                for (int f = 0; f < features; f++) {
                    x[(t * batch + b) * features + f] = (float) sequences.get(b)[t][f];
                }
            }
        }
        boolean padded = Arrays.stream(lengths).anyMatch(l -> l != lengths[0]);
        Seq y = model.forward(Seq.ofValues(x, steps, batch, features, padded ? lengths : null), ForwardContext.inference()).output();
        int o = y.features;
        List<double[][]> out = new ArrayList<>(batch);
        for (int b = 0; b < batch; b++) {
            double[][] r = new double[lengths[b]][o];
            for (int t = 0; t < lengths[b]; t++) {
                for (int k = 0; k < o; k++) {
                    r[t][k] = y.values[(t * batch + b) * o + k];
                }
            }
            out.add(r);
        }
        return out;
    }
}
