package io.rnn4j.interop.onnx;

import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.conv.BatchNorm;
import io.rnn4j.nn.conv.Conv1d;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.Flatten;
import io.rnn4j.nn.conv.Pool2d;
import io.rnn4j.nn.conv.PoolKind;

import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intsAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.floatAttribute;

/**
 * The convolutional layers as ONNX {@code Conv}, {@code MaxPool}, {@code AveragePool} and
 * {@code BatchNormalization}. rnn4j keeps every value time-major (T, B, F), an image as its
 * flat (C, H, W) features at each step, so each layer reshapes to ONNX's (N, C, …) layout and
 * back:
 * <ul>
 *   <li>{@link Conv1d}: padded steps zeroed first (rnn4j convolves each sequence on its own,
 *       zeros from its length on), then (T, B, C) → (B, C, T) → Conv → (T', B, O); the new
 *       lengths {@code ⌊(L + p_b + p_a − span) / s⌋ + 1} (0 when L is shorter than the
 *       window) are computed in the graph for the layers after it;</li>
 *   <li>{@link Conv2d}, {@link Pool2d}: (T, B, C·H·W) → (T·B, C, H, W) → op → (T, B, C'·H'·W'),
 *       pads [top, left, bottom, right]; average pooling counts padding, as rnn4j's and
 *       PyTorch's do; floor mode;</li>
 *   <li>{@link BatchNorm}: the running statistics, (T·B, C, H·W) or (T·B, C);</li>
 *   <li>{@link Flatten}: nothing for one step (images), else (T, B, F) → (1, B, F·T),
 *       feature-major.</li>
 * </ul>
 */
final class ConvExport {

    private ConvExport() {
    }

    static OnnxExport.Value conv1d(OnnxGraph g, String node, Conv1d c, OnnxExport.Value in) {
        ConvAxis a = c.time();
        String x = SequenceMasks.zeroPadding(g, node, in);
        String bct = g.node("Transpose", node + "/bct", new String[]{x}, intsAttribute("perm", 1, 2, 0));
        String[] inputs = weightAndBias(g, node, c.parameters(), c.hasBias(), bct);
        String y = g.node("Conv", node + "/conv", inputs, intsAttribute("kernel_shape", a.kernel()),
                intsAttribute("strides", a.stride()), intsAttribute("pads", a.padBefore(), a.padAfter()),
                intsAttribute("dilations", a.dilation()));
        String tbo = g.node("Transpose", node, new String[]{y}, intsAttribute("perm", 2, 0, 1));
        return new OnnxExport.Value(tbo, c.outChannels(), in.lengths() == null ? null : outputLengths(g, node, a, in.lengths()), false);
    }

    /** L' = ⌊(L + p_b + p_a − span) / s⌋ + 1, or 0 when L + p_b + p_a &lt; span; int32. */
    private static String outputLengths(OnnxGraph g, String node, ConvAxis a, String lengths) {
        String num = g.node("Add", node + "/len_num", new String[]{lengths,
                g.scalarInt(node + "/len_offset", a.padBefore() + a.padAfter() - a.span())});
        String q = g.node("Div", node + "/len_div", new String[]{num, g.scalarInt(node + "/len_stride", a.stride())});
        String plus = g.node("Add", node + "/len_plus", new String[]{q, g.scalarInt(node + "/len_one", 1)});
        String tooShort = g.node("Less", node + "/len_short", new String[]{num, g.scalarInt(node + "/len_zero", 0)});
        return g.node("Where", node + "/lengths", new String[]{tooShort, g.scalarInt(node + "/len_none", 0), plus});
    }

    static OnnxExport.Value conv2d(OnnxGraph g, String node, Conv2d c, OnnxExport.Value in) {
        var s = c.inputShape();
        var o = c.outputShape();
        String nchw = g.node("Reshape", node + "/nchw", new String[]{in.name(), g.longs(node + "/nchw_shape", -1, s.channels(), s.height(), s.width())});
        String[] inputs = weightAndBias(g, node, c.parameters(), c.hasBias(), nchw);
        ConvAxis r = c.rows();
        ConvAxis w = c.cols();
        String y = g.node("Conv", node + "/conv", inputs, intsAttribute("kernel_shape", r.kernel(), w.kernel()),
                intsAttribute("strides", r.stride(), w.stride()),
                intsAttribute("pads", r.padBefore(), w.padBefore(), r.padAfter(), w.padAfter()),
                intsAttribute("dilations", r.dilation(), w.dilation()));
        return backToSequence(g, node, y, in, o.size());
    }

    static OnnxExport.Value pool2d(OnnxGraph g, String node, Pool2d p, OnnxExport.Value in) {
        var s = p.inputShape();
        String nchw = g.node("Reshape", node + "/nchw", new String[]{in.name(), g.longs(node + "/nchw_shape", -1, s.channels(), s.height(), s.width())});
        ConvAxis r = p.rows();
        ConvAxis w = p.cols();
        String y;
        if (p.kind() == PoolKind.MAX) {
            y = g.node("MaxPool", node + "/pool", new String[]{nchw}, intsAttribute("kernel_shape", r.kernel(), w.kernel()),
                    intsAttribute("strides", r.stride(), w.stride()),
                    intsAttribute("pads", r.padBefore(), w.padBefore(), r.padAfter(), w.padAfter()),
                    intsAttribute("dilations", r.dilation(), w.dilation()));
        } else {
            y = g.node("AveragePool", node + "/pool", new String[]{nchw}, intsAttribute("kernel_shape", r.kernel(), w.kernel()),
                    intsAttribute("strides", r.stride(), w.stride()),
                    intsAttribute("pads", r.padBefore(), w.padBefore(), r.padAfter(), w.padAfter()),
                    intAttribute("count_include_pad", 1));
        }
        return backToSequence(g, node, y, in, p.outputShape().size());
    }

    static OnnxExport.Value batchNorm(OnnxGraph g, String node, BatchNorm bn, OnnxExport.Value in) {
        int c = bn.channels();
        String shaped = g.node("Reshape", node + "/nc", new String[]{in.name(),
                bn.area() == 1 ? g.longs(node + "/nc_shape", -1, c) : g.longs(node + "/nc_shape", -1, c, bn.area())});
        String y = g.node("BatchNormalization", node + "/bn", new String[]{shaped,
                g.floats(node + ".weight", OnnxExport.named(bn.parameters(), "weight").toArray(), c),
                g.floats(node + ".bias", OnnxExport.named(bn.parameters(), "bias").toArray(), c),
                g.floats(node + ".running_mean", bn.runningMean().toArray(), c),
                g.floats(node + ".running_var", bn.runningVar().toArray(), c)}, floatAttribute("epsilon", bn.eps()));
        return backToSequence(g, node, y, in, in.features());
    }

    static OnnxExport.Value flatten(OnnxGraph g, String node, Flatten f, OnnxExport.Value in) {
        if (f.steps() == 1) {
            return in;
        }
        String bft = g.node("Transpose", node + "/bft", new String[]{in.name()}, intsAttribute("perm", 1, 2, 0));
        String y = g.node("Reshape", node, new String[]{bft, g.longs(node + "/shape", 1, -1, (long) in.features() * f.steps())});
        return new OnnxExport.Value(y, in.features() * f.steps(), null, false);
    }

    /** (1, B, C·H·W) → (H·W, B, C): position p = y·W + x becomes step p, every sample all H·W steps long. */
    static OnnxExport.Value spatialSequence(OnnxGraph g, String node, io.rnn4j.nn.conv.SpatialSequence sp, OnnxExport.Value in) {
        var s = sp.inputShape();
        String bcp = g.node("Reshape", node + "/bcp", new String[]{in.name(), g.longs(node + "/bcp_shape", -1, s.channels(), s.area())});
        String pbc = g.node("Transpose", node, new String[]{bcp}, intsAttribute("perm", 2, 0, 1));
        return new OnnxExport.Value(pbc, s.channels(), null, false);
    }

    /** (T, B, C·H·W) → (T, B, C), the mean or max of each channel over the map. */
    static OnnxExport.Value globalPool2d(OnnxGraph g, String node, io.rnn4j.nn.conv.GlobalPool2d p, OnnxExport.Value in) {
        var s = p.inputShape();
        String maps = g.node("Reshape", node + "/maps", new String[]{in.name(),
                SequenceMasks.leadingShape(g, node, in.name(), s.channels(), s.area())});
        String y = g.node(p.kind() == PoolKind.MAX ? "ReduceMax" : "ReduceMean", node, new String[]{maps},
                intsAttribute("axes", 3), intAttribute("keepdims", 0));
        return new OnnxExport.Value(y, s.channels(), in.lengths(), false);
    }

    /** (T·B, …) → (T, B, features), the (T, B) taken from the layer's input. */
    private static OnnxExport.Value backToSequence(OnnxGraph g, String node, String y, OnnxExport.Value in, int features) {
        String shape = SequenceMasks.leadingShape(g, node, in.name(), features);
        return new OnnxExport.Value(g.node("Reshape", node, new String[]{y, shape}), features, in.lengths(), false);
    }

    private static String[] weightAndBias(OnnxGraph g, String node, java.util.List<Parameter> ps, boolean bias, String x) {
        Parameter w = ps.get(0);
        long[] dims = java.util.Arrays.stream(w.shape()).asLongStream().toArray();
        String wn = g.floats(node + ".weight", w.toArray(), dims);
        if (!bias) {
            return new String[]{x, wn};
        }
        Parameter b = ps.get(1);
        return new String[]{x, wn, g.floats(node + ".bias", b.toArray(), b.size())};
    }
}
