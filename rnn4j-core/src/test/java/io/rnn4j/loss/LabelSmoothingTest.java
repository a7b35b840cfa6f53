package io.rnn4j.loss;

import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Cross-entropy with label smoothing against PyTorch 1.13's
 * {@code F.cross_entropy(z, y, label_smoothing=0.1)} (z from {@code torch.manual_seed(0);
 * torch.randn(4, 5)}, y = [1, 0, 4, 2]): loss and gradient to 1e-6.
 */
class LabelSmoothingTest {

    static final float[] LOGITS = {-1.125839829e+00f, -1.152360201e+00f, -2.505785823e-01f, -4.338788092e-01f, 5.988394618e-01f,
            -1.555095077e+00f, -3.413603902e-01f, 1.853006124e+00f, 4.680964053e-01f, -1.577124447e-01f, 1.443660140e+00f,
            2.660494149e-01f, 1.389366150e+00f, 1.586334229e+00f, 9.462983608e-01f, -8.436767459e-01f, 9.318265915e-01f,
            1.259009242e+00f, 2.004980564e+00f, 5.373690277e-02f};
    static final double LOSS = 2.372110844e+00;
    static final double[] GRAD = {1.586518437e-02, -2.096808851e-01, 4.506605491e-02, 3.668089584e-02, 1.120687425e-01,
            -2.245864868e-01, 1.322200056e-02, 1.585299224e-01, 3.593912348e-02, 1.689542085e-02, 5.724085495e-02,
            1.417104341e-02, 5.395164713e-02, 6.678573042e-02, -1.921492815e-01, 2.182004042e-03, 3.739717975e-02,
            -1.711927652e-01, 1.189943328e-01, 1.261925139e-02};

    @Test
    void matchesPyTorch() {
        float[] d = new float[20];
        Loss.Result r = new SoftmaxCrossEntropy(0.1f).compute(Seq.ofValues(LOGITS, 1, 4, 5, null),
                Targets.classes(new int[] {1, 0, 4, 2}), d);
        assertEquals(LOSS, r.loss(), 1e-6);
        for (int i = 0; i < d.length; i++) {
            assertEquals(GRAD[i], d[i], 1e-6, "gradient " + i);
        }
    }

    @Test
    void zeroSmoothingIsPlainCrossEntropy() {
        float[] a = new float[20];
        float[] b = new float[20];
        Seq z = Seq.ofValues(LOGITS, 1, 4, 5, null);
        Targets y = Targets.classes(new int[] {1, 0, 4, 2});
        assertEquals(new SoftmaxCrossEntropy().compute(z, y, a).loss(), new SoftmaxCrossEntropy(0f).compute(z, y, b).loss(), 0.0);
        var bad = assertThrows(IllegalArgumentException.class, () -> new SoftmaxCrossEntropy(1f));
        assertEquals("label smoothing must be in [0, 1), got 1.0", bad.getMessage());
    }
}
