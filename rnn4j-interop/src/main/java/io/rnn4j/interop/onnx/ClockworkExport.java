package io.rnn4j.interop.onnx;

import io.rnn4j.nn.recurrent.RecurrentCell;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.RecurrentStack;

import java.util.ArrayList;
import java.util.List;

import static io.rnn4j.interop.onnx.OnnxGraph.graphAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;

/**
 * A Clockwork RNN stack ({@link RecurrentLayer} of CLOCKWORK cells) as one ONNX {@code Scan} per
 * layer and direction, since no ONNX RNN operator updates units on their own clocks. One step:
 * <pre>
 *   h̃ = tanh(W_ih x + b_ih + (M ⊙ W_hh) h + b_hh)
 *   h' = h̃ where τ mod T_unit = 0, else h           (τ: the steps this sample has seen)
 *   h' = h and τ' = τ at a padded step, else τ' = τ + 1
 * </pre>
 * The clock τ is a state of its own, (B, H) with every entry the count, as in rnn4j's
 * {@code ClockworkRnn}; the block mask M is applied to the exported weight. The reverse direction
 * runs over each sample's valid steps reversed ({@code ReverseSequence}), its outputs reversed
 * back. States: with streaming, inputs {@code NODE.h0} and {@code NODE.clock0}, (L·D, B, H), and
 * always outputs {@code NODE.hN} and {@code NODE.clockN}.
 */
final class ClockworkExport {

    private ClockworkExport() {
    }

    static OnnxExport.Value export(OnnxGraph g, String node, RecurrentLayer layer, OnnxExport.Value in, boolean streaming,
                                   OnnxExport.Interface io) {
        RecurrentStack stack = layer.stack();
        RecurrentConfig c = stack.config();
        int h = c.hiddenSize();
        int dirs = c.directions();
        int layers = c.numLayers();
        float[] periods = unitPeriods(c);
        String periodsName = g.floats(node + ".unit_periods", periods, h);

        String[] initial = new String[2];
        String zeros = null;
        if (streaming) {
            String[] kinds = {"h", "clock"};
            for (int k = 0; k < 2; k++) {
                initial[k] = g.exact(node + "." + kinds[k] + "0");
                g.input(initial[k], OnnxGraph.FLOAT, (long) layers * dirs, "B", (long) h);
                io.stateInputs.add(initial[k]);
            }
        } else {
            zeros = SequenceMasks.batchZeros(g, node + "/zeros", in.name(), h);
        }
        String valid = in.lengths() == null ? null : SequenceMasks.valid(g, node, in);
        String lengths64 = in.lengths() == null ? null
                : g.node("Cast", node + "/len64", new String[]{in.lengths()}, intAttribute("to", OnnxGraph.INT64));

        String x = in.name();
        List<String> finalH = new ArrayList<>();
        List<String> finalClock = new ArrayList<>();
        List<String> topFinalH = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            String[] ys = new String[dirs];
            for (int d = 0; d < dirs; d++) {
                int slot = l * dirs + d;
                String prefix = node + "/l" + l + (d == 1 ? "_reverse" : "");
                String h0 = streaming ? slot(g, prefix + "/h0", initial[0], slot) : zeros;
                String clock0 = streaming ? slot(g, prefix + "/clock0", initial[1], slot) : zeros;
                String xs = d == 0 ? x : reverse(g, prefix + "/x_rev", x, lengths64);
                String[] out = scan(g, prefix, stack.cell(l, d), h, periods, periodsName, xs, valid, h0, clock0);
                ys[d] = d == 0 ? out[2] : reverse(g, prefix + "/y_rev", out[2], lengths64);
                finalH.add(g.node("Unsqueeze", prefix + "/hN", new String[]{out[0], g.longs("axis0", 0)}));
                finalClock.add(g.node("Unsqueeze", prefix + "/clockN", new String[]{out[1], g.longs("axis0", 0)}));
                if (l == layers - 1) {
                    topFinalH.add(finalH.get(finalH.size() - 1));
                }
            }
            if (dirs == 1) {
                x = ys[0];
            } else if (c.merge() == RecurrentConfig.Merge.SUM) {
                x = g.node("Add", node + "/l" + l + "/sum", new String[]{ys[0], ys[1]});
            } else {
                x = g.node("Concat", node + "/l" + l + "/concat", new String[]{ys[0], ys[1]}, intAttribute("axis", 2));
            }
        }
        RecurrentExport.stateOutput(g, io, node + ".hN", finalH, layers * dirs, h);
        RecurrentExport.stateOutput(g, io, node + ".clockN", finalClock, layers * dirs, h);
        switch (layer.output()) {
            case SEQUENCE:
                return new OnnxExport.Value(x, c.outputSize(), in.lengths(), false);
            case LAST:
                return new OnnxExport.Value(RecurrentExport.lastValidStep(g, node, x, in.lengths()), c.outputSize(), null, false);
            default: {
                String top = topFinalH.size() == 1 ? topFinalH.get(0)
                        : g.node("Concat", node + "/top_final", topFinalH.toArray(new String[0]), intAttribute("axis", 0));
                return new OnnxExport.Value(RecurrentExport.mergeFinalState(g, node, top, c), c.outputSize(), null, false);
            }
        }
    }

    /** Each hidden unit's period T_i, as floats for {@code Mod}. */
    private static float[] unitPeriods(RecurrentConfig c) {
        int h = c.hiddenSize();
        List<Integer> periods = c.clockPeriods();
        int size = h / periods.size();
        float[] p = new float[h];
        for (int i = 0; i < h; i++) {
            p[i] = periods.get(i / size);
        }
        return p;
    }

    /** Row {@code slot} of a (L·D, B, H) state input, as (B, H). */
    private static String slot(OnnxGraph g, String hint, String state, int slot) {
        return g.node("Gather", hint, new String[]{state, g.scalarLong(hint + "/slot", slot)}, intAttribute("axis", 0));
    }

    /** Each sample's valid steps in reverse order (the padding stays where it is); all steps without lengths. */
    private static String reverse(OnnxGraph g, String hint, String x, String lengths64) {
        if (lengths64 == null) {
            return g.node("Slice", hint, new String[]{x, g.longs(hint + "/from", -1), g.longs(hint + "/to", Long.MIN_VALUE),
                    g.longs(hint + "/axis", 0), g.longs(hint + "/step", -1)});
        }
        return g.node("ReverseSequence", hint, new String[]{x, lengths64}, intAttribute("batch_axis", 1),
                intAttribute("time_axis", 0));
    }

    /** One direction of one layer: returns the final h, the final clock and the outputs (T, B, H). */
    private static String[] scan(OnnxGraph g, String prefix, RecurrentCell cell, int h, float[] unit, String periods, String xs,
                                 String valid, String h0, String clock0) {
        int in = cell.inputSize();
        float[] whh = RecurrentExport.parameter(cell, "weight_hh").toArray();
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                if (unit[j] < unit[i]) {
                    whh[i * h + j] = 0f; // the block mask: input only from modules of the same or a longer period
                }
            }
        }
        float[] bias = RecurrentExport.parameter(cell, "bias_ih").toArray();
        float[] bhh = RecurrentExport.parameter(cell, "bias_hh").toArray();
        for (int i = 0; i < h; i++) {
            bias[i] += bhh[i];
        }
        String wih = g.floats(prefix + ".weight_ih_t", OnnxExport.transposed(RecurrentExport.parameter(cell, "weight_ih").toArray(), h, in), in, h);
        String whhT = g.floats(prefix + ".weight_hh_masked_t", OnnxExport.transposed(whh, h, h), h, h);
        String b = g.floats(prefix + ".bias", bias, h);

        OnnxGraph body = g.subgraph(prefix + "_step");
        String hIn = body.fresh("/" + prefix + "/step/h");
        String clockIn = body.fresh("/" + prefix + "/step/clock");
        String x = body.fresh("/" + prefix + "/step/x");
        body.input(hIn, OnnxGraph.FLOAT, "B", (long) h);
        body.input(clockIn, OnnxGraph.FLOAT, "B", (long) h);
        body.input(x, OnnxGraph.FLOAT, "B", (long) in);
        String v = null;
        if (valid != null) {
            v = body.fresh("/" + prefix + "/step/valid");
            body.input(v, OnnxGraph.BOOL, "B", 1L);
        }
        String candidate = body.node("Tanh", prefix + "/step/candidate", new String[]{body.node("Add", prefix + "/step/pre", new String[]{
                body.node("Add", prefix + "/step/sum", new String[]{
                        body.node("MatMul", prefix + "/step/wx", new String[]{x, wih}),
                        body.node("MatMul", prefix + "/step/wh", new String[]{hIn, whhT})}), b})});
        String active = body.node("Equal", prefix + "/step/active", new String[]{
                body.node("Mod", prefix + "/step/phase", new String[]{clockIn, periods}, intAttribute("fmod", 1)),
                g.scalarFloat(prefix + "/zero", 0f)});
        String hNext = body.node("Where", prefix + "/step/h_next", new String[]{active, candidate, hIn});
        String one = g.scalarFloat(prefix + "/one", 1f);
        String clockNext;
        if (v != null) {
            hNext = body.node("Where", prefix + "/step/h_kept", new String[]{v, hNext, hIn});
            clockNext = body.node("Add", prefix + "/step/clock_next", new String[]{clockIn,
                    body.node("Cast", prefix + "/step/advance", new String[]{v}, intAttribute("to", OnnxGraph.FLOAT))});
        } else {
            clockNext = body.node("Add", prefix + "/step/clock_next", new String[]{clockIn, one});
        }
        String y = body.node("Identity", prefix + "/step/y", new String[]{hNext});
        body.output(hNext, OnnxGraph.FLOAT, "B", (long) h);
        body.output(clockNext, OnnxGraph.FLOAT, "B", (long) h);
        body.output(y, OnnxGraph.FLOAT, "B", (long) h);
        String[] outs = {g.fresh("/" + prefix + "/final_h"), g.fresh("/" + prefix + "/final_clock"), g.fresh("/" + prefix + "/y")};
        String[] inputs = v != null ? new String[]{h0, clock0, xs, valid} : new String[]{h0, clock0, xs};
        g.nodeWithOutputs("Scan", prefix, inputs, outs, intAttribute("num_scan_inputs", v != null ? 2 : 1),
                graphAttribute("body", body.build()));
        return outs;
    }
}
