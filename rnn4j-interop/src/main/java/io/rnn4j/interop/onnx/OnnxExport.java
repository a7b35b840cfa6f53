package io.rnn4j.interop.onnx;

import io.rnn4j.Version;
import io.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import io.rnn4j.interop.onnx.proto.Onnx.OperatorSetIdProto;
import io.rnn4j.interop.onnx.proto.Onnx.StringStringEntryProto;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.TokenLayer;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.AttentionPooling;
import io.rnn4j.nn.EmbeddingBag;
import io.rnn4j.nn.LastValidStep;
import io.rnn4j.nn.conv.BatchNorm;
import io.rnn4j.nn.conv.CharCnn;
import io.rnn4j.nn.conv.GlobalPool2d;
import io.rnn4j.nn.conv.SpatialSequence;
import io.rnn4j.nn.attention.AttentionDecoder;
import io.rnn4j.nn.crf.LinearChainCrf;
import io.rnn4j.nn.conv.Conv1d;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.Flatten;
import io.rnn4j.nn.conv.GlobalPool1d;
import io.rnn4j.nn.conv.Pool2d;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.rnn4j.interop.onnx.OnnxGraph.floatAttribute;
import static io.rnn4j.interop.onnx.OnnxGraph.intAttribute;

/**
 * Writes an rnn4j {@link SequenceModel} as an ONNX model (opset {@value #OPSET}, IR version
 * {@value #IR_VERSION}) that ONNX Runtime runs with rnn4j's numbers.
 *
 * <p><b>The exported interface</b> (time-major, like rnn4j's {@code Seq}):
 * <ul>
 *   <li>each model input under its own name: token ids int64 (T, B) when an {@link Embedding} or
 *       {@link OneHot} reads it, else float (T, B, F);</li>
 *   <li>{@code lengths} int32 (B), each sample's valid steps (ONNX's {@code sequence_lens}),
 *       present when a layer that reads across time needs it; {@code NAME.lengths} for input
 *       NAME when the model has several inputs;</li>
 *   <li>for each recurrent node N, outputs {@code N.hN} (and {@code N.cN}), the final states
 *       (L·D, B, H), and with {@link Options#streaming} inputs {@code N.h0} (and {@code N.c0})
 *       of the same shape — see {@link RecurrentExport};</li>
 *   <li>each model output under its own name, float (T, B, O), and with
 *       {@link Options#softmax} also {@code NAME.probabilities}, the softmax over O.</li>
 * </ul>
 * Steps past a sample's length hold whatever the layers compute from ONNX's zero padding; read
 * only the valid ones, as with rnn4j.
 *
 * <p><b>Layers:</b> {@link Embedding} ({@code Gather}), {@link OneHot}, {@link Dense}
 * ({@code MatMul} + {@code Add}, tied weights included), {@link Activation}, {@link Dropout}
 * (left out: inference), {@link Merge}, {@link RecurrentLayer} (RNN, LSTM, GRU, stacks,
 * bidirectional, peepholes, every output kind; {@link RecurrentExport}), the convolutional
 * layers {@link Conv1d}, {@link Conv2d}, {@link Pool2d}, {@link BatchNorm}, {@link Flatten}
 * ({@link ConvExport}), and the summaries over time {@link GlobalPool1d},
 * {@link AttentionPooling}, {@link LastValidStep} and {@link EmbeddingBag}
 * ({@link PoolingExport}), and the tagger's {@link CharCnn} and {@link LinearChainCrf} (its
 * scores as extra outputs; {@link TaggingExport}), sub-models (inlined), the
 * {@link AttentionDecoder} ({@link DecoderExport}) and the {@link JordanLayer}
 * ({@link JordanExport}) and Clockwork stacks ({@link ClockworkExport}), as {@code Scan} loops.
 * Anything else ({@code Pool1d}, a stand-alone {@code Attention}) is refused with one line that
 * names the layer.
 */
public final class OnnxExport {

    /** The opset written. */
    public static final int OPSET = 17;
    /** The IR version written (ONNX 1.12, which opset 17 belongs to). */
    public static final int IR_VERSION = 8;

    /**
     * @param softmax   also output the softmax of each output as {@code NAME.probabilities}
     * @param streaming  declare each recurrent node's initial states as inputs (see
     *                   {@link RecurrentExport}), so a client can step the model and feed the
     *                   final states back; without it the layers start from zeros
     * @param metadata written to the file's {@code metadata_props} (for example an rnn4j
     *                 tokenizer, so that an import can restore it)
     */
    public record Options(boolean softmax, boolean streaming, Map<String, String> metadata) {
        public Options {
            metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        }

        /** Logits only, no state inputs, no metadata. */
        public static Options defaults() {
            return new Options(false, false, Map.of());
        }

        public Options withSoftmax(boolean on) {
            return new Options(on, streaming, metadata);
        }

        public Options withStreaming(boolean on) {
            return new Options(softmax, on, metadata);
        }

        public Options withMetadata(Map<String, String> m) {
            return new Options(softmax, streaming, m);
        }
    }

    /** A tensor of the graph as rnn4j sees it: (T, B, F) values, or token ids, with their lengths tensor (or null). */
    record Value(String name, int features, String lengths, boolean tokens) {
    }

    /** The names of the state inputs and outputs the recurrent layers declared, in order. */
    static final class Interface {
        final List<String> stateInputs = new ArrayList<>();
        /** Final states and CRF scores: declared as graph outputs after the model's own outputs, so those come first. */
        final Map<String, Object[]> extraOutputs = new LinkedHashMap<>();
    }

    private OnnxExport() {
    }

    /** Writes the model to {@code path} atomically. */
    public static void write(SequenceModel model, Path path, Options options) throws IOException {
        byte[] bytes = export(model, options).toByteArray();
        io.rnn4j.interop.AtomicFiles.write(path, bytes);
    }

    /** Where a model input's lengths stand until the export knows how many lengths inputs it needs. */
    static final String LENGTHS_PLACEHOLDER = "@lengths:";

    /** The model as an ONNX {@link ModelProto}. */
    public static ModelProto export(SequenceModel model, Options options) {
        model.parameters();
        OnnxGraph g = new OnnxGraph("rnn4j");
        Interface io = new Interface();
        Map<String, Value> inputs = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> in : model.inputs().entrySet()) {
            String name = g.exact(in.getKey());
            boolean tokens = readsTokens(model, in.getKey());
            if (tokens) {
                g.input(name, OnnxGraph.INT64, "T", "B");
            } else {
                g.input(name, OnnxGraph.FLOAT, "T", "B", (long) in.getValue());
            }
            inputs.put(in.getKey(), new Value(name, in.getValue(), LENGTHS_PLACEHOLDER + in.getKey(), tokens));
        }
        Map<String, Value> values = exportParts(g, model, "", inputs, options.streaming(), io);
        Map<String, String> outputs = new LinkedHashMap<>(model.outputs());
        for (Map.Entry<String, String> o : outputs.entrySet()) {
            Value v = values.get(o.getValue());
            String name = g.exact(o.getKey());
            g.nodeWithOutputs("Identity", "output_" + o.getKey(), new String[]{v.name()}, new String[]{name});
            g.output(name, OnnxGraph.FLOAT, "T", "B", (long) v.features());
            if (options.softmax()) {
                String p = g.exact(o.getKey() + ".probabilities");
                g.nodeWithOutputs("Softmax", "softmax_" + o.getKey(), new String[]{v.name()}, new String[]{p},
                        intAttribute("axis", -1));
                g.output(p, OnnxGraph.FLOAT, "T", "B", (long) v.features());
            }
        }
        io.extraOutputs.forEach((name, dims) -> g.output(name, OnnxGraph.FLOAT, dims));
        declareLengths(g, model);
        ModelProto.Builder m = ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("rnn4j")
                .setProducerVersion(Version.get())
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(g.build());
        options.metadata().forEach((k, v) -> m.addMetadataProps(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return m.build();
    }

    /**
     * Declares the lengths inputs the graph reads, right after the model inputs: {@code lengths}
     * for a model of one input, {@code NAME.lengths} for input NAME of a model of several (a
     * tagger's {@code words.lengths}, a translator's {@code source.lengths}).
     */
    private static void declareLengths(OnnxGraph g, SequenceModel model) {
        List<String> read = new ArrayList<>();
        for (String input : model.inputs().keySet()) {
            if (g.isRead(LENGTHS_PLACEHOLDER + input)) {
                read.add(input);
            }
        }
        Map<String, String> renames = new LinkedHashMap<>();
        int at = model.inputs().size();
        for (String input : read) {
            String name = g.exact(model.inputs().size() == 1 ? "lengths" : input + ".lengths");
            renames.put(LENGTHS_PLACEHOLDER + input, name);
            g.inputAt(at++, name, OnnxGraph.INT32, "B");
        }
        g.renameInputs(renames);
    }

    /**
     * Exports the parts of {@code m} (the whole model, or a sub-model inlined as {@code prefix}),
     * its inputs bound to {@code inputs}; returns every value by the name {@code m}'s parts read it
     * by.
     */
    private static Map<String, Value> exportParts(OnnxGraph g, SequenceModel m, String prefix, Map<String, Value> inputs,
                                                  boolean streaming, Interface io) {
        Map<String, Value> values = new HashMap<>(inputs);
        for (SequenceModel.Part part : m.parts()) {
            String local = part.name();
            String node = prefix + local;
            Object c = part.component();
            List<Value> ins = part.inputs().stream().map(values::get).toList();
            if (c instanceof SequenceModel sub) {
                Map<String, Value> subInputs = new LinkedHashMap<>();
                List<String> names = new ArrayList<>(sub.inputs().keySet());
                for (int i = 0; i < names.size(); i++) {
                    subInputs.put(names.get(i), ins.get(i));
                }
                Map<String, Value> subValues = exportParts(g, sub, node + ".", subInputs, streaming, io);
                // The parent reads a sub-model's nodes as "sub.node" (its outputs resolve to them).
                subValues.forEach((name, v) -> values.put(local + "." + name, v));
                continue;
            }
            Value out;
            if (c instanceof Layer layer) {
                out = layer(g, node, layer, ins.get(0), streaming, io);
            } else if (c instanceof Merge merge) {
                out = merge(g, node, merge, ins);
            } else if (c instanceof AttentionDecoder decoder) {
                out = DecoderExport.export(g, node, decoder, ins.get(0), ins.get(1), ins.get(2));
            } else {
                throw refused(node, c, "ONNX export does not cover it yet");
            }
            values.put(local, out);
        }
        return values;
    }

    /** Whether a token layer reads the input, directly or inside a sub-model that the input feeds. */
    static boolean readsTokens(SequenceModel model, String input) {
        for (SequenceModel.Part p : model.parts()) {
            if (p.component() instanceof TokenLayer && p.inputs().contains(input)) {
                return true;
            }
            if (p.component() instanceof SequenceModel sub) {
                List<String> subInputs = new ArrayList<>(sub.inputs().keySet());
                for (int i = 0; i < p.inputs().size(); i++) {
                    if (p.inputs().get(i).equals(input) && readsTokens(sub, subInputs.get(i))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static Value layer(OnnxGraph g, String node, Layer layer, Value in, boolean streaming, Interface io) {
        if (layer instanceof Embedding e) {
            String w = g.floats(node + ".weight", e.parameters().get(0).toArray(), e.vocabSize(), e.dim());
            String y = g.node("Gather", node, new String[]{w, in.name()}, intAttribute("axis", 0));
            return new Value(y, e.dim(), in.lengths(), false);
        }
        if (layer instanceof OneHot o) {
            String y = g.node("OneHot", node, new String[]{in.name(), g.longs(node + ".depth", o.vocabSize()),
                    g.floats(node + ".values", new float[]{0f, 1f}, 2)}, intAttribute("axis", -1));
            return new Value(y, o.vocabSize(), in.lengths(), false);
        }
        if (layer instanceof EmbeddingBag bag) {
            return PoolingExport.embeddingBag(g, node, bag, in);
        }
        if (in.tokens()) {
            throw refused(node, layer, "it reads token ids, which only Embedding, EmbeddingBag and OneHot take");
        }
        if (layer instanceof Dense d) {
            return dense(g, node, d, in);
        }
        if (layer instanceof Activation a) {
            String y = switch (a.kind()) {
                case TANH -> g.node("Tanh", node, new String[]{in.name()});
                case RELU -> g.node("Relu", node, new String[]{in.name()});
                case SIGMOID -> g.node("Sigmoid", node, new String[]{in.name()});
                case LEAKY_RELU -> g.node("LeakyRelu", node, new String[]{in.name()}, floatAttribute("alpha", a.negativeSlope()));
            };
            return new Value(y, in.features(), in.lengths(), false);
        }
        if (layer instanceof Dropout) {
            return in;
        }
        if (layer instanceof RecurrentLayer r) {
            return RecurrentExport.export(g, node, r, in, streaming, io);
        }
        if (layer instanceof Conv1d c) {
            return ConvExport.conv1d(g, node, c, in);
        }
        if (layer instanceof Conv2d c) {
            return ConvExport.conv2d(g, node, c, in);
        }
        if (layer instanceof Pool2d p) {
            return ConvExport.pool2d(g, node, p, in);
        }
        if (layer instanceof BatchNorm bn) {
            return ConvExport.batchNorm(g, node, bn, in);
        }
        if (layer instanceof Flatten f) {
            return ConvExport.flatten(g, node, f, in);
        }
        if (layer instanceof GlobalPool1d p) {
            return PoolingExport.globalPool(g, node, p, in);
        }
        if (layer instanceof AttentionPooling a) {
            return PoolingExport.attention(g, node, a, in);
        }
        if (layer instanceof LastValidStep l) {
            return PoolingExport.lastValidStep(g, node, l, in);
        }
        if (layer instanceof LinearChainCrf crf) {
            return TaggingExport.crf(g, node, crf, in, io);
        }
        if (layer instanceof SpatialSequence sp) {
            return ConvExport.spatialSequence(g, node, sp, in);
        }
        if (layer instanceof GlobalPool2d p) {
            return ConvExport.globalPool2d(g, node, p, in);
        }
        if (layer instanceof CharCnn c) {
            return TaggingExport.charCnn(g, node, c, in);
        }
        if (layer instanceof JordanLayer j) {
            return JordanExport.export(g, node, j, in, streaming, io);
        }
        throw refused(node, layer, "ONNX export does not cover it yet");
    }

    /** y = x·Wᵀ + b, with Wᵀ stored as an (in, out) initializer {@code NODE.weight_t}. */
    private static Value dense(OnnxGraph g, String node, Dense d, Value in) {
        float[] wt = transposed(weightOf(d).toArray(), d.out(), d.in());
        String product = g.node("MatMul", node + "/matmul", new String[]{in.name(), g.floats(node + ".weight_t", wt, d.in(), d.out())});
        String y = g.node("Add", node, new String[]{product, g.floats(node + ".bias", biasOf(d).toArray(), d.out())});
        return new Value(y, d.out(), in.lengths(), false);
    }

    /** The transpose of a row-major (rows, cols) matrix: PyTorch's (out, in) weights and ONNX's MatMul (in, out). */
    static float[] transposed(float[] w, int rows, int cols) {
        float[] t = new float[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = w[r * cols + c];
            }
        }
        return t;
    }

    private static Parameter weightOf(Dense d) {
        if (d.tiedEmbedding() != null) {
            return d.tiedEmbedding().parameters().get(0);
        }
        return named(d.parameters(), "weight");
    }

    private static Parameter biasOf(Dense d) {
        return named(d.parameters(), "bias");
    }

    /** The parameter called {@code name} among a layer's. */
    static Parameter named(List<Parameter> ps, String name) {
        for (Parameter p : ps) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalStateException("no parameter " + name + " among " + ps.stream().map(Parameter::name).toList());
    }

    private static Value merge(OnnxGraph g, String node, Merge merge, List<Value> ins) {
        String[] names = ins.stream().map(Value::name).toArray(String[]::new);
        String lengths = ins.stream().map(Value::lengths).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        switch (merge.kind()) {
            case CONCAT: {
                int f = ins.stream().mapToInt(Value::features).sum();
                boolean broadcast = ins.stream().map(Value::lengths).anyMatch(java.util.Objects::isNull) && lengths != null;
                if (broadcast) {
                    throw refused(node, merge, "concatenating a one-step input over time is not exported yet");
                }
                return new Value(g.node("Concat", node, names, intAttribute("axis", -1)), f, lengths, false);
            }
            case SUM:
                return new Value(g.node("Sum", node, names), ins.get(0).features(), lengths, false);
            default: {
                String product = names[0];
                for (int i = 1; i < names.length; i++) {
                    product = g.node("Mul", node, new String[]{product, names[i]});
                }
                return new Value(product, ins.get(0).features(), lengths, false);
            }
        }
    }

    static IllegalArgumentException refused(String node, Object component, String why) {
        return new IllegalArgumentException("cannot export layer '" + node + "' (" + component.getClass().getSimpleName()
                + ") to ONNX: " + why);
    }
}
