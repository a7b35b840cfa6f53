package io.rnn4j.interop.onnx;

import io.rnn4j.nn.AttentionPooling;
import io.rnn4j.nn.EmbeddingBag;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.conv.GlobalPool1d;
import io.rnn4j.nn.conv.PoolKind;

import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intsAttribute;

/**
 * The layers that summarise a sequence over its valid steps, (T, B, F) → (1, B, F), with the
 * padding masked inside the graph ({@link SequenceMasks}) as rnn4j masks it:
 * {@link GlobalPool1d} (masked max or mean), {@link AttentionPooling} (the scores of padded steps
 * set to −10³⁰ before the softmax over time), {@link LastValidStep} ({@code GatherND} at
 * L − 1; the reverse half of a bidirectional output at step 0) and {@link EmbeddingBag} (a
 * {@code Gather} and the masked mean). A sample of length 0, which rnn4j maps to zeros, is not
 * expected here.
 */
final class PoolingExport {

    private static final float MASKED_SCORE = -1e30f;

    private PoolingExport() {
    }

    static OnnxExport.Value globalPool(OnnxGraph g, String node, GlobalPool1d p, OnnxExport.Value in) {
        String y;
        if (p.kind() == PoolKind.MAX) {
            String x = in.lengths() == null ? in.name() : g.node("Where", node + "/masked", new String[]{
                    SequenceMasks.valid(g, node, in), in.name(), g.scalarFloat(node + "/lowest", -Float.MAX_VALUE)});
            y = g.node("ReduceMax", node, new String[]{x}, intsAttribute("axes", 0), intAttribute("keepdims", 1));
        } else {
            y = mean(g, node, in, in.name());
        }
        return new OnnxExport.Value(y, in.features(), null, false);
    }

    /** The mean of x over each sample's valid steps, (1, B, F). */
    private static String mean(OnnxGraph g, String node, OnnxExport.Value in, String x) {
        if (in.lengths() == null) {
            return g.node("ReduceMean", node, new String[]{x}, intsAttribute("axes", 0), intAttribute("keepdims", 1));
        }
        String masked = g.node("Mul", node + "/masked", new String[]{x, SequenceMasks.ones(g, node, in)});
        String sum = g.node("ReduceSum", node + "/sum", new String[]{masked, g.longs(node + "/axes", 0)}, intAttribute("keepdims", 1));
        return g.node("Div", node, new String[]{sum, SequenceMasks.lengthsAsFloat(g, node, in)});
    }

    static OnnxExport.Value embeddingBag(OnnxGraph g, String node, EmbeddingBag e, OnnxExport.Value in) {
        String w = g.floats(node + ".weight", e.parameters().get(0).toArray(), e.vocabSize(), e.dim());
        String rows = g.node("Gather", node + "/rows", new String[]{w, in.name()}, intAttribute("axis", 0));
        String y = mean(g, node, in, rows);
        return new OnnxExport.Value(y, e.dim(), null, false);
    }

    static OnnxExport.Value attention(OnnxGraph g, String node, AttentionPooling a, OnnxExport.Value in) {
        Parameter w = a.parameters().get(0);
        Parameter b = a.parameters().get(1);
        Parameter v = a.parameters().get(2);
        float[] wt = OnnxExport.transposed(w.toArray(), a.attention(), a.features());
        String u = g.node("Tanh", node + "/u", new String[]{g.node("Add", node + "/pre", new String[]{
                g.node("MatMul", node + "/wx", new String[]{in.name(), g.floats(node + ".weight_t", wt, a.features(), a.attention())}),
                g.floats(node + ".bias", b.toArray(), a.attention())})});
        String scores = g.node("MatMul", node + "/scores", new String[]{u, g.floats(node + ".context", v.toArray(), a.attention(), 1)});
        if (in.lengths() != null) {
            scores = g.node("Where", node + "/masked_scores", new String[]{SequenceMasks.valid(g, node, in), scores,
                    g.scalarFloat(node + "/masked_score", MASKED_SCORE)});
        }
        String alpha = g.node("Softmax", node + "/alpha", new String[]{scores}, intAttribute("axis", 0));
        String weighted = g.node("Mul", node + "/weighted", new String[]{alpha, in.name()});
        String y = g.node("ReduceSum", node, new String[]{weighted, g.longs(node + "/axes", 0)}, intAttribute("keepdims", 1));
        return new OnnxExport.Value(y, in.features(), null, false);
    }

    static OnnxExport.Value lastValidStep(OnnxGraph g, String node, LastValidStep l, OnnxExport.Value in) {
        if (!l.isBidirectional()) {
            return new OnnxExport.Value(RecurrentExport.lastValidStep(g, node, in.name(), in.lengths()), in.features(), null, false);
        }
        int half = in.features() / 2;
        String forward = g.node("Slice", node + "/fwd", new String[]{in.name(), g.longs(node + "/f_from", 0),
                g.longs(node + "/f_to", half), g.longs(node + "/f_axis", 2)});
        String reverse = g.node("Slice", node + "/rev", new String[]{in.name(), g.longs(node + "/r_from", 0, half),
                g.longs(node + "/r_to", 1, in.features()), g.longs(node + "/r_axis", 0, 2)});
        String last = RecurrentExport.lastValidStep(g, node + "/last", forward, in.lengths());
        String y = g.node("Concat", node, new String[]{last, reverse}, intAttribute("axis", 2));
        return new OnnxExport.Value(y, in.features(), null, false);
    }
}
