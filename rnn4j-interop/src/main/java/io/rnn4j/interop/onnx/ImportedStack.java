package io.rnn4j.interop.onnx;

import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consecutive ONNX recurrent nodes of one kind that become one rnn4j recurrent stack, as
 * PyTorch writes a {@code num_layers} module: one node per layer, each reading the one before
 * through {@code Transpose}/{@code Reshape} (or {@code Squeeze}). The weights are kept in rnn4j's
 * gate order under rnn4j's parameter names ({@code weight_ih_l1_reverse}, …) until the model is
 * built.
 */
final class ImportedStack {

    final CellType cell;
    final int inputSize;
    final int hidden;
    final int directions;
    final SimpleRnn.Nonlinearity nonlinearity;
    final Gru.Variant variant;
    final boolean peepholes;
    final String hint;
    /** The rnn4j node (or model input) the first layer reads. */
    final String input;
    RecurrentConfig.Merge merge = RecurrentConfig.Merge.CONCAT;
    int layers;
    /** Parameter name (without the node prefix) → values in rnn4j's order. */
    final Map<String, float[]> weights = new LinkedHashMap<>();
    /** ONNX node names, one per layer, for messages. */
    final List<String> onnxNodes = new ArrayList<>();
    /** Set once the stack is a node of the model: its rnn4j name. */
    String node;

    ImportedStack(CellType cell, int inputSize, int hidden, int directions, SimpleRnn.Nonlinearity nonlinearity,
                  Gru.Variant variant, boolean peepholes, String hint, String input) {
        this.cell = cell;
        this.inputSize = inputSize;
        this.hidden = hidden;
        this.directions = directions;
        this.nonlinearity = nonlinearity;
        this.variant = variant;
        this.peepholes = peepholes;
        this.hint = hint;
        this.input = input;
    }

    /** Whether an ONNX node of this description can be the next layer of this stack. */
    boolean accepts(CellType c, int in, int h, int dirs, SimpleRnn.Nonlinearity f, Gru.Variant v, boolean p) {
        return node == null && c == cell && in == outputSize() && h == hidden && dirs == directions && f == nonlinearity
                && v == variant && p == peepholes;
    }

    int outputSize() {
        return merge == RecurrentConfig.Merge.SUM ? hidden : directions * hidden;
    }

    /** Adds the layer whose ONNX weights are given: W (D, G·H, in), R (D, G·H, H), B (D, 2·G·H) or null, P (D, 3H) or null. */
    void addLayer(String onnxNode, float[] w, float[] r, float[] b, float[] p, int in) {
        int l = layers++;
        onnxNodes.add(onnxNode);
        int gh = cell.gates() * hidden;
        for (int d = 0; d < directions; d++) {
            String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
            weights.put("weight_ih" + suffix, GateOrder.fromOnnx(cell, slice(w, d, gh * in), hidden * in));
            weights.put("weight_hh" + suffix, GateOrder.fromOnnx(cell, slice(r, d, gh * hidden), hidden * hidden));
            float[] both = b == null ? new float[2 * gh] : slice(b, d, 2 * gh);
            weights.put("bias_ih" + suffix, GateOrder.fromOnnx(cell, java.util.Arrays.copyOfRange(both, 0, gh), hidden));
            weights.put("bias_hh" + suffix, GateOrder.fromOnnx(cell, java.util.Arrays.copyOfRange(both, gh, 2 * gh), hidden));
            if (peepholes) {
                float[] pd = p == null ? new float[3 * hidden] : slice(p, d, 3 * hidden);
                weights.put("weight_peephole_i" + suffix, java.util.Arrays.copyOfRange(pd, 0, hidden));
                weights.put("weight_peephole_o" + suffix, java.util.Arrays.copyOfRange(pd, hidden, 2 * hidden));
                weights.put("weight_peephole_f" + suffix, java.util.Arrays.copyOfRange(pd, 2 * hidden, 3 * hidden));
            }
        }
    }

    private static float[] slice(float[] a, int d, int per) {
        return java.util.Arrays.copyOfRange(a, d * per, (d + 1) * per);
    }

    RecurrentConfig config() {
        RecurrentConfig c = RecurrentConfig.of(cell, inputSize, hidden).layers(layers);
        if (directions == 2) {
            c = c.bidirectional(merge);
        }
        return switch (cell) {
            case RNN -> c.nonlinearity(nonlinearity);
            case GRU -> c.gruVariant(variant);
            case LSTM -> c.peepholes(peepholes);
            default -> c;
        };
    }
}
