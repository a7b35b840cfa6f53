package io.rnn4j.interop.onnx;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.RecurrentCell;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.RecurrentStack;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.util.ArrayList;
import java.util.List;

import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intsAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.stringAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.stringsAttribute;

/**
 * Writes a {@link RecurrentLayer} as one ONNX {@code RNN}, {@code LSTM} or {@code GRU} node per
 * layer of its stack (ONNX's operators have no layer count):
 *
 * <ul>
 *   <li>weights {@code W} (D, G·H, in), {@code R} (D, G·H, H), {@code B} (D, 2·G·H) =
 *       [b_ih; b_hh], and for peephole LSTMs {@code P} (D, 3H) = [p_i; p_o; p_f], with the gate
 *       blocks reordered as {@link GateOrder} says; D is 2 for a bidirectional layer;</li>
 *   <li>{@code sequence_lens} from the value's lengths, so padded batches give what rnn4j gives;</li>
 *   <li>exported for streaming, the initial state of the whole stack is the graph input
 *       {@code NODE.h0} (and {@code NODE.c0} for an LSTM), (L·D, B, H) in rnn4j's slot order
 *       (layer·D + direction), zeros to start; each layer reads its D rows through
 *       {@code Slice}. Otherwise the layers start from ONNX's zero state. (A graph input with an
 *       initializer as its default would make the state optional in one file, but ONNX
 *       Runtime's Java API refuses to feed such inputs.)</li>
 *   <li>the final state comes back as {@code NODE.hN} (and {@code NODE.cN}), the layers'
 *       {@code Y_h} and {@code Y_c} joined in the same order, so a client can stream by feeding
 *       them back one step later;</li>
 *   <li>between layers {@code Y} (T, D, B, H) becomes (T, B, D·H) by {@code Transpose} and
 *       {@code Reshape}, or is summed over D for {@link RecurrentConfig.Merge#SUM}. Dropout
 *       between layers is left out, as at inference.</li>
 * </ul>
 */
final class RecurrentExport {

    private RecurrentExport() {
    }


    static OnnxExport.Value export(OnnxGraph g, String node, RecurrentLayer layer, OnnxExport.Value in,
                                   boolean streaming, OnnxExport.Interface io) {
        RecurrentStack stack = layer.stack();
        RecurrentConfig c = stack.config();
        if (c.cell() == CellType.CLOCKWORK) {
            return ClockworkExport.export(g, node, layer, in, streaming, io);
        }
        int dirs = c.directions();
        int h = c.hiddenSize();
        int layers = c.numLayers();
        int kinds = c.cell().stateCount();
        String[] stateSuffix = kinds == 2 ? new String[]{"h", "c"} : new String[]{"h"};

        // Initial states: graph inputs when exporting for streaming, else ONNX's zeros.
        String[] initial = new String[kinds];
        for (int k = 0; k < kinds; k++) {
            if (streaming) {
                initial[k] = g.exact(node + "." + stateSuffix[k] + "0");
                g.input(initial[k], OnnxGraph.FLOAT, (long) layers * dirs, "B", (long) h);
                io.stateInputs.add(initial[k]);
            }
        }

        String x = in.name();
        List<List<String>> finals = new ArrayList<>();
        for (int k = 0; k < kinds; k++) {
            finals.add(new ArrayList<>());
        }
        for (int l = 0; l < layers; l++) {
            String prefix = node + "/l" + l;
            List<Parameters> directions = new ArrayList<>();
            for (int d = 0; d < dirs; d++) {
                RecurrentCell cell = stack.cell(l, d);
                directions.add(kind -> parameter(cell, kind));
            }
            String[] initialRows = new String[kinds];
            for (int k = 0; k < kinds; k++) {
                initialRows[k] = !streaming ? "" : layers == 1 ? initial[k] : g.node("Slice", prefix + "/" + stateSuffix[k] + "0",
                        new String[]{initial[k], g.longs("from", (long) l * dirs), g.longs("to", (long) (l + 1) * dirs),
                                g.longs("axis0", 0)});
            }
            LayerWeights w = weights(c.cell(), h, c.peepholes(), directions);
            String[] outputs = layerNode(g, g, node, l, prefix, c, w, x, in.lengths() == null ? "" : in.lengths(), initialRows);
            for (int k = 0; k < kinds; k++) {
                finals.get(k).add(outputs[1 + k]);
            }
            x = mergeDirections(g, prefix, outputs[0], c);
        }

        for (int k = 0; k < kinds; k++) {
            stateOutput(g, io, node + "." + stateSuffix[k] + "N", finals.get(k), layers * dirs, h);
        }
        String topH = finals.get(0).get(layers - 1);
        switch (layer.output()) {
            case SEQUENCE:
                return new OnnxExport.Value(x, c.outputSize(), in.lengths(), false);
            case LAST:
                return new OnnxExport.Value(lastValidStep(g, node, x, in.lengths()), c.outputSize(), null, false);
            default:
                return new OnnxExport.Value(mergeFinalState(g, node, topH, c), c.outputSize(), null, false);
        }
    }

    /** Y (T, D, B, H) → (T, B, D·H) for concatenated directions, or the sum over D. */
    private static String mergeDirections(OnnxGraph g, String prefix, String y, RecurrentConfig c) {
        if (c.directions() == 2 && c.merge() == RecurrentConfig.Merge.SUM) {
            return g.node("ReduceSum", prefix + "/sum", new String[]{y, g.longs(prefix + "/axes", 1)},
                    intAttribute("keepdims", 0));
        }
        String t = g.node("Transpose", prefix + "/Y_tbdh", new String[]{y}, intsAttribute("perm", 0, 2, 1, 3));
        return g.node("Reshape", prefix + "/Y_tbo", new String[]{t, g.longs(prefix + "/shape", 0, 0, -1)});
    }

    /** The top layer's Y_h (D, B, H) merged like the outputs, as (1, B, O). */
    static String mergeFinalState(OnnxGraph g, String node, String topH, RecurrentConfig c) {
        if (c.directions() == 2 && c.merge() == RecurrentConfig.Merge.SUM) {
            return g.node("ReduceSum", node + "/final_sum", new String[]{topH, g.longs(node + "/axes", 0)},
                    intAttribute("keepdims", 1));
        }
        String t = g.node("Transpose", node + "/final_bdh", new String[]{topH}, intsAttribute("perm", 1, 0, 2));
        return g.node("Reshape", node + "/final", new String[]{t, g.longs(node + "/final_shape", 1, -1, (long) c.outputSize())});
    }

    /** The output at each sample's step L_b − 1, as (1, B, O); without lengths, the last step. */
    static String lastValidStep(OnnxGraph g, String node, String seq, String lengths) {
        if (lengths == null) {
            return g.node("Slice", node + "/last", new String[]{seq, g.longs(node + "/from", -1),
                    g.longs(node + "/to", Long.MAX_VALUE), g.longs(node + "/axis", 0)});
        }
        String bto = g.node("Transpose", node + "/bto", new String[]{seq}, intsAttribute("perm", 1, 0, 2));
        String len64 = g.node("Cast", node + "/len64", new String[]{lengths}, intAttribute("to", OnnxGraph.INT64));
        String t = g.node("Sub", node + "/last_t", new String[]{len64, g.longs(node + "/one", 1)});
        String index = g.node("Unsqueeze", node + "/index", new String[]{t, g.longs(node + "/axis1", 1)});
        String picked = g.node("GatherND", node + "/picked", new String[]{bto, index}, intAttribute("batch_dims", 1));
        return g.node("Unsqueeze", node + "/last", new String[]{picked, g.longs(node + "/axis0", 0)});
    }

    /** Drops trailing empty optional inputs, as ONNX writers do. */
    private static String[] trimOptional(String[] inputs) {
        int n = inputs.length;
        while (n > 0 && inputs[n - 1].isEmpty()) {
            n--;
        }
        return java.util.Arrays.copyOf(inputs, n);
    }

    /** A direction's parameter by kind: {@code weight_ih}, {@code bias_hh}, {@code weight_peephole_i}, … */
    interface Parameters {
        Parameter get(String kind);
    }

    /**
     * One layer's weights in ONNX's layout, every direction stacked: W (D, G·H, in), R (D, G·H, H),
     * B (D, 2·G·H) = [b_ih; b_hh], and P (D, 3H) = [p_i; p_o; p_f] for peepholes (else null).
     */
    record LayerWeights(float[] w, float[] r, float[] b, float[] p, int directions, int in) {
    }

    /** Gathers and reorders ({@link GateOrder}) the weights of one layer's directions. */
    static LayerWeights weights(CellType cell, int h, boolean peepholes, List<Parameters> directions) {
        int dirs = directions.size();
        int gh = cell.gates() * h;
        int in = directions.get(0).get("weight_ih").size() / gh;
        float[] w = new float[dirs * gh * in];
        float[] r = new float[dirs * gh * h];
        float[] b = new float[dirs * 2 * gh];
        float[] p = peepholes ? new float[dirs * 3 * h] : null;
        for (int d = 0; d < dirs; d++) {
            Parameters ps = directions.get(d);
            System.arraycopy(GateOrder.toOnnx(cell, ps.get("weight_ih").toArray(), h * in), 0, w, d * gh * in, gh * in);
            System.arraycopy(GateOrder.toOnnx(cell, ps.get("weight_hh").toArray(), h * h), 0, r, d * gh * h, gh * h);
            System.arraycopy(GateOrder.toOnnx(cell, ps.get("bias_ih").toArray(), h), 0, b, d * 2 * gh, gh);
            System.arraycopy(GateOrder.toOnnx(cell, ps.get("bias_hh").toArray(), h), 0, b, d * 2 * gh + gh, gh);
            if (peepholes) {
                System.arraycopy(ps.get("weight_peephole_i").toArray(), 0, p, d * 3 * h, h);
                System.arraycopy(ps.get("weight_peephole_o").toArray(), 0, p, d * 3 * h + h, h);
                System.arraycopy(ps.get("weight_peephole_f").toArray(), 0, p, d * 3 * h + 2 * h, h);
            }
        }
        return new LayerWeights(w, r, b, p, dirs, in);
    }

    /**
     * Adds one ONNX {@code RNN}/{@code LSTM}/{@code GRU} node for layer l to {@code graph} (a loop
     * body's, for a decoder), its weights as initializers {@code NODE.W_lL}, … of {@code constants};
     * {@code lengths} and the {@code initial} states may be "" (ONNX's defaults).
     *
     * @return Y (T, D, B, H), Y_h (D, B, H) and, for an LSTM, Y_c
     */
    static String[] layerNode(OnnxGraph graph, OnnxGraph constants, String node, int l, String prefix, RecurrentConfig c,
                              LayerWeights w, String x, String lengths, String[] initial) {
        CellType cell = c.cell();
        int h = c.hiddenSize();
        int gh = cell.gates() * h;
        int dirs = w.directions();
        List<String> inputs = new ArrayList<>(List.of(x,
                constants.floats(node + ".W_l" + l, w.w(), dirs, gh, w.in()),
                constants.floats(node + ".R_l" + l, w.r(), dirs, gh, h),
                constants.floats(node + ".B_l" + l, w.b(), dirs, 2L * gh),
                lengths));
        inputs.addAll(List.of(initial));
        if (w.p() != null) {
            inputs.add(constants.floats(node + ".P_l" + l, w.p(), dirs, 3L * h));
        }
        String[] outputs = new String[1 + cell.stateCount()];
        String[] names = {"Y", "Y_h", "Y_c"};
        for (int k = 0; k < outputs.length; k++) {
            outputs[k] = graph.fresh("/" + prefix + "/" + names[k]);
        }
        List<io.rnn4j.interop.onnx.proto.Onnx.AttributeProto> attributes = new ArrayList<>();
        attributes.add(intAttribute("hidden_size", h));
        attributes.add(stringAttribute("direction", dirs == 2 ? "bidirectional" : "forward"));
        if (cell == CellType.GRU) {
            attributes.add(intAttribute("linear_before_reset", c.gruVariant() == Gru.Variant.RESET_AFTER ? 1 : 0));
        }
        if (cell == CellType.RNN) {
            String f = c.nonlinearity() == SimpleRnn.Nonlinearity.RELU ? "Relu" : "Tanh";
            attributes.add(dirs == 2 ? stringsAttribute("activations", f, f) : stringsAttribute("activations", f));
        }
        String op = cell == CellType.LSTM ? "LSTM" : cell == CellType.GRU ? "GRU" : "RNN";
        graph.nodeWithOutputs(op, prefix, trimOptional(inputs.toArray(new String[0])), outputs,
                attributes.toArray(new io.rnn4j.interop.onnx.proto.Onnx.AttributeProto[0]));
        return outputs;
    }

    /** Declares a state output: the slots' (1 or D, B, H) blocks joined in rnn4j's slot order, (count, B, H). */
    static void stateOutput(OnnxGraph g, OnnxExport.Interface io, String name, List<String> slots, int count, int h) {
        String out = g.exact(name);
        if (slots.size() == 1) {
            g.nodeWithOutputs("Identity", name, new String[]{slots.get(0)}, new String[]{out});
        } else {
            g.nodeWithOutputs("Concat", name, slots.toArray(new String[0]), new String[]{out}, intAttribute("axis", 0));
        }
        io.extraOutputs.put(out, new Object[]{(long) count, "B", (long) h});
    }

    /** The cell's parameter {@code kind_lK[_reverse]}. */
    static Parameter parameter(RecurrentCell cell, String kind) {
        for (Parameter p : cell.parameters()) {
            if (p.name().startsWith(kind + "_l")) {
                return p;
            }
        }
        throw new IllegalStateException("recurrent cell has no parameter " + kind);
    }
}
