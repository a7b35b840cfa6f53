package io.rnn4j.interop.onnx;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.conv.CharCnn;
import io.rnn4j.nn.crf.LinearChainCrf;

import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intsAttribute;

/**
 * The sequence labeller's two special layers.
 *
 * <p>{@link CharCnn}: the character ids (T, B, W) (whole numbers as floats, 0 after the word) are
 * embedded ({@code Gather}), zeroed outside the word, convolved over the word's characters
 * ({@code Conv}, padding (k − 1)/2 each side) and max-pooled over the word's own characters; a word
 * of no characters gives zeros, as in rnn4j (padded steps of the sentence hold whatever their
 * characters give; nothing reads them).
 *
 * <p>{@link LinearChainCrf}: as a layer it passes the emission scores through, and so does the
 * export; its scores for the decoding are extra graph outputs, {@code NODE.transitions} (K, K)
 * (from row to column), {@code NODE.start} (K) and {@code NODE.end} (K), with −∞ where the tag
 * scheme forbids a transition, so that a client's Viterbi finds the tags rnn4j's decode finds.
 */
final class TaggingExport {

    private TaggingExport() {
    }

    static OnnxExport.Value charCnn(OnnxGraph g, String node, CharCnn c, OnnxExport.Value in) {
        int w = c.width();
        int d = c.dim();
        int f = c.filters();
        Parameter embedding = c.parameters().get(0);
        Parameter weight = c.parameters().get(1);
        Parameter bias = c.parameters().get(2);
        String ids = g.node("Cast", node + "/ids", new String[]{in.name()}, intAttribute("to", OnnxGraph.INT64));
        String inWord = g.node("Greater", node + "/in_word", new String[]{in.name(), g.scalarFloat(node + "/half", 0.5f)});
        String inWordF = g.node("Cast", node + "/in_word_f", new String[]{inWord}, intAttribute("to", OnnxGraph.FLOAT));
        String e = g.node("Gather", node + "/embedded", new String[]{g.floats(node + ".char_embedding", embedding.toArray(),
                c.chars(), d), ids}, intAttribute("axis", 0));
        String masked = g.node("Mul", node + "/masked", new String[]{e,
                g.node("Unsqueeze", node + "/in_word_4", new String[]{inWordF, g.longs(node + "/axis3", 3)})});
        String nwd = g.node("Reshape", node + "/nwd", new String[]{masked, g.longs(node + "/nwd_shape", -1, w, d)});
        String ndw = g.node("Transpose", node + "/ndw", new String[]{nwd}, intsAttribute("perm", 0, 2, 1));
        int pad = (c.kernel() - 1) / 2;
        String y = g.node("Conv", node + "/conv", new String[]{ndw,
                        g.floats(node + ".weight", weight.toArray(), f, d, c.kernel()), g.floats(node + ".bias", bias.toArray(), f)},
                intsAttribute("kernel_shape", c.kernel()), intsAttribute("pads", pad, pad));
        String inWordN = g.node("Reshape", node + "/in_word_n", new String[]{inWord, g.longs(node + "/n1w", -1, 1, w)});
        String onlyWord = g.node("Where", node + "/only_word", new String[]{inWordN, y,
                g.scalarFloat(node + "/lowest", -Float.MAX_VALUE)});
        String pooled = g.node("ReduceMax", node + "/pooled", new String[]{onlyWord}, intsAttribute("axes", 2), intAttribute("keepdims", 0));
        String hasChars = g.node("ReduceMax", node + "/has_chars", new String[]{
                g.node("Reshape", node + "/in_word_nw", new String[]{inWordF, g.longs(node + "/nw", -1, w)})},
                intsAttribute("axes", 1), intAttribute("keepdims", 1));
        String words = g.node("Mul", node + "/words", new String[]{pooled, hasChars});
        String tbf = g.node("Reshape", node, new String[]{words, SequenceMasks.leadingShape(g, node, in.name(), f)});
        // Padded steps are left as they come out (rnn4j zeroes them); nothing after reads them, and
        // masking them would make the character input's lengths one more graph input.
        return new OnnxExport.Value(tbf, f, in.lengths(), false);
    }

    static OnnxExport.Value crf(OnnxGraph g, String node, LinearChainCrf crf, OnnxExport.Value in, OnnxExport.Interface io) {
        int k = crf.tags();
        boolean[][] allowed = crf.allowed();
        float[] transitions = OnnxExport.named(crf.parameters(), "transitions").toArray();
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (!allowed[i][j]) {
                    transitions[i * k + j] = Float.NEGATIVE_INFINITY;
                }
            }
        }
        float[] start = forbid(OnnxExport.named(crf.parameters(), "start").toArray(), crf.allowedStart());
        float[] end = forbid(OnnxExport.named(crf.parameters(), "end").toArray(), crf.allowedEnd());
        constantOutput(g, node + ".transitions", g.floats(node + "/transitions", transitions, k, k), io, (long) k, (long) k);
        constantOutput(g, node + ".start", g.floats(node + "/start", start, k), io, (long) k);
        constantOutput(g, node + ".end", g.floats(node + "/end", end, k), io, (long) k);
        return in;
    }

    private static void constantOutput(OnnxGraph g, String name, String initializer, OnnxExport.Interface io, Object... dims) {
        g.nodeWithOutputs("Identity", name, new String[]{initializer}, new String[]{g.exact(name)});
        io.extraOutputs.put(name, dims);
    }

    private static float[] forbid(float[] scores, boolean[] allowed) {
        for (int i = 0; i < scores.length; i++) {
            if (!allowed[i]) {
                scores[i] = Float.NEGATIVE_INFINITY;
            }
        }
        return scores;
    }
}
