package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.Loss;
import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.SoftmaxCrossEntropy;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Activation;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.Dropout;
import io.rnn4j.f64.nn.Embedding;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.ParameterSet;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.recurrent.JordanLayer;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference checks (double twin) of the non-recurrent layers, the losses and the
 * recurrent layer's output modes, through {@link SequenceModel#gradient}.
 */
class ModelGradientCheckTest {

    @Test
    void languageModelWithEmbeddingDropoutDenseAndCrossEntropy() {
        int vocab = 6;
        SequenceModel m = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 3))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(3, 4).layers(2).dropout(0.25), RecurrentLayer.Output.SEQUENCE))
                .add("drop", new Dropout(0.2))
                .add("head", new Dense(4, vocab));
        m.initialize(Init.PYTORCH, 3);
        SplittableRandom rng = new SplittableRandom(5);
        int steps = 5;
        int batch = 3;
        int[] tokens = new int[steps * batch];
        int[] targets = new int[steps * batch];
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = rng.nextInt(vocab);
            targets[i] = rng.nextInt(vocab);
        }
        targets[4] = -1; // an ignored row
        Seq in = Seq.ofTokens(tokens, steps, batch, new int[] {5, 3, 4});
        checkParameters(m, in, Targets.classes(targets), new SoftmaxCrossEntropy(), true, null);
    }

    @Test
    void regressionWithActivationsAndMse() {
        SequenceModel m = new SequenceModel(2)
                .add("pre", new Dense(2, 3))
                .add("act", new Activation(Activation.Kind.TANH))
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(3, 4).bidirectional(RecurrentConfig.Merge.SUM), RecurrentLayer.Output.SEQUENCE))
                .add("sig", new Activation(Activation.Kind.SIGMOID))
                .add("relu", new Activation(Activation.Kind.RELU))
                .add("head", new Dense(4, 2));
        m.initialize(Init.XAVIER, 4);
        SplittableRandom rng = new SplittableRandom(6);
        double[] x = GradientCheck.randn(rng, 4 * 2 * 2, 1);
        double[] y = GradientCheck.randn(rng, 4 * 2 * 2, 1);
        Seq in = Seq.ofValues(x, 4, 2, 2, new int[] {4, 2});
        checkParameters(m, in, Targets.values(y), new MeanSquaredError(), false, x);
    }

    @Test
    void sequenceClassificationFromLastStepAndFromFinalState() {
        for (RecurrentLayer.Output mode : new RecurrentLayer.Output[] {RecurrentLayer.Output.LAST, RecurrentLayer.Output.FINAL_STATE}) {
            SequenceModel m = new SequenceModel(3)
                    .add("rnn", new RecurrentLayer(RecurrentConfig.rnn(3, 4).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT), mode))
                    .add("head", new Dense(8, 3));
            m.initialize(Init.ORTHOGONAL, 8);
            SplittableRandom rng = new SplittableRandom(9);
            double[] x = GradientCheck.randn(rng, 5 * 3 * 3, 1);
            Seq in = Seq.ofValues(x, 5, 3, 3, new int[] {2, 5, 4});
            checkParameters(m, in, Targets.classes(new int[] {0, 2, 1}), new SoftmaxCrossEntropy(), false, x);
        }
    }

    @Test
    void jordanNetworkFreeRunningAndTeacherForcedWithMasks() {
        for (JordanLayer.OutputActivation act : JordanLayer.OutputActivation.values()) {
            for (boolean forcing : new boolean[] {false, true}) {
                SequenceModel m = new SequenceModel(3)
                        .add("jordan", new JordanLayer(3, 5, 2, act, forcing))
                        .add("head", new Dense(2, 2));
                m.initialize(Init.PYTORCH, 12);
                SplittableRandom rng = new SplittableRandom(13);
                double[] x = GradientCheck.randn(rng, 5 * 3 * 3, 1);
                double[] y = GradientCheck.randn(rng, 5 * 3 * 2, 0.5);
                Seq in = Seq.ofValues(x, 5, 3, 3, new int[] {5, 2, 4});
                // the teacher signal is the target of the Jordan layer's own output
                checkParameters(m, in, Targets.values(y), new MeanSquaredError(), forcing, x, forcing ? y : null);
            }
        }
    }

    private static void checkParameters(SequenceModel m, Seq in, Targets t, Loss loss, boolean training, double[] input) {
        checkParameters(m, in, t, loss, training, input, null);
    }

    private static void checkParameters(SequenceModel m, Seq in, Targets t, Loss loss, boolean training, double[] input,
                                        double[] teacher) {
        ParameterSet ps = m.parameters();
        DoubleSupplier f = () -> lossOnly(m, in, t, loss, training, teacher);
        ps.zeroGrad();
        SequenceModel.Pass pass = m.forward(in, context(training, teacher));
        double[] dOut = new double[pass.output().values.length];
        loss.compute(pass.output(), t, dOut);
        double[] dIn = m.backward(pass, dOut);
        int checked = 0;
        for (String name : ps.names()) {
            Parameter p = ps.get(name);
            checked += GradientCheck.check(name, ps.values(), p.offset(), p.size(), ps.grads(), p.offset(), f);
        }
        if (input != null) {
            checked += GradientCheck.check("input", input, 0, input.length, dIn, 0, f);
        }
        assertTrue(checked >= ps.size());
    }

    private static double lossOnly(SequenceModel m, Seq in, Targets t, Loss loss, boolean training, double[] teacher) {
        SequenceModel.Pass pass = m.forward(in, context(training, teacher));
        return loss.compute(pass.output(), t, new double[pass.output().values.length]).loss();
    }

    private static ForwardContext context(boolean training, double[] teacher) {
        ForwardContext c = new ForwardContext(training, training ? new SplittableRandom(11) : null, Map.of());
        c.setTeacher(teacher);
        return c;
    }
}
