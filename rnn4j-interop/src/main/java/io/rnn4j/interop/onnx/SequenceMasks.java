package io.rnn4j.interop.onnx;

import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;

/**
 * Which steps of a padded batch are valid, computed inside the graph from the lengths input, so
 * that layers which look across time (convolutions, pooling over time) ignore padding as
 * rnn4j's do: {@code valid[t, b] = t < lengths[b]}, as (T, B, 1).
 */
final class SequenceMasks {

    private SequenceMasks() {
    }

    /**
     * bool (T, B, 1): step t of sample b is valid. Computed once per lengths tensor: the values
     * that share one have the same steps.
     */
    static String valid(OnnxGraph g, String hint, OnnxExport.Value v) {
        return g.once("valid " + v.lengths(), () -> computeValid(g, hint, v));
    }

    private static String computeValid(OnnxGraph g, String hint, OnnxExport.Value v) {
        String shape = g.node("Shape", hint + "/shape", new String[]{v.name()});
        String steps = g.node("Gather", hint + "/steps", new String[]{shape, g.scalarLong(hint + "/zero", 0)}, intAttribute("axis", 0));
        String range = g.node("Range", hint + "/t", new String[]{g.scalarLong(hint + "/start", 0), steps, g.scalarLong(hint + "/delta", 1)});
        String column = g.node("Unsqueeze", hint + "/t_col", new String[]{range, g.longs(hint + "/axis1", 1)});
        String len64 = g.node("Cast", hint + "/len64", new String[]{v.lengths()}, intAttribute("to", OnnxGraph.INT64));
        String row = g.node("Unsqueeze", hint + "/len_row", new String[]{len64, g.longs(hint + "/axis0", 0)});
        String valid = g.node("Less", hint + "/valid", new String[]{column, row});
        return g.node("Unsqueeze", hint + "/valid3", new String[]{valid, g.longs(hint + "/axis2", 2)});
    }

    /** float (T, B, 1): 1 at valid steps, 0 at padding. */
    static String ones(OnnxGraph g, String hint, OnnxExport.Value v) {
        return g.node("Cast", hint + "/mask", new String[]{valid(g, hint, v)}, intAttribute("to", OnnxGraph.FLOAT));
    }

    /** x with padded steps set to zero (nothing to do without lengths). */
    static String zeroPadding(OnnxGraph g, String hint, OnnxExport.Value v) {
        if (v.lengths() == null) {
            return v.name();
        }
        return g.node("Mul", hint + "/masked", new String[]{v.name(), ones(g, hint, v)});
    }

    /** Zeros (B, width) for a value (T, B, …): an initial state before any step. */
    static String batchZeros(OnnxGraph g, String hint, String value, int width) {
        String shape = g.node("Shape", hint + "/shape", new String[]{value});
        String batch = g.node("Slice", hint + "/batch", new String[]{shape, g.longs("from", 1), g.longs("to", 2), g.longs("axis", 0)});
        return g.node("ConstantOfShape", hint + "/zeros", new String[]{
                g.node("Concat", hint + "/zeros_shape", new String[]{batch, g.longs("width", width)}, OnnxGraph.intAttribute("axis", 0))});
    }

    /** The lengths as float (1, B, 1), to divide sums by. */
    static String lengthsAsFloat(OnnxGraph g, String hint, OnnxExport.Value v) {
        String f = g.node("Cast", hint + "/len_f", new String[]{v.lengths()}, intAttribute("to", OnnxGraph.FLOAT));
        return g.node("Unsqueeze", hint + "/len_1b1", new String[]{f, g.longs(hint + "/axes02", 0, 2)});
    }

    /** The (T, B) leading dimensions of a (T, B, …) value followed by {@code rest}: a Reshape target. */
    static String leadingShape(OnnxGraph g, String hint, String value, long... rest) {
        String shape = g.node("Shape", hint + "/tb_shape", new String[]{value});
        String tb = g.node("Slice", hint + "/tb", new String[]{shape, g.longs(hint + "/tb_from", 0), g.longs(hint + "/tb_to", 2),
                g.longs(hint + "/tb_axis", 0)});
        return g.node("Concat", hint + "/tb_rest", new String[]{tb, g.longs(hint + "/rest", rest)}, intAttribute("axis", 0));
    }
}
