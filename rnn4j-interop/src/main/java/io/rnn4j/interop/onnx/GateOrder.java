package io.rnn4j.interop.onnx;

import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;

/**
 * How the gate blocks of rnn4j's (PyTorch's) recurrent weights map to ONNX's.
 *
 * <table>
 *   <caption>gate blocks, top to bottom</caption>
 *   <tr><th>cell</th><th>rnn4j / PyTorch</th><th>ONNX</th></tr>
 *   <tr><td>LSTM</td><td>i, f, g, o</td><td>i, o, f, c</td></tr>
 *   <tr><td>GRU</td><td>r, z, n</td><td>z, r, h</td></tr>
 *   <tr><td>RNN</td><td>one block</td><td>one block</td></tr>
 * </table>
 *
 * A weight of G blocks of H rows each ((G·H, in) or (G·H)) is reordered block by block;
 * {@link #toOnnx} and {@link #fromOnnx} are inverses.
 */
final class GateOrder {

    private GateOrder() {
    }

    /** ONNX block k holds rnn4j block {@code onnxFromRnn4j(cell)[k]}. */
    static int[] onnxFromRnn4j(CellType cell) {
        switch (cell) {
            case LSTM:
                return new int[]{0, 3, 1, 2};
            case GRU:
                return new int[]{1, 0, 2};
            case RNN:
                return new int[]{0};
            default:
                throw new IllegalArgumentException("ONNX has no " + cell + " operator");
        }
    }

    /** Reorders the G blocks of {@code blockSize} values each of an rnn4j weight into ONNX's order. */
    static float[] toOnnx(CellType cell, float[] rnn4j, int blockSize) {
        int[] from = onnxFromRnn4j(cell);
        float[] out = new float[rnn4j.length];
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(rnn4j, from[k] * blockSize, out, k * blockSize, blockSize);
        }
        return out;
    }

    /** Reorders an ONNX weight's blocks into rnn4j's order. */
    static float[] fromOnnx(CellType cell, float[] onnx, int blockSize) {
        int[] from = onnxFromRnn4j(cell);
        float[] out = new float[onnx.length];
        for (int k = 0; k < from.length; k++) {
            System.arraycopy(onnx, k * blockSize, out, from[k] * blockSize, blockSize);
        }
        return out;
    }
}
