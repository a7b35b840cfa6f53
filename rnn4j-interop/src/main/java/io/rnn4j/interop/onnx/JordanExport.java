package io.rnn4j.interop.onnx;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.recurrent.JordanLayer;

import static io.rnn4j.interop.onnx.OnnxGraph.graphAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;

/**
 * A {@link JordanLayer} as one ONNX {@code Scan} over the steps, running free as at inference:
 * {@code h_t = tanh(W_ih x_t + W_ch c_{t−1} + b_h)}, {@code y_t = φ(W_ho h_t + b_o)},
 * {@code c_t = y_t}; a padded step keeps the context (a mask from the lengths is a second scan
 * input). The context is the layer's state: with streaming, input {@code NODE.h0} and output
 * {@code NODE.hN}, (1, B, O), as rnn4j's one state block.
 */
final class JordanExport {

    private JordanExport() {
    }

    static OnnxExport.Value export(OnnxGraph g, String node, JordanLayer j, OnnxExport.Value in, boolean streaming,
                                   OnnxExport.Interface io) {
        int o = j.out();
        int h = j.hidden();
        String initial;
        if (streaming) {
            String state = g.exact(node + ".h0");
            g.input(state, OnnxGraph.FLOAT, 1L, "B", (long) o);
            io.stateInputs.add(state);
            initial = g.node("Squeeze", node + "/c0", new String[]{state, g.longs("axis0", 0)});
        } else {
            initial = SequenceMasks.batchZeros(g, node + "/c0", in.name(), o);
        }
        boolean masked = in.lengths() != null;
        OnnxGraph body = g.subgraph(node + "_step");
        String c = body.fresh("/" + node + "/step/c");
        body.input(c, OnnxGraph.FLOAT, "B", (long) o);
        String x = body.fresh("/" + node + "/step/x");
        body.input(x, OnnxGraph.FLOAT, "B", (long) j.in());
        String valid = null;
        if (masked) {
            valid = body.fresh("/" + node + "/step/valid");
            body.input(valid, OnnxGraph.BOOL, "B", 1L);
        }
        String pre = body.node("Add", node + "/step/pre", new String[]{
                body.node("Add", node + "/step/in", new String[]{
                        body.node("MatMul", node + "/step/wx", new String[]{x, weightT(g, node, j, "weight_ih", h, j.in())}),
                        body.node("MatMul", node + "/step/wc", new String[]{c, weightT(g, node, j, "weight_ch", h, o)})}),
                g.floats(node + ".bias_h", OnnxExport.named(j.parameters(), "bias_h").toArray(), h)});
        String hidden = body.node("Tanh", node + "/step/h", new String[]{pre});
        String y = body.node("Add", node + "/step/y_pre", new String[]{
                body.node("MatMul", node + "/step/wh", new String[]{hidden, weightT(g, node, j, "weight_ho", o, h)}),
                g.floats(node + ".bias_o", OnnxExport.named(j.parameters(), "bias_o").toArray(), o)});
        y = switch (j.activation()) {
            case TANH -> body.node("Tanh", node + "/step/y", new String[]{y});
            case SIGMOID -> body.node("Sigmoid", node + "/step/y", new String[]{y});
            default -> y;
        };
        String next = masked ? body.node("Where", node + "/step/c_next", new String[]{valid, y, c})
                : body.node("Identity", node + "/step/c_next", new String[]{y});
        String out = body.node("Identity", node + "/step/out", new String[]{y});
        body.output(next, OnnxGraph.FLOAT, "B", (long) o);
        body.output(out, OnnxGraph.FLOAT, "B", (long) o);

        String[] inputs = masked ? new String[]{initial, in.name(), SequenceMasks.valid(g, node, in)} : new String[]{initial, in.name()};
        String finalC = g.fresh("/" + node + "/final");
        String ys = g.fresh("/" + node + "/outputs");
        g.nodeWithOutputs("Scan", node, inputs, new String[]{finalC, ys},
                intAttribute("num_scan_inputs", masked ? 2 : 1), graphAttribute("body", body.build()));
        String stateOut = g.exact(node + ".hN");
        g.nodeWithOutputs("Unsqueeze", node + "/hN", new String[]{finalC, g.longs("axis0", 0)}, new String[]{stateOut});
        io.extraOutputs.put(stateOut, new Object[]{1L, "B", (long) o});
        return new OnnxExport.Value(ys, o, in.lengths(), false);
    }

    private static String weightT(OnnxGraph g, String node, JordanLayer j, String name, int rows, int cols) {
        return g.floats(node + "." + name + "_t", OnnxExport.transposed(OnnxExport.named(j.parameters(), name).toArray(), rows, cols), cols, rows);
    }
}
