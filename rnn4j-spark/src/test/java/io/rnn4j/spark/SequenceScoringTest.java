package io.rnn4j.spark;

import com.google.gson.JsonObject;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A plain sequence model on numeric sequences of different lengths: every step's output equals the row run alone. */
class SequenceScoringTest {

    @TempDir
    static Path dir;
    static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = LocalSpark.get();
    }

    private static SequenceModel model(int features) {
        return new SequenceModel(features)
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(features, 6), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(6, 2))
                .initialize(Init.PYTORCH, 4);
    }

    private static double[] alone(SequenceModel m, double[][] x, int t) {
        int f = x[0].length;
        float[] v = new float[x.length * f];
        for (int s = 0; s < x.length; s++) {
            for (int k = 0; k < f; k++) {
                v[s * f + k] = (float) x[s][k];
            }
        }
        Seq y = m.forward(Seq.ofValues(v, x.length, 1, f, null), ForwardContext.inference()).output();
        return new double[]{y.values[t * 2], y.values[t * 2 + 1]};
    }

    @Test
    void everyStepsOutputEqualsTheRowAlone() throws Exception {
        SequenceModel m = model(3);
        Path file = dir.resolve("gru.rnn4j");
        ModelFile.save(file, m, new JsonObject(), null);
        SplittableRandom r = new SplittableRandom(2);
        List<Row> rows = new ArrayList<>();
        List<double[][]> inputs = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double[][] x = new double[1 + r.nextInt(12)][3];
            for (double[] step : x) {
                for (int k = 0; k < 3; k++) {
                    step[k] = r.nextDouble(-1, 1);
                }
            }
            inputs.add(x);
            rows.add(RowFactory.create(i, x));
        }
        StructType schema = new StructType().add("id", DataTypes.IntegerType)
                .add("x", DataTypes.createArrayType(DataTypes.createArrayType(DataTypes.DoubleType)));
        List<Row> scored = Scorer.sequenceModel(ModelSource.broadcast(spark, file)).withBatch(7)
                .transform(spark.createDataFrame(rows, schema).repartition(2), "x").collectAsList();
        assertEquals(30, scored.size());
        for (Row row : scored) {
            double[][] x = inputs.get(row.getInt(0));
            List<Object> outputs = row.getList(3);
            assertEquals(x.length, outputs.size());
            for (int t = 0; t < x.length; t++) {
                double[] expected = alone(m, x, t);
                scala.collection.Seq<?> got = (scala.collection.Seq<?>) outputs.get(t);
                assertEquals(expected[0], (Double) got.apply(0), 1e-5);
                assertEquals(expected[1], (Double) got.apply(1), 1e-5);
            }
            assertEquals(alone(m, x, x.length - 1)[1], (Double) row.getList(2).get(1), 1e-5, "output is the last step's");
        }
    }

    @Test
    void aFlatArrayIsOneInputPerStepAndBadSequencesGetReasons() throws Exception {
        SequenceModel m = model(1);
        Path file = dir.resolve("gru1.rnn4j");
        ModelFile.save(file, m, new JsonObject(), null);
        List<Row> rows = List.of(RowFactory.create(0, new double[]{0.5, -0.25, 1}), RowFactory.create(1, new double[0]),
                RowFactory.create(2, new double[]{1, Double.NaN}));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.createArrayType(DataTypes.DoubleType));
        List<Row> scored = Scorer.sequenceModel(ModelSource.broadcast(spark, file)).onError(Scorer.OnError.NULL_WITH_REASON)
                .transform(spark.createDataFrame(rows, schema), "x").orderBy("id").collectAsList();
        assertEquals(alone(m, new double[][]{{0.5}, {-0.25}, {1}}, 2)[0], (Double) scored.get(0).getList(2).get(0), 1e-5);
        assertEquals("the sequence is empty", scored.get(1).getString(4));
        assertEquals("step 1, input 0 is NaN", scored.get(2).getString(4));
        IllegalArgumentException text = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Scorer.sequenceModel(ModelSource.broadcast(spark, file)).transform(spark.createDataFrame(rows, schema), "id"));
        assertTrue(text.getMessage().startsWith("column 'id' is int; a sequence model reads"), text.getMessage());
    }

    @Test
    void anEchoStateNetworkRunsEachSequenceFromTheZeroState() throws Exception {
        io.rnn4j.reservoir.EchoStateNetwork esn = new io.rnn4j.reservoir.EchoStateNetwork(
                io.rnn4j.reservoir.ReservoirConfig.builder(30, 1, 1).spectralRadius(0.9).seed(3).build());
        double[][] u = new double[200][1];
        double[][] y = new double[200][1];
        for (int t = 0; t < 200; t++) {
            u[t][0] = Math.sin(t * 0.2);
            y[t][0] = Math.sin((t + 1) * 0.2);
        }
        esn.fit(u, y, 20, 1e-6);
        Path file = dir.resolve("esn.rnn4j");
        io.rnn4j.io.ReservoirFile.save(file, esn, null);
        List<Row> rows = List.of(RowFactory.create(0, new double[]{0.1, 0.2, 0.3}), RowFactory.create(1, new double[]{0.5, -0.5}));
        StructType schema = new StructType().add("id", DataTypes.IntegerType).add("x", DataTypes.createArrayType(DataTypes.DoubleType));
        List<Row> scored = Scorer.sequenceModel(ModelSource.broadcast(spark, file))
                .transform(spark.createDataFrame(rows, schema).repartition(2), "x").orderBy("id").collectAsList();
        io.rnn4j.reservoir.EchoStateNetwork own = io.rnn4j.io.ReservoirFile.load(file).network();
        double[][][] inputs = {{{0.1}, {0.2}, {0.3}}, {{0.5}, {-0.5}}};
        for (int i = 0; i < 2; i++) {
            own.reset();
            double[][] expected = own.run(inputs[i]);
            assertEquals(expected[expected.length - 1][0], (Double) scored.get(i).getList(2).get(0), 1e-12);
        }
    }
}
