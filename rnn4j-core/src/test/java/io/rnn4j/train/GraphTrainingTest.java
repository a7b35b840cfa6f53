package io.rnn4j.train;

import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.optim.Sgd;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A graph with two inputs and two outputs trains through the one {@link Trainer}: its update is
 * exactly the gradient of the weighted loss terms applied by the update rule, validation reports
 * the same weighted objective, and the model learns.
 */
class GraphTrainingTest {

    private static final int T = 5;
    private static final int B = 4;

    /** Inputs "a" (3 features) and "b" (2); outputs "value" (1 per step) and "label" (3 classes per step). */
    static SequenceModel model() {
        return SequenceModel.graph()
                .input("a", 3).input("b", 2)
                .add("ra", new RecurrentLayer(RecurrentConfig.gru(3, 6), RecurrentLayer.Output.SEQUENCE), "a")
                .add("rb", new RecurrentLayer(RecurrentConfig.lstm(2, 6), RecurrentLayer.Output.SEQUENCE), "b")
                .add("both", Merge.sum(), "ra", "rb")
                .add("valueHead", new Dense(6, 1), "both")
                .add("labelHead", new Dense(6, 3), "ra")
                .output("value", "valueHead").output("label", "labelHead")
                .initialize(Init.PYTORCH, 3);
    }

    /** value_t = a_t[0] + b_t[1]; label_t = the index of the largest feature of a_t. */
    static Batch batch(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[T * B * 3];
        float[] b = new float[T * B * 2];
        float[] value = new float[T * B];
        int[] label = new int[T * B];
        for (int row = 0; row < T * B; row++) {
            for (int j = 0; j < 3; j++) {
                a[row * 3 + j] = (float) r.nextDouble(-1, 1);
            }
            for (int j = 0; j < 2; j++) {
                b[row * 2 + j] = (float) r.nextDouble(-1, 1);
            }
            value[row] = a[row * 3] + b[row * 2 + 1];
            int best = 0;
            for (int j = 1; j < 3; j++) {
                best = a[row * 3 + j] > a[row * 3 + best] ? j : best;
            }
            label[row] = best;
        }
        return Batch.named(
                Map.of("a", Seq.ofValues(a, T, B, 3, null), "b", Seq.ofValues(b, T, B, 2, null)),
                Map.of("value", Targets.values(value), "label", Targets.classes(label)));
    }

    static Objective objective() {
        return Objective.of(new Objective.Term("value", new MeanSquaredError(), 0.5),
                new Objective.Term("label", new SoftmaxCrossEntropy(), 2.0));
    }

    @Test
    void oneUpdateIsTheGradientOfTheWeightedTermsAppliedByTheRule() {
        Batch batch = batch(1);
        SequenceModel trained = model();
        UpdateRule rule = UpdateRule.of(new Sgd(trained.parameters())).learningRate(0.1).build();
        TrainingResult r = new Trainer(Bptt.full(trained, objective(), rule), TrainingConfig.builder().maxSteps(1).build())
                .fit(BatchSource.fixed(List.of(batch)), (BatchSource) null);
        assertEquals(1, r.steps());

        SequenceModel manual = model();
        List<SequenceModel.LossTerm> terms = List.of(
                new SequenceModel.LossTerm("value", new MeanSquaredError(), batch.targetsFor("value"), 0.5),
                new SequenceModel.LossTerm("label", new SoftmaxCrossEntropy(), batch.targetsFor("label"), 2.0));
        manual.parameters().zeroGrad();
        manual.gradient(batch.namedInputs(), terms, new ForwardContext(true, new SplittableRandom(0), Map.of()));
        UpdateRule.of(new Sgd(manual.parameters())).learningRate(0.1).build().apply(manual.parameters());
        assertArrayEquals(manual.parameters().values(), trained.parameters().values());
    }

    @Test
    void validationReportsTheWeightedObjectiveOverTheWholeSet() {
        SequenceModel m = model();
        List<Batch> batches = List.of(batch(2), batch(3));
        double[] mse = new double[2];
        double[] ce = new double[2];
        for (Batch b : batches) {
            SequenceModel.Pass p = m.forward(b.namedInputs(), ForwardContext.inference());
            var rv = new MeanSquaredError().compute(p.output("value"), b.targetsFor("value"), new float[T * B]);
            var rl = new SoftmaxCrossEntropy().compute(p.output("label"), b.targetsFor("label"), new float[T * B * 3]);
            mse[0] += rv.loss() * rv.count();
            mse[1] += rv.count();
            ce[0] += rl.loss() * rl.count();
            ce[1] += rl.count();
        }
        double expected = 0.5 * mse[0] / mse[1] + 2.0 * ce[0] / ce[1];
        assertEquals(expected, Trainer.evaluate(m, objective(), BatchSource.fixed(batches), false, 0), 1e-9);
    }

    @Test
    void aTwoInputTwoOutputGraphLearnsThroughTheTrainer() {
        SequenceModel m = model();
        List<Batch> train = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            train.add(batch(100 + i));
        }
        BatchSource validation = BatchSource.fixed(List.of(batch(7), batch(8)));
        double before = Trainer.evaluate(m, objective(), validation, false, 0);
        UpdateRule rule = UpdateRule.of(Adam.adam(m.parameters())).learningRate(0.01).build();
        TrainingResult r = new Trainer(Bptt.full(m, objective(), rule),
                TrainingConfig.builder().epochs(25).validateEvery(80).seed(5).build())
                .fit(BatchSource.shuffled(train), validation);
        assertTrue(r.bestValidationLoss() < 0.3 * before,
                "objective " + before + " -> " + r.bestValidationLoss());
    }

    @Test
    void wrongObjectivesAndBatchesAreRefusedByName() {
        SequenceModel m = model();
        UpdateRule rule = UpdateRule.of(new Sgd(m.parameters())).build();
        var noSuchOutput = assertThrows(IllegalArgumentException.class, () -> Bptt.full(m,
                Objective.of(new Objective.Term("score", new MeanSquaredError(), 1.0)), rule));
        assertTrue(noSuchOutput.getMessage().contains("output 'score'"), noSuchOutput.getMessage());
        var unnamed = assertThrows(IllegalArgumentException.class, () -> Bptt.full(m, new MeanSquaredError(), rule));
        assertTrue(unnamed.getMessage().contains("name the output"), unnamed.getMessage());
        var truncated = assertThrows(IllegalArgumentException.class,
                () -> Bptt.truncated(m, new MeanSquaredError(), rule, 2, 2));
        assertTrue(truncated.getMessage().contains("only output"), truncated.getMessage());

        Batch missing = Batch.named(batch(1).namedInputs(), Map.of("value", batch(1).targetsFor("value")));
        Bptt bptt = Bptt.full(m, objective(), rule);
        var noTargets = assertThrows(IllegalArgumentException.class,
                () -> bptt.train(missing, StepContext.standalone(new SplittableRandom(1))));
        assertTrue(noTargets.getMessage().contains("no targets for output 'label'"), noTargets.getMessage());
    }
}
