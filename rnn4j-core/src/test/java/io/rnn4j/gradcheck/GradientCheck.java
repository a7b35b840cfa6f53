package io.rnn4j.gradcheck;

import io.rnn4j.f64.loss.Loss;
import io.rnn4j.f64.nn.ForwardContext;
import io.rnn4j.f64.nn.Parameter;
import io.rnn4j.f64.nn.ParameterSet;
import io.rnn4j.f64.nn.SequenceModel;
import io.rnn4j.f64.nn.SequenceModel.LossTerm;
import io.rnn4j.f64.tensor.Seq;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Central finite differences in double precision: for each entry v of an array,
 * {@code (L(v+ε) − L(v−ε)) / 2ε} against the analytic gradient.
 */
final class GradientCheck {

    static final double EPS = 1e-5;
    /** |analytic − numeric| ≤ TOL·max(1, |numeric|). */
    static final double TOL = 1e-6;

    private GradientCheck() {
    }

    /**
     * @param what     label for failures
     * @param values   the array to perturb (restored afterwards)
     * @param off      first entry
     * @param n        number of entries
     * @param analytic analytic gradient, indexed from 0 for entry {@code off}
     * @param loss     recomputes the loss from scratch
     * @return number of entries checked
     */
    static int check(String what, double[] values, int off, int n, double[] analytic, int aOff, DoubleSupplier loss) {
        for (int i = 0; i < n; i++) {
            double keep = values[off + i];
            values[off + i] = keep + EPS;
            double up = loss.getAsDouble();
            values[off + i] = keep - EPS;
            double down = loss.getAsDouble();
            values[off + i] = keep;
            double numeric = (up - down) / (2 * EPS);
            double a = analytic[aOff + i];
            if (!(Math.abs(a - numeric) <= TOL * Math.max(1, Math.abs(numeric)))) {
                fail(what + "[" + i + "]: analytic " + a + " vs numeric " + numeric);
            }
        }
        return n;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] randn(java.util.SplittableRandom rng, int n, double scale) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = scale * (rng.nextDouble() * 2 - 1) * 1.7;
        }
        return a;
    }

    /**
     * Checks every trainable parameter through {@link SequenceModel#gradient} and every named
     * input through backward. Parameters no optimizer moves (batch norm's running statistics) are
     * constants to back-propagation, as PyTorch's buffers are, and get no gradient.
     */
    static void checkModel(SequenceModel m, Map<String, Seq> in, List<LossTerm> terms, Map<String, double[]> inputs) {
        ParameterSet ps = m.parameters();
        DoubleSupplier f = () -> loss(m, in, terms);
        ps.zeroGrad();
        double reported = m.gradient(in, terms, new ForwardContext(false, null, Map.of())).loss();
        assertEquals(f.getAsDouble(), reported, 1e-12, "gradient() reports the weighted loss");
        for (String name : ps.names()) {
            Parameter p = ps.get(name);
            if (p.trainable()) {
                check(name, ps.values(), p.offset(), p.size(), ps.grads(), p.offset(), f);
            }
        }
        SequenceModel.Pass pass = m.forward(in, new ForwardContext(false, null, Map.of()));
        Map<String, double[]> dOutputs = new LinkedHashMap<>();
        for (LossTerm term : terms) {
            Seq out = pass.output(term.output());
            double[] d = new double[out.values.length];
            term.loss().compute(out, term.targets(), d);
            for (int i = 0; i < d.length; i++) {
                d[i] *= term.weight();
            }
            dOutputs.merge(term.output(), d, (a, b) -> {
                for (int i = 0; i < a.length; i++) {
                    a[i] += b[i];
                }
                return a;
            });
        }
        Map<String, double[]> dInputs = m.backward(pass, dOutputs, true);
        for (Map.Entry<String, double[]> e : inputs.entrySet()) {
            double[] x = e.getValue();
            check("input " + e.getKey(), x, 0, x.length, dInputs.get(e.getKey()), 0, f);
        }
    }

    private static double loss(SequenceModel m, Map<String, Seq> in, List<LossTerm> terms) {
        SequenceModel.Pass pass = m.forward(in, ForwardContext.inference());
        double total = 0;
        for (LossTerm term : terms) {
            Seq out = pass.output(term.output());
            Loss.Result r = term.loss().compute(out, term.targets(), new double[out.values.length]);
            total += term.weight() * r.loss();
        }
        return total;
    }
}
