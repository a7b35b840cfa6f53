package io.rnn4j.train.rtrl;

import io.rnn4j.f64.loss.Loss;
import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.SoftmaxCrossEntropy;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.nn.recurrent.SimpleRnn;
import io.rnn4j.f64.tensor.Seq;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RTRL's forward-mode gradient, summed over a sequence, equals BPTT's (the double-precision twin
 * of the production layers) to 1e-6 relative, for every cell, depth and loss; the per-step
 * readout equals the fused forward pass.
 */
class RtrlBpttAgreementTest {

    @ParameterizedTest(name = "{0} layers={1} hidden={2} peep={3} relu={4} loss={5}")
    @CsvSource({
            "RNN, 1, 4, false, false, mse",
            "RNN, 2, 3, false, true, mse",
            "LSTM, 1, 3, false, false, mse",
            "LSTM, 1, 3, true, false, xent",
            "LSTM, 2, 3, true, false, mse",
            "GRU, 1, 4, false, false, xent",
            "GRU, 2, 3, false, false, mse",
    })
    void rtrlGradientEqualsBptt(String cell, int layers, int hidden, boolean peep, boolean relu, String lossName) {
        int in = 3;
        int out = 2;
        int steps = 7;
        int batch = 2;
        RecurrentConfig.CellType type = RecurrentConfig.CellType.valueOf(cell);
        RecurrentConfig config = RecurrentConfig.of(type, in, hidden).layers(layers);
        if (peep) {
            config = config.peepholes(true);
        }
        if (relu) {
            config = config.nonlinearity(SimpleRnn.Nonlinearity.RELU);
        }
        SequenceModel model = new SequenceModel(in)
                .add("rnn", new RecurrentLayer(config, RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(hidden, out))
                .initialize(Init.PYTORCH, 17);
        SplittableRandom rng = new SplittableRandom(5);
        double[] theta = model.parameters().values();
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextDouble(-0.9, 0.9); // larger than the default init, so the gates saturate somewhat
        }
        double[] x = new double[steps * batch * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble(-1.5, 1.5);
        }
        Loss loss;
        Targets targets;
        if (lossName.equals("mse")) {
            double[] y = new double[steps * batch * out];
            for (int i = 0; i < y.length; i++) {
                y[i] = rng.nextDouble(-1, 1);
            }
            loss = new MeanSquaredError();
            targets = Targets.values(y);
        } else {
            int[] classes = new int[steps * batch];
            for (int i = 0; i < classes.length; i++) {
                classes[i] = i % 3 == 0 ? -1 : rng.nextInt(out); // some rows ignored
            }
            loss = new SoftmaxCrossEntropy();
            targets = Targets.classes(classes);
        }

        // BPTT, and the loss's ∂loss/∂z per row to drive RTRL with the same numbers
        Seq input = Seq.ofValues(x, steps, batch, in, null);
        model.parameters().zeroGrad();
        SequenceModel.Pass pass = model.forward(input, new ForwardContext(true, new SplittableRandom(1), Map.of()));
        double[] z = pass.output().values;
        double[] dz = new double[z.length];
        loss.compute(pass.output(), targets, dz);
        model.backward(pass, dz);
        double[] bptt = model.parameters().grads().clone();

        RtrlNetwork.Spec spec = new RtrlNetwork.Spec(io.rnn4j.nn.recurrent.RecurrentConfig.CellType.valueOf(cell),
                in, hidden, layers, peep, relu, out);
        assertEquals(theta.length, spec.parameterCount());
        RtrlNetwork rtrl = RtrlNetwork.create(spec, batch);
        System.arraycopy(theta, 0, rtrl.theta(), 0, theta.length);
        double[] grad = new double[theta.length];
        int rowWidth = batch * out;
        for (int t = 0; t < steps; t++) {
            double[] xt = new double[batch * in];
            System.arraycopy(x, t * batch * in, xt, 0, xt.length);
            double[] zt = rtrl.step(xt);
            for (int i = 0; i < rowWidth; i++) {
                assertEquals(z[t * rowWidth + i], zt[i], 1e-12, "readout at step " + t);
            }
            double[] dzt = new double[rowWidth];
            System.arraycopy(dz, t * rowWidth, dzt, 0, rowWidth);
            rtrl.accumulateGradient(dzt, grad);
        }
        double scale = 0;
        for (double g : bptt) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertTrue(scale > 1e-3, "the gradient must not vanish, or the comparison proves nothing");
        for (int i = 0; i < grad.length; i++) {
            assertEquals(bptt[i], grad[i], 1e-6 * scale, "parameter " + i + " (" + nameOf(model, i) + ")");
        }
    }

    private static String nameOf(SequenceModel model, int index) {
        int offset = 0;
        for (String name : model.parameters().names()) {
            int size = model.parameters().get(name).size();
            if (index < offset + size) {
                return name + "[" + (index - offset) + "]";
            }
            offset += size;
        }
        return "?";
    }
}
