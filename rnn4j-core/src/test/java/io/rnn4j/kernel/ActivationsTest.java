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

    /**
     * tanh is held to relative accuracy. sigmoid = ½ + ½·tanh(x/2) is held to absolute accuracy:
     * adding ½ costs relative accuracy where σ is small (as in Eigen's float logistic), which no
     * gate depends on; PyTorch parity at 1e-5 is checked separately by ParityTest.
     */
    @Test
    void sigmoidAndTanhAreAccurate() {
        double worstSig = 0;
        double worstTanh = 0;
        for (double x = -30; x <= 30; x += 0.000731) {
            float xf = (float) x;
            double sig = 1 / (1 + Math.exp(-xf));
            double th = Math.tanh(xf);
            worstSig = Math.max(worstSig, Math.abs(Activations.sigmoid(xf) - sig));
            worstTanh = Math.max(worstTanh, Math.abs(Activations.tanh(xf) - th) / Math.max(Math.abs(th), 1e-30));
        }
        assertTrue(worstSig < 3e-7, "sigmoid absolute error " + worstSig);
        assertTrue(worstTanh < 4e-7, "tanh relative error " + worstTanh);
        assertEquals(0f, Activations.tanh(0f));
        assertEquals(1e-20f, Activations.tanh(1e-20f), 4e-27f);
        assertEquals(1f, Activations.tanh(50f));
        assertEquals(-1f, Activations.tanh(-50f));
        assertEquals(1f, Activations.sigmoid(200f));
        assertEquals(0f, Activations.sigmoid(-200f), 3e-7f);
        assertTrue(Float.isNaN(Activations.tanh(Float.NaN)));
        float[] row = {-3f, 0f, 2f};
        Activations.tanh(row, 0, 3);
        assertEquals(Activations.tanh(-3f), row[0]);
    }

    /** The bit-mask ReLU backward passes the gradient exactly where the output is above zero. */
    @Test
    void reluBackwardMasksExactlyTheNonPositiveOutputs() {
        float[] y = {0f, -0f, Float.MIN_VALUE, 1e-38f, 2.5f, Float.MAX_VALUE, Float.POSITIVE_INFINITY, Float.NaN, -3f};
        float[] dOut = {1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f, 9f};
        float[] dIn = new float[y.length];
        java.util.Arrays.fill(dIn, 0.5f);
        Activations.reluBackward(y, dOut, dIn, 0, y.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[]{0.5f, 0.5f, 3.5f, 4.5f, 5.5f, 6.5f, 7.5f, 0.5f, 0.5f}, dIn);
        float[] leaky = new float[y.length];
        Activations.leakyReluBackward(y, dOut, leaky, 0, y.length, 0.25f);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[]{0.25f, 0.5f, 3f, 4f, 5f, 6f, 7f, 2f, 2.25f}, leaky);
    }

    @Test
    void argmaxIsTheFirstOfTheLargestWithinTheRange() {
        float[] x = {9f, 1f, 3f, 7f, 7f, 2f, 9f};
        org.junit.jupiter.api.Assertions.assertEquals(2, Activations.argmax(x, 1, 5), "7 at offsets 3 and 4: the first");
        org.junit.jupiter.api.Assertions.assertEquals(0, Activations.argmax(x, 0, 7), "9 at 0 and 6: the first");
        org.junit.jupiter.api.Assertions.assertEquals(0, Activations.argmax(x, 5, 1));
    }
}
