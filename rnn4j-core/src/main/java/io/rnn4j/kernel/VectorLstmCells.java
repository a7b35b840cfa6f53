package io.rnn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link LstmCells.Update} on 512-bit vectors: 16 units at a time, their four gates, the cell and
 * the output computed in registers in one pass. Each step mirrors the scalar {@link Activations}
 * (multiplies and adds, not fused multiply-adds; the same clamp and constants), so the results are
 * bitwise those of the plain loop. Load only through {@link VectorKernels}.
 */
final class VectorLstmCells implements LstmCells.Update {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final float CLAMP = 7.90531110763549805f;

    @Override
    public void update(float[] z, int row, int width, float[] c, int cOff, float[] h, int hOff) {
        int n = S.length();
        int u = 0;
        for (; u + n <= width; u += n) {
            FloatVector i = sigmoid(FloatVector.fromArray(S, z, row + u));
            FloatVector f = sigmoid(FloatVector.fromArray(S, z, row + width + u));
            FloatVector g = tanh(FloatVector.fromArray(S, z, row + 2 * width + u));
            FloatVector o = sigmoid(FloatVector.fromArray(S, z, row + 3 * width + u));
            FloatVector cu = f.mul(FloatVector.fromArray(S, c, cOff + u)).add(i.mul(g));
            cu.intoArray(c, cOff + u);
            tanh(cu).mul(o).intoArray(h, hOff + u);
        }
        LstmCells.plain(z, row, width, c, cOff, h, hOff, u);
    }

    /** σ(x) = ½ + ½·tanh(½x), as {@link Activations#sigmoid(float)}. */
    private static FloatVector sigmoid(FloatVector x) {
        return tanh(x.mul(0.5f)).mul(0.5f).add(0.5f);
    }

    /** The rational tanh of {@link Activations#tanh(float)}, lane by lane. */
    private static FloatVector tanh(FloatVector x) {
        x = x.min(CLAMP).max(-CLAMP);
        FloatVector x2 = x.mul(x);
        FloatVector p = x2.mul(-2.76076847742355e-16f).add(2.00018790482477e-13f);
        p = p.mul(x2).sub(8.60467152213735e-11f);
        p = p.mul(x2).add(5.12229709037114e-08f);
        p = p.mul(x2).add(1.48572235717979e-05f);
        p = p.mul(x2).add(6.37261928875436e-04f);
        p = p.mul(x2).add(4.89352455891786e-03f);
        FloatVector q = x2.mul(1.19825839466702e-06f).add(1.18534705686654e-04f);
        q = q.mul(x2).add(2.26843463243900e-03f);
        q = q.mul(x2).add(4.89352518554385e-03f);
        return p.mul(x).div(q);
    }
}
