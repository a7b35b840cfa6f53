package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.MeanSquaredError;
import io.rnn4j.f64.loss.Targets;
import io.rnn4j.f64.nn.Dense;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Init;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.ParameterSet;
import io.rnn4j.f64.nn.RecurrentState;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.recurrent.RecurrentConfig;
import io.rnn4j.f64.nn.recurrent.RecurrentLayer;
import io.rnn4j.f64.tensor.Seq;
import io.rnn4j.f64.train.TruncatedBptt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Truncated-BPTT boundaries, in double precision: the gradient handed to each window's update
 * equals the finite-difference gradient of that window's loss (its last k1 steps) with the state
 * at the window start held constant, for tiling (k1 = k2) and overlapping (k2 &gt; k1) windows,
 * with variable lengths, and the expected number of windows runs.
 */
class TruncatedBpttGradientCheckTest {

    @ParameterizedTest(name = "T={0} k1={1} k2={2}")
    @CsvSource({"7,2,3,4", "6,3,3,2", "5,5,5,1", "7,1,4,7", "4,2,9,2"})
    void windowGradientsMatchFiniteDifferences(int steps, int k1, int k2, int windows) {
        SequenceModel m = new SequenceModel(2)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(2, 3).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(3, 1))
                .initialize(Init.PYTORCH, 1);
        ParameterSet ps = m.parameters();
        SplittableRandom rng = new SplittableRandom(2);
        int batch = 2;
        double[] x = GradientCheck.randn(rng, steps * batch * 2, 1);
        double[] y = GradientCheck.randn(rng, steps * batch, 1);
        int[] lengths = {steps, steps - 1};
        Seq in = Seq.ofValues(x, steps, batch, 2, lengths);
        Targets targets = Targets.values(y);
        MeanSquaredError mse = new MeanSquaredError();

        List<double[]> windowGrads = new ArrayList<>();
        ps.zeroGrad();
        new TruncatedBptt(k1, k2).run(m, in, targets, mse, new HashMap<>(), null, (w, g) -> {
            windowGrads.add(ps.grads().clone());
            ps.zeroGrad();
        });
        assertEquals(windows, windowGrads.size(), "number of windows");

        int w = 0;
        for (int end = Math.min(k1, steps); ; end = Math.min(end + k1, steps), w++) {
            int from = Math.max(0, end - k2);
            int lossFrom = Math.max(from, end - k1);
            Map<String, RecurrentState> startState = from == 0 ? Map.of()
                    : m.forward(slice(x, 0, from, batch, lengths), new ForwardContext(false, null, Map.of())).finalStates();
            Seq window = slice(x, from, end, batch, lengths);
            double[] yw = new double[(end - from) * batch];
            System.arraycopy(y, from * batch, yw, 0, yw.length);
            boolean[] mask = new boolean[yw.length];
            for (int r = 0; r < mask.length; r++) {
                mask[r] = from + r / batch >= lossFrom;
            }
            Targets tw = Targets.values(yw).withRowMask(mask);
            java.util.function.DoubleSupplier loss = () -> {
                SequenceModel.Pass p = m.forward(window, new ForwardContext(false, null, startState));
                return mse.compute(p.output(), tw, new double[p.output().values.length]).loss();
            };
            for (String name : ps.names()) {
                Parameter p = ps.get(name);
                GradientCheck.check("window " + w + " " + name, ps.values(), p.offset(), p.size(),
                        windowGrads.get(w), p.offset(), loss);
            }
            if (end == steps) {
                break;
            }
        }
    }

    private static Seq slice(double[] x, int from, int to, int batch, int[] lengths) {
        double[] v = new double[(to - from) * batch * 2];
        System.arraycopy(x, from * batch * 2, v, 0, v.length);
        int[] l = new int[batch];
        for (int b = 0; b < batch; b++) {
            l[b] = Math.max(0, Math.min(lengths[b] - from, to - from));
        }
        return Seq.ofValues(v, to - from, batch, 2, l);
    }
}
