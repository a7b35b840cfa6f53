package io.rnn4j.nn.recurrent;

/**
 * Per-sample time reversal of a padded (T, B, F) sequence: for sample b with length L_b,
 * {@code out[t] = in[L_b − 1 − t]} for {@code t < L_b} and zero after. Applied twice it is the
 * identity on valid steps, so the backward direction of a bidirectional layer runs the forward
 * code on reversed input and each sample starts at its own last valid step, as PyTorch's packed
 * sequences do.
 */
final class TimeReversal {

    private TimeReversal() {
    }

    static float[] reverse(float[] in, int steps, int batch, int features, int[] lengths) {
        float[] out = new float[steps * batch * features];
        for (int b = 0; b < batch; b++) {
            int len = lengths == null ? steps : lengths[b];
            for (int t = 0; t < len; t++) {
                System.arraycopy(in, ((len - 1 - t) * batch + b) * features, out, (t * batch + b) * features, features);
            }
        }
        return out;
    }
}
