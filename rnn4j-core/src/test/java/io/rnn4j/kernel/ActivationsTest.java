package io.rnn4j.kernel;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fast float activations against {@link Math} in double, over their whole useful range. */
class ActivationsTest {

    @Test
    void expIsAccurateToAFewUlps() {
        double worst = 0;
        for (double x = -87; x <= 88; x += 0.001237) {
            float xf = (float) x;
            double ref = Math.exp(xf);
            worst = Math.max(worst, Math.abs(Activations.exp(xf) - ref) / ref);
        }
        assertTrue(worst < 3e-7, "exp relative error " + worst);
        assertEquals(Float.POSITIVE_INFINITY, Activations.exp(100f));
        assertEquals(0f, Activations.exp(-200f));
        assertEquals(1f, Activations.exp(0f));
        assertTrue(Float.isNaN(Activations.exp(Float.NaN)));
    }

    @Test
    void sigmoidAndTanhAreAccurate() {
        double worstSig = 0;
        double worstTanh = 0;
        for (double x = -30; x <= 30; x += 0.000731) {
            float xf = (float) x;
            double sig = 1 / (1 + Math.exp(-xf));
            double th = Math.tanh(xf);
            worstSig = Math.max(worstSig, Math.abs(Activations.sigmoid(xf) - sig) / Math.max(sig, 1e-30));
            worstTanh = Math.max(worstTanh, Math.abs(Activations.tanh(xf) - th) / Math.max(Math.abs(th), 1e-30));
        }
        assertTrue(worstSig < 4e-7, "sigmoid relative error " + worstSig);
        assertTrue(worstTanh < 4e-7, "tanh relative error " + worstTanh);
        assertEquals(0f, Activations.tanh(0f));
        assertEquals(1e-20f, Activations.tanh(1e-20f));
        assertEquals(1f, Activations.tanh(50f));
        assertEquals(-1f, Activations.tanh(-50f));
        assertEquals(1f, Activations.sigmoid(200f));
        assertEquals(0f, Activations.sigmoid(-200f), 1e-38f);
    }
}
