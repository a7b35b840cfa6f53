package io.rnn4j.interop.onnx;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.recurrent.RecurrentConfig;

import java.util.ArrayList;
import java.util.List;

import static io.rnn4j.interop.onnx.OnnxGraph.graphAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intsAttribute;

/**
 * An {@link AttentionDecoder} (teacher forcing: the embedded targets e (T, B, E), the memory m
 * (S, B, Dm), the summary z (1, B, K) → o (T, B, H)) as one ONNX {@code Scan} over the target
 * steps, since its input feeding and additive attention make each step read the one before:
 *
 * <ul>
 *   <li>before the loop: h₀ = z or {@code tanh(W_b z + b_b)} for every layer (c₀ = 0), the memory
 *       as (B, S, Dm), its keys (m for DOT, {@code W m} for GENERAL, {@code W_k m} for the
 *       additive forms) and its valid rows (the source lengths);</li>
 *   <li>the loop body, one step: the additive context from the previous top state, or the fed
 *       output õ_{t−1}, joined to e_t; each layer as an ONNX {@code LSTM}/{@code GRU}/{@code RNN}
 *       node over one step from its state; then Luong's attention over the new top state and
 *       {@code õ_t = tanh(W_c [c_t; s_t] + b_c)};</li>
 *   <li>attention: scores {@code q·k_s} or {@code vᵀ tanh(W_q q + k_s)}, padded memory rows at
 *       −10³⁰ before the softmax over S, the context {@code Σ_s α_s m_s}.</li>
 * </ul>
 * Padded target steps run like the others (their outputs are never read, and every later step of
 * that sample is padding too), so the loop needs no mask of its own.
 */
final class DecoderExport {

    private static final float MASKED_SCORE = -1e30f;

    private final OnnxGraph g;
    private final String node;
    private final AttentionDecoder decoder;
    private final RecurrentConfig rnn;
    private final int hidden;

    private DecoderExport(OnnxGraph g, String node, AttentionDecoder decoder) {
        this.g = g;
        this.node = node;
        this.decoder = decoder;
        this.rnn = decoder.rnn();
        this.hidden = rnn.hiddenSize();
    }

    static OnnxExport.Value export(OnnxGraph g, String node, AttentionDecoder decoder, OnnxExport.Value embedded,
                                   OnnxExport.Value memory, OnnxExport.Value summary) {
        return new DecoderExport(g, node, decoder).build(embedded, memory, summary);
    }

    /** What the loop body reads from outside it: the memory, its keys and its valid rows. */
    private record Memory(String values, String keys, String valid) {
    }

    private OnnxExport.Value build(OnnxExport.Value embedded, OnnxExport.Value memory, OnnxExport.Value summary) {
        Attention attention = decoder.attention();
        Memory mem = attention == null ? null : memory(memory, attention);

        // Initial states, before the loop.
        String z = g.node("Squeeze", node + "/z", new String[]{summary.name(), g.longs("axis0", 0)});
        String h0 = z;
        if (decoder.summarySize() != hidden) {
            h0 = g.node("Tanh", node + "/h0", new String[]{g.node("Add", node + "/bridge", new String[]{
                    g.node("MatMul", node + "/bridge_mm", new String[]{z, transposedWeight("bridge_weight", hidden, decoder.summarySize())}),
                    g.floats(node + ".bridge_bias", param("bridge_bias").toArray(), hidden)})});
        }
        String zeros = SequenceMasks.batchZeros(g, node + "/zeros", embedded.name(), hidden);
        int layers = rnn.numLayers();
        int kinds = rnn.cell().stateCount();
        boolean feeding = decoder.inputFeeding();
        List<String> initial = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            initial.add(h0);
            if (kinds == 2) {
                initial.add(zeros);
            }
        }
        if (feeding) {
            initial.add(zeros);
        }

        // The loop body: one step.
        OnnxGraph body = g.subgraph(node + "_step");
        List<String> stateIn = new ArrayList<>();
        for (int i = 0; i < initial.size(); i++) {
            String name = body.fresh("/" + node + "/step/state_in_" + i);
            body.input(name, OnnxGraph.FLOAT, "B", (long) hidden);
            stateIn.add(name);
        }
        String e = body.fresh("/" + node + "/step/e");
        body.input(e, OnnxGraph.FLOAT, "B", (long) rnn.inputSize());
        boolean additive = attention != null && attention.score() == Attention.Score.ADDITIVE;
        String x = e;
        String topBefore = stateIn.get((layers - 1) * kinds);
        if (additive) {
            x = body.node("Concat", node + "/step/x", new String[]{e, attend(body, attention, mem, topBefore)}, intAttribute("axis", 1));
        } else if (feeding) {
            x = body.node("Concat", node + "/step/x", new String[]{e, stateIn.get(stateIn.size() - 1)}, intAttribute("axis", 1));
        }
        List<String> stateOut = new ArrayList<>();
        String layerIn = x;
        for (int l = 0; l < layers; l++) {
            String[] next = cell(body, l, layerIn, stateIn.get(l * kinds), kinds == 2 ? stateIn.get(l * kinds + 1) : null);
            stateOut.add(next[0]);
            if (kinds == 2) {
                stateOut.add(next[1]);
            }
            layerIn = next[0];
        }
        String out = layerIn;
        if (attention != null && !additive) {
            String context = attend(body, attention, mem, layerIn);
            String joined = body.node("Concat", node + "/step/combined", new String[]{context, layerIn}, intAttribute("axis", 1));
            out = body.node("Tanh", node + "/step/o", new String[]{body.node("Add", node + "/step/combine", new String[]{
                    body.node("MatMul", node + "/step/combine_mm", new String[]{joined,
                            transposedWeight("combine_weight", hidden, decoder.memorySize() + hidden)}),
                    g.floats(node + ".combine_bias", param("combine_bias").toArray(), hidden)})});
            if (feeding) {
                stateOut.add(out);
            }
        }
        for (String s : stateOut) {
            body.output(s, OnnxGraph.FLOAT, "B", (long) hidden);
        }
        String outCopy = body.node("Identity", node + "/step/out", new String[]{out});
        body.output(outCopy, OnnxGraph.FLOAT, "B", (long) hidden);

        List<String> scanInputs = new ArrayList<>(initial);
        scanInputs.add(embedded.name());
        String[] scanOutputs = new String[stateOut.size() + 1];
        for (int i = 0; i < stateOut.size(); i++) {
            scanOutputs[i] = g.fresh("/" + node + "/final_" + i);
        }
        scanOutputs[stateOut.size()] = g.fresh("/" + node + "/outputs");
        g.nodeWithOutputs("Scan", node, scanInputs.toArray(new String[0]), scanOutputs,
                intAttribute("num_scan_inputs", 1), graphAttribute("body", body.build()));
        return new OnnxExport.Value(scanOutputs[stateOut.size()], hidden, embedded.lengths(), false);
    }

    /** The memory as (B, S, Dm), its keys (B, S, k) and its valid rows (B, S), computed once. */
    private Memory memory(OnnxExport.Value memory, Attention attention) {
        String bsd = g.node("Transpose", node + "/memory_bsd", new String[]{memory.name()}, intsAttribute("perm", 1, 0, 2));
        String keys = switch (attention.score()) {
            case DOT -> bsd;
            case GENERAL -> g.node("MatMul", node + "/keys", new String[]{bsd,
                    transposedWeight("attention_weight", attention.querySize(), attention.memorySize())});
            default -> g.node("MatMul", node + "/keys", new String[]{bsd,
                    transposedWeight("attention_key_weight", attention.attentionSize(), attention.memorySize())});
        };
        String valid = null;
        if (memory.lengths() != null) {
            String sb1 = SequenceMasks.valid(g, node + "/memory", memory);
            String sb = g.node("Squeeze", node + "/memory_valid_sb", new String[]{sb1, g.longs("axis2", 2)});
            valid = g.node("Transpose", node + "/memory_valid", new String[]{sb}, intsAttribute("perm", 1, 0));
        }
        return new Memory(bsd, keys, valid);
    }

    /** The context (B, Dm) of query q (B, Dq) over the memory, inside the loop body. */
    private String attend(OnnxGraph body, Attention attention, Memory mem, String q) {
        String scores;
        if (attention.score() == Attention.Score.DOT || attention.score() == Attention.Score.GENERAL) {
            String column = body.node("Unsqueeze", node + "/step/q_col", new String[]{q, g.longs("axis2", 2)});
            scores = body.node("Squeeze", node + "/step/scores", new String[]{
                    body.node("MatMul", node + "/step/qk", new String[]{mem.keys(), column}), g.longs("axis2", 2)});
        } else {
            String projected = body.node("MatMul", node + "/step/q_proj", new String[]{q,
                    transposedWeight("attention_query_weight", attention.attentionSize(), attention.querySize())});
            String hiddenScores = body.node("Tanh", node + "/step/u", new String[]{body.node("Add", node + "/step/qk", new String[]{
                    mem.keys(), body.node("Unsqueeze", node + "/step/q_row", new String[]{projected, g.longs("axis1", 1)})})});
            scores = body.node("Squeeze", node + "/step/scores", new String[]{
                    body.node("MatMul", node + "/step/e", new String[]{hiddenScores,
                            transposedWeight("attention_v", 1, attention.attentionSize())}), g.longs("axis2", 2)});
        }
        if (mem.valid() != null) {
            scores = body.node("Where", node + "/step/masked", new String[]{mem.valid(), scores,
                    g.scalarFloat(node + "/masked_score", MASKED_SCORE)});
        }
        String alpha = body.node("Softmax", node + "/step/alpha", new String[]{scores}, intAttribute("axis", -1));
        String row = body.node("Unsqueeze", node + "/step/alpha_row", new String[]{alpha, g.longs("axis1", 1)});
        return body.node("Squeeze", node + "/step/context", new String[]{
                body.node("MatMul", node + "/step/weighted", new String[]{row, mem.values()}), g.longs("axis1", 1)});
    }

    /** One step of layer l from its state, as a one-step ONNX recurrent node: the new h (and c), each (B, H). */
    private String[] cell(OnnxGraph body, int l, String x, String h, String c) {
        String prefix = node + "/step/l" + l;
        RecurrentExport.LayerWeights w = RecurrentExport.weights(rnn.cell(), hidden, rnn.peepholes(),
                List.of(kind -> param(kind + "_l" + l)));
        String axis0 = g.longs("axis0", 0);
        String[] initial = c == null
                ? new String[]{body.node("Unsqueeze", prefix + "/h", new String[]{h, axis0})}
                : new String[]{body.node("Unsqueeze", prefix + "/h", new String[]{h, axis0}),
                body.node("Unsqueeze", prefix + "/c", new String[]{c, axis0})};
        String[] outputs = RecurrentExport.layerNode(body, g, node, l, prefix, rnn, w,
                body.node("Unsqueeze", prefix + "/x", new String[]{x, axis0}), "", initial);
        String newH = body.node("Squeeze", prefix + "/h_new", new String[]{outputs[1], axis0});
        String newC = c == null ? null : body.node("Squeeze", prefix + "/c_new", new String[]{outputs[2], axis0});
        return new String[]{newH, newC};
    }

    /** Weight {@code name} (rows, cols) transposed to (cols, rows), for a MatMul from the right. */
    private String transposedWeight(String name, int rows, int cols) {
        return g.floats(node + "." + name + "_t", OnnxExport.transposed(param(name).toArray(), rows, cols), cols, rows);
    }

    private Parameter param(String name) {
        return OnnxExport.named(decoder.parameters(), name);
    }
}
