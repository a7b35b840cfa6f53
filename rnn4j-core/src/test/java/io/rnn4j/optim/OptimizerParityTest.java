package io.rnn4j.optim;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import org.junit.jupiter.api.Test;

import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Every optimizer follows PyTorch 1.13's trajectory (fixture from make_optimizer_fixture.py). */
class OptimizerParityTest {

    @Test
    void trajectoriesMatchPyTorch() throws Exception {
        JsonObject fx;
        try (var r = new InputStreamReader(getClass().getResourceAsStream("/optimizer.json"), StandardCharsets.UTF_8)) {
            fx = JsonParser.parseReader(r).getAsJsonObject();
        }
        check(fx, "sgd", ps -> new Sgd(ps), 0.1);
        check(fx, "sgd_momentum_wd", ps -> new Sgd(ps, 0.9, false, 0.01), 0.1);
        check(fx, "sgd_nesterov", ps -> new Sgd(ps, 0.8, true, 0), 0.1);
        check(fx, "rmsprop", ps -> new RmsProp(ps, 0.99, 1e-8, 0.001), 0.01);
        check(fx, "adagrad", ps -> new Adagrad(ps, 1e-10, 0.001), 0.1);
        check(fx, "adam", ps -> new Adam(ps, 0.9, 0.999, 1e-8, 0.01, false), 0.01);
        check(fx, "adamw", ps -> new Adam(ps, 0.9, 0.999, 1e-8, 0.1, true), 0.01);
    }

    private static void check(JsonObject fx, String name, Function<ParameterSet, Optimizer> make, double lr) {
        float[] p0 = floats(fx.getAsJsonArray("p0"));
        Parameter p = new Parameter("p", p0.length);
        ParameterSet ps = new ParameterSet(List.of(p));
        p.copyFrom(p0);
        Optimizer opt = make.apply(ps);
        JsonArray grads = fx.getAsJsonArray("grads");
        JsonArray traj = fx.getAsJsonObject("cases").getAsJsonArray(name);
        for (int s = 0; s < grads.size(); s++) {
            System.arraycopy(floats(grads.get(s).getAsJsonArray()), 0, ps.grads(), 0, p0.length);
            opt.step(lr);
            float[] expected = floats(traj.get(s).getAsJsonArray());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], ps.values()[i], 1e-6 * Math.max(1, Math.abs(expected[i])),
                        name + " step " + (s + 1) + " index " + i);
            }
        }
    }

    @Test
    void frozenParametersNeverMove() {
        Parameter a = new Parameter("a", 3);
        Parameter b = new Parameter("b", 3).trainable(false);
        ParameterSet ps = new ParameterSet(List.of(a, b));
        java.util.Arrays.fill(ps.values(), 1f);
        java.util.Arrays.fill(ps.grads(), 0.5f);
        new Adam(ps, 0.9, 0.999, 1e-8, 0.1, true).step(0.1);
        assertEquals(1f, b.get(0));
        assertEquals(true, a.get(0) < 1f);
    }

    @Test
    void badSettingsAreRejectedWithTheirName() {
        ParameterSet ps = new ParameterSet(List.of(new Parameter("p", 1)));
        var e = assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 1.5, false, 0));
        assertEquals("momentum must be in [0, 1), got 1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(ps).step(Double.NaN));
    }

    private static float[] floats(JsonArray a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsFloat();
        }
        return out;
    }
}
