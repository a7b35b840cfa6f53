package io.rnn4j.interop.onnx;

import io.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import io.rnn4j.interop.onnx.proto.Onnx.GraphProto;
import io.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import io.rnn4j.interop.onnx.proto.Onnx.StringStringEntryProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorShapeProto;
import io.rnn4j.interop.onnx.proto.Onnx.ValueInfoProto;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Merge;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.Gru;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an ONNX model of the operators rnn4j's layers are made of, as {@code torch.onnx.export}
 * (PyTorch 1.13, opsets 9–17) and {@link OnnxExport} write them, and builds the rnn4j
 * {@link SequenceModel} that computes the same function.
 *
 * <p>The graph is read in node order and each tensor is given a meaning: a weight, a model
 * input, an rnn4j node's (T, B, F) output, a recurrent node's raw {@code Y} (T, D, B, H), a
 * final state, or shape arithmetic (PyTorch computes zero initial states from the input's shape
 * with {@code Shape}, {@code Gather}, {@code Concat} and {@code ConstantOfShape}). Each operator
 * is then matched to the layer it stands for:
 * <ul>
 *   <li>{@code Gather}(weight, token ids) → {@link Embedding}; {@code OneHot} → {@link OneHot};</li>
 *   <li>{@code MatMul}(x, W) and {@code Add} of a bias → {@link Dense}; {@code Gemm} is not read;</li>
 *   <li>{@code RNN}, {@code LSTM}, {@code GRU} → a {@link RecurrentLayer}, consecutive nodes of
 *       one kind joined into one stack (PyTorch writes one node per layer), gate blocks reordered
 *       by {@link GateOrder};</li>
 *   <li>{@code Tanh}, {@code Relu}, {@code Sigmoid}, {@code LeakyRelu} → {@link Activation};
 *       {@code Dropout} and {@code Identity} → nothing; {@code Concat}, {@code Add}, {@code Sum},
 *       {@code Mul} of sequences → {@link Merge};</li>
 *   <li>a {@code Softmax} or {@code LogSoftmax} may only feed a graph output, which is then
 *       left out: rnn4j models output logits.</li>
 * </ul>
 * A graph input read as an initial state ({@code initial_h}, {@code initial_c}) becomes the
 * recurrent node's initial state ({@link Result#stateInputs}), and final states a graph outputs
 * become {@link Result#stateOutputs}. Any other operator, attribute value or layout is refused with
 * one line that names it.
 */
public final class OnnxImport {

    /** Where a graph input or output state sits in rnn4j: node, kind (0 = h, 1 = c) and the slots [from, to). */
    public record StateBinding(String node, int kind, int fromSlot, int toSlot) {
    }

    /**
     * @param model        the rnn4j model, weights set
     * @param metadata     the file's {@code metadata_props}
     * @param stateInputs  ONNX state input name → where it sits in the rnn4j node's state
     * @param stateOutputs ONNX state output name → where it sits
     * @param dropped      graph outputs left out (softmax of an output), for the user to know
     */
    public record Result(SequenceModel model, Map<String, String> metadata, Map<String, StateBinding> stateInputs,
                         Map<String, StateBinding> stateOutputs, List<String> dropped) {
    }

    /** What a tensor of the graph means. */
    private sealed interface Sym {
    }

    private record Const(OnnxFile.Tensor t) implements Sym {
    }

    /** Arithmetic on shapes (only good for building zero states). */
    private record ShapeMath() implements Sym {
    }

    /** A tensor of zeros, from ConstantOfShape: a default initial state. */
    private record Zeros() implements Sym {
    }

    /** A graph input not yet given a role; {@code dims} as declared (−1 for symbolic). */
    private record GraphInput(String name, int elemType, long[] dims) implements Sym {
    }

    /** Rows [from, to) of a state graph input. */
    private record StateSlice(String input, int from, int to) implements Sym {
    }

    /** A (T, B, F) sequence that is an rnn4j node's output or a model input. */
    private record Sequence(String node, int features) implements Sym {
    }

    /** The (T, B, F) output of a recurrent stack that may still take more layers. */
    private record StackOutput(ImportedStack stack, int layers) implements Sym {
    }

    /** A recurrent node's raw Y (T, D, B, H), transposed to (T, B, D, H) when {@code transposed}. */
    private record RawY(ImportedStack stack, int layers, boolean transposed) implements Sym {
    }

    /** A recurrent node's final state rows: kind 0 = h, 1 = c; slots [from, to) of the stack. */
    private record FinalState(ImportedStack stack, int kind, int from, int to) implements Sym {
    }

    /** x·W waiting for its bias. */
    private record Product(Sequence in, float[] weightT, int inSize, int outSize, String hint) implements Sym {
    }

    /** The softmax of a sequence: only a graph output may read it. */
    private record Probabilities() implements Sym {
    }

    private final OnnxFile file;
    private final SequenceModel model = SequenceModel.graph();
    private final Map<String, Sym> symbols = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Map<String, float[]> weights = new LinkedHashMap<>();
    private final Map<String, Integer> declaredInputs = new LinkedHashMap<>();
    private final Map<String, StateBinding> stateInputs = new LinkedHashMap<>();
    private final Map<String, StateBinding> stateOutputs = new LinkedHashMap<>();
    private final List<ImportedStack> stacks = new ArrayList<>();
    private final Map<ImportedStack, List<StateSlice[]>> stackStateInputs = new HashMap<>();
    private String currentNode;

    private OnnxImport(OnnxFile file) {
        this.file = file;
    }

    /** Reads an ONNX file and builds the rnn4j model; every problem is one line naming the file. */
    public static Result read(Path path) throws IOException {
        OnnxFile f = OnnxFile.read(path);
        try {
            return new OnnxImport(f).run();
        } catch (ModelFormatException e) {
            // Names in messages come from the file: keep a damaged one's control characters out.
            throw new ModelFormatException(e.getMessage().replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?"), e);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A layer or the model refusing what the file describes (a size of 0, a name taken twice).
            throw new ModelFormatException(f.where + ": the model it describes cannot be built: "
                    + String.valueOf(e.getMessage()).replaceAll("[\\p{Cc}\\p{Zl}\\p{Zp}]", "?"), e);
        }
    }

    private Result run() throws IOException {
        GraphProto g = file.model.getGraph();
        for (TensorProto t : g.getInitializerList()) {
            symbols.put(t.getName(), new Const(file.tensor(t)));
        }
        for (ValueInfoProto in : g.getInputList()) {
            if (!symbols.containsKey(in.getName())) {
                symbols.put(in.getName(), graphInput(in));
            }
        }
        for (NodeProto n : g.getNodeList()) {
            currentNode = OnnxFile.shown(n.getName().isEmpty() ? n.getOpType() : n.getName());
            if (!n.getDomain().isEmpty() && !n.getDomain().equals("ai.onnx")) {
                throw refuse("operator " + n.getDomain() + "." + n.getOpType() + " of a custom domain is not supported");
            }
            node(n);
        }
        List<String> dropped = new ArrayList<>();
        boolean any = false;
        for (ValueInfoProto out : g.getOutputList()) {
            currentNode = "graph output " + OnnxFile.shown(out.getName());
            Sym s = symbol(out.getName());
            if (s instanceof FinalState f) {
                materialize(new StackOutput(f.stack(), f.stack().layers));
                stateOutputs.put(out.getName(), new StateBinding(f.stack().node, f.kind(), f.from(), f.to()));
            } else if (s instanceof Probabilities) {
                dropped.add(out.getName());
            } else {
                Sequence seq = materialize(s);
                model.output(sanitize(out.getName()), seq.node());
                any = true;
            }
        }
        if (!any) {
            throw new ModelFormatException(file.where + ": no graph output is a sequence rnn4j can compute");
        }
        for (ImportedStack st : stacks) {
            List<StateSlice[]> perLayer = stackStateInputs.getOrDefault(st, List.of());
            for (StateSlice[] kinds : perLayer) {
                for (int k = 0; k < kinds.length; k++) {
                    if (kinds[k] != null) {
                        StateSlice sl = kinds[k];
                        stateInputs.merge(sl.input(), new StateBinding(st.node, k, sl.from(), sl.to()),
                                (a, b) -> new StateBinding(a.node(), a.kind(), Math.min(a.fromSlot(), b.fromSlot()),
                                        Math.max(a.toSlot(), b.toSlot())));
                    }
                }
            }
        }
        model.parameters();
        weights.forEach((name, values) -> model.parameters().get(name).copyFrom(values));
        Map<String, String> metadata = new LinkedHashMap<>();
        for (StringStringEntryProto e : file.model.getMetadataPropsList()) {
            metadata.put(e.getKey(), e.getValue());
        }
        return new Result(model, metadata, stateInputs, stateOutputs, dropped);
    }

    private Sym graphInput(ValueInfoProto in) {
        if (!in.hasType() || !in.getType().hasTensorType()) {
            throw new ModelFormatException(file.where + ": graph input '" + in.getName() + "' is not a tensor");
        }
        var tt = in.getType().getTensorType();
        TensorShapeProto shape = tt.getShape();
        long[] dims = new long[shape.getDimCount()];
        for (int i = 0; i < dims.length; i++) {
            TensorShapeProto.Dimension d = shape.getDim(i);
            dims[i] = d.hasDimValue() ? d.getDimValue() : -1;
        }
        return new GraphInput(in.getName(), tt.getElemType(), dims);
    }

    private Sym symbol(String name) {
        Sym s = symbols.get(name);
        if (s == null) {
            throw refuse("reads '" + OnnxFile.shown(name) + "', which no earlier node, initializer or input defines");
        }
        return s;
    }

    /** The fewest inputs each operator read here needs (ONNX's own minimum, or what the import reads). */
    private static final Map<String, Integer> MIN_INPUTS = Map.ofEntries(
            Map.entry("Constant", 0), Map.entry("Gather", 2), Map.entry("MatMul", 2), Map.entry("Add", 2), Map.entry("Mul", 2),
            Map.entry("Slice", 3), Map.entry("RNN", 3), Map.entry("LSTM", 3), Map.entry("GRU", 3), Map.entry("OneHot", 3));

    private void node(NodeProto n) throws IOException {
        String op = n.getOpType();
        int needed = MIN_INPUTS.getOrDefault(op, 1);
        if (n.getInputCount() < needed) {
            throw refuse(op + " needs at least " + needed + " input(s), got " + n.getInputCount());
        }
        if (n.getOutputCount() < 1) {
            throw refuse(op + " has no output");
        }
        switch (op) {
            case "Constant" -> constant(n);
            case "Identity", "Dropout" -> define(n, 0, symbol(n.getInput(0)));
            case "Shape" -> define(n, 0, new ShapeMath());
            case "ConstantOfShape" -> constantOfShape(n);
            case "Gather" -> gather(n);
            case "Unsqueeze", "Squeeze", "Cast", "Reshape", "Transpose", "Slice", "Concat", "ReduceSum" -> reshaping(n);
            case "RNN", "LSTM", "GRU" -> recurrent(n);
            case "MatMul" -> matMul(n);
            case "Add", "Sum", "Mul" -> addOrMultiply(n);
            case "Tanh", "Relu", "Sigmoid", "LeakyRelu" -> activation(n);
            case "Softmax", "LogSoftmax" -> {
                materialize(symbol(n.getInput(0)));
                define(n, 0, new Probabilities());
            }
            case "OneHot" -> oneHot(n);
            default -> throw refuse("operator " + op + " is not supported by rnn4j's ONNX import");
        }
    }

    private void define(NodeProto n, int output, Sym s) {
        if (n.getOutputCount() > output && !n.getOutput(output).isEmpty()) {
            symbols.put(n.getOutput(output), s);
        }
    }

    private void constant(NodeProto n) throws IOException {
        for (AttributeProto a : n.getAttributeList()) {
            switch (a.getName()) {
                case "value" -> define(n, 0, new Const(file.tensor(a.getT())));
                case "value_float" -> define(n, 0, new Const(new OnnxFile.Tensor(n.getOutput(0), new long[0], new float[]{a.getF()}, null)));
                case "value_int" -> define(n, 0, new Const(new OnnxFile.Tensor(n.getOutput(0), new long[0], null, new long[]{a.getI()})));
                case "value_ints" -> define(n, 0, new Const(new OnnxFile.Tensor(n.getOutput(0), new long[]{a.getIntsCount()}, null,
                        a.getIntsList().stream().mapToLong(Long::longValue).toArray())));
                case "value_floats" -> {
                    float[] f = new float[a.getFloatsCount()];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = a.getFloats(i);
                    }
                    define(n, 0, new Const(new OnnxFile.Tensor(n.getOutput(0), new long[]{f.length}, f, null)));
                }
                default -> throw refuse("Constant attribute '" + a.getName() + "' is not supported");
            }
        }
    }

    private void constantOfShape(NodeProto n) {
        if (!(symbol(n.getInput(0)) instanceof ShapeMath) && !(symbol(n.getInput(0)) instanceof Const)) {
            throw refuse("ConstantOfShape of a non-shape tensor is not supported");
        }
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals("value")) {
                OnnxFile.Tensor t = uncheckedTensor(a.getT());
                boolean zero = (t.floats() != null && t.floats().length == 1 && t.floats()[0] == 0f)
                        || (t.longs() != null && t.longs().length == 1 && t.longs()[0] == 0);
                if (!zero) {
                    throw refuse("ConstantOfShape with a value other than 0 is not supported");
                }
            }
        }
        define(n, 0, new Zeros());
    }

    private OnnxFile.Tensor uncheckedTensor(TensorProto t) {
        try {
            return file.tensor(t);
        } catch (IOException e) {
            throw refuse(e.getMessage());
        }
    }

    private void gather(NodeProto n) {
        Sym data = symbol(n.getInput(0));
        Sym index = symbol(n.getInput(1));
        if (data instanceof ShapeMath || (data instanceof Const && index instanceof Const)) {
            define(n, 0, new ShapeMath());
            return;
        }
        if (data instanceof Const c && c.t().floats() != null && c.t().dims().length == 2 && index instanceof GraphInput in
                && isTokens(in)) {
            if (attributeInt(n, "axis", 0) != 0) {
                throw refuse("Gather of an embedding table along axis " + attributeInt(n, "axis", 0) + " is not an embedding");
            }
            int vocab = (int) c.t().dims()[0];
            int dim = (int) c.t().dims()[1];
            String input = declareInput(in, vocab);
            String node = unique(hint(n, "embed"));
            model.add(node, new Embedding(vocab, dim), input);
            weights.put(node + ".weight", c.t().floats());
            define(n, 0, new Sequence(node, dim));
            return;
        }
        throw refuse("Gather is read only as an embedding lookup (a float table indexed by a token-id graph input)");
    }

    private boolean isTokens(GraphInput in) {
        return (in.elemType() == TensorProto.DataType.INT64_VALUE || in.elemType() == TensorProto.DataType.INT32_VALUE)
                && in.dims().length == 2;
    }

    private String declareInput(GraphInput in, int size) {
        String name = sanitize(in.name());
        Integer had = declaredInputs.get(name);
        if (had != null) {
            if (had != size) {
                throw refuse("graph input '" + in.name() + "' is read with size " + size + " and " + had);
            }
            return name;
        }
        unique(name);
        model.input(name, size);
        declaredInputs.put(name, size);
        return name;
    }

    private void oneHot(NodeProto n) {
        Sym index = symbol(n.getInput(0));
        Sym depth = symbol(n.getInput(1));
        Sym values = symbol(n.getInput(2));
        if (!(index instanceof GraphInput in) || !isTokens(in) || !(depth instanceof Const d) || d.t().longs() == null
                || !(values instanceof Const v) || v.t().floats() == null || v.t().floats().length != 2
                || v.t().floats()[0] != 0f || v.t().floats()[1] != 1f || attributeInt(n, "axis", -1) != -1) {
            throw refuse("OneHot is read only over a token-id graph input, with values [0, 1] on the last axis");
        }
        int vocab = (int) d.t().longs()[0];
        String input = declareInput(in, vocab);
        String node = unique(hint(n, "onehot"));
        model.add(node, new OneHot(vocab), input);
        define(n, 0, new Sequence(node, vocab));
    }

    /** The shape-changing ops: no-ops on shape arithmetic, and the few patterns around recurrent nodes. */
    private void reshaping(NodeProto n) {
        String op = n.getOpType();
        List<Sym> ins = new ArrayList<>();
        for (String i : n.getInputList()) {
            ins.add(i.isEmpty() ? null : symbol(i));
        }
        Sym first = ins.get(0);
        boolean allShape = ins.stream().allMatch(s -> s == null || s instanceof ShapeMath || s instanceof Const);
        if (allShape && !op.equals("Slice")) {
            define(n, 0, new ShapeMath());
            return;
        }
        switch (op) {
            case "Slice" -> {
                long from = constLong(ins.get(1));
                long to = constLong(ins.get(2));
                long axis = ins.size() > 3 && ins.get(3) != null ? constLong(ins.get(3)) : 0;
                if (first instanceof Zeros) {
                    define(n, 0, first);
                } else if (first instanceof GraphInput in && axis == 0) {
                    define(n, 0, new StateSlice(in.name(), (int) from, (int) Math.min(to, Integer.MAX_VALUE)));
                } else if (first instanceof ShapeMath || first instanceof Const) {
                    define(n, 0, new ShapeMath());
                } else {
                    throw refuse("Slice is read only on initial states and shapes");
                }
            }
            case "Transpose" -> {
                long[] perm = attributeInts(n, "perm");
                if (first instanceof RawY y && !y.transposed() && java.util.Arrays.equals(perm, new long[]{0, 2, 1, 3})) {
                    define(n, 0, new RawY(y.stack(), y.layers(), true));
                } else {
                    throw refuse("Transpose with perm " + java.util.Arrays.toString(perm)
                            + " is read only on a recurrent node's Y (perm [0, 2, 1, 3]); batch-first models are not supported");
                }
            }
            case "Reshape" -> {
                if (first instanceof RawY y && y.transposed()) {
                    if (y.stack().merge == RecurrentConfig.Merge.SUM && y.stack().layers > 1) {
                        throw refuse("a recurrent stack that sums its directions between layers must sum them at the top too");
                    }
                    define(n, 0, new StackOutput(y.stack(), y.layers()));
                } else if (first instanceof Sequence || first instanceof StackOutput) {
                    throw refuse("Reshape of a sequence is not supported");
                } else {
                    throw refuse("Reshape is read only after a recurrent node's transposed Y");
                }
            }
            case "Squeeze" -> {
                long[] axes = ins.size() > 1 && ins.get(1) != null ? constLongs(ins.get(1)) : attributeInts(n, "axes");
                if (first instanceof RawY y && !y.transposed() && y.stack().directions == 1 && axes.length == 1 && axes[0] == 1) {
                    define(n, 0, new StackOutput(y.stack(), y.layers()));
                } else {
                    throw refuse("Squeeze is read only on a one-direction recurrent node's Y (axis 1)");
                }
            }
            case "ReduceSum" -> {
                long[] axes = ins.size() > 1 && ins.get(1) != null ? constLongs(ins.get(1)) : attributeInts(n, "axes");
                if (first instanceof RawY y && !y.transposed() && axes.length == 1 && axes[0] == 1
                        && attributeInt(n, "keepdims", 1) == 0 && y.stack().directions == 2
                        && (y.stack().layers == 1 || y.stack().merge == RecurrentConfig.Merge.SUM)) {
                    y.stack().merge = RecurrentConfig.Merge.SUM;
                    define(n, 0, new StackOutput(y.stack(), y.layers()));
                } else {
                    throw refuse("ReduceSum is read only as the sum of a bidirectional node's two directions");
                }
            }
            case "Concat" -> concat(n, ins);
            default -> throw refuse(op + " is read only on shapes");
        }
    }

    private void concat(NodeProto n, List<Sym> ins) {
        if (ins.stream().allMatch(s -> s instanceof FinalState)) {
            FinalState a = (FinalState) ins.get(0);
            int to = a.to();
            for (Sym s : ins.subList(1, ins.size())) {
                FinalState f = (FinalState) s;
                if (f.stack() != a.stack() || f.kind() != a.kind() || f.from() != to || attributeInt(n, "axis", 0) != 0) {
                    throw refuse("Concat of final states is read only layer after layer of one recurrent stack");
                }
                to = f.to();
            }
            define(n, 0, new FinalState(a.stack(), a.kind(), a.from(), to));
            return;
        }
        long axis = attributeInt(n, "axis", 0);
        if (axis != -1 && axis != 2) {
            throw refuse("Concat of sequences is read only along the feature axis (-1 or 2), not " + axis);
        }
        String[] in = new String[ins.size()];
        int f = 0;
        for (int i = 0; i < in.length; i++) {
            Sequence s = materialize(ins.get(i));
            in[i] = s.node();
            f += s.features();
        }
        String node = unique(hint(n, "concat"));
        model.add(node, Merge.concat(), in);
        define(n, 0, new Sequence(node, f));
    }

    private void recurrent(NodeProto n) {
        String op = n.getOpType();
        CellType cell = op.equals("LSTM") ? CellType.LSTM : op.equals("GRU") ? CellType.GRU : CellType.RNN;
        int hidden = (int) attributeInt(n, "hidden_size", -1);
        String direction = attributeString(n, "direction", "forward");
        if (hidden < 1) {
            throw refuse(op + " needs a hidden_size attribute");
        }
        if (!direction.equals("forward") && !direction.equals("bidirectional")) {
            throw refuse(op + " direction '" + direction + "' is not supported (forward or bidirectional)");
        }
        int dirs = direction.equals("bidirectional") ? 2 : 1;
        if (attributeInt(n, "layout", 0) != 0) {
            throw refuse(op + " layout 1 (batch first) is not supported");
        }
        if (hasAttribute(n, "clip")) {
            throw refuse(op + " attribute 'clip' is not supported (rnn4j does not clip cell inputs)");
        }
        if (attributeInt(n, "input_forget", 0) != 0) {
            throw refuse(op + " input_forget = 1 (coupled gates) is not supported");
        }
        for (String a : List.of("activation_alpha", "activation_beta")) {
            if (hasAttribute(n, a)) {
                throw refuse(op + " attribute '" + a + "' is not supported");
            }
        }
        SimpleRnn.Nonlinearity f = SimpleRnn.Nonlinearity.TANH;
        String[] acts = attributeStrings(n, "activations");
        if (cell == CellType.RNN) {
            if (acts.length > 0) {
                for (String a : acts) {
                    if (!a.equalsIgnoreCase(acts[0])) {
                        throw refuse("RNN activations " + String.join(", ", acts) + " differ between directions");
                    }
                }
                if (acts[0].equalsIgnoreCase("Relu")) {
                    f = SimpleRnn.Nonlinearity.RELU;
                } else if (!acts[0].equalsIgnoreCase("Tanh")) {
                    throw refuse("RNN activation '" + acts[0] + "' is not supported (Tanh or Relu)");
                }
            }
        } else if (acts.length > 0) {
            String[] standard = cell == CellType.LSTM ? new String[]{"Sigmoid", "Tanh", "Tanh"} : new String[]{"Sigmoid", "Tanh"};
            for (int i = 0; i < acts.length; i++) {
                if (!acts[i].equalsIgnoreCase(standard[i % standard.length])) {
                    throw refuse(op + " activations " + String.join(", ", acts) + " are not supported (only the standard "
                            + String.join(", ", standard) + ")");
                }
            }
        }
        Gru.Variant variant = cell == CellType.GRU && attributeInt(n, "linear_before_reset", 0) == 0
                ? Gru.Variant.RESET_BEFORE : Gru.Variant.RESET_AFTER;
        int gates = cell.gates();
        OnnxFile.Tensor w = weight(n, 1, op + " W");
        OnnxFile.Tensor r = weight(n, 2, op + " R");
        if (w.dims().length != 3 || w.dims()[0] != dirs || w.dims()[1] != (long) gates * hidden) {
            throw refuse(op + " W has shape " + w.shape() + ", but hidden_size " + hidden + " and " + dirs
                    + " direction(s) need [" + dirs + ", " + gates * hidden + ", input_size]");
        }
        int in = (int) w.dims()[2];
        if (!java.util.Arrays.equals(r.dims(), new long[]{dirs, (long) gates * hidden, hidden})) {
            throw refuse(op + " R has shape " + r.shape() + ", expected [" + dirs + ", " + gates * hidden + ", " + hidden + "]");
        }
        OnnxFile.Tensor b = optionalWeight(n, 3);
        if (b != null && !java.util.Arrays.equals(b.dims(), new long[]{dirs, 2L * gates * hidden})) {
            throw refuse(op + " B has shape " + b.shape() + ", expected [" + dirs + ", " + 2 * gates * hidden + "]");
        }
        if (n.getInputCount() > 4 && !n.getInput(4).isEmpty()) {
            Sym lens = symbol(n.getInput(4));
            if (!(lens instanceof GraphInput gi) || gi.dims().length != 1) {
                throw refuse(op + " sequence_lens must be a graph input of one dimension (each sample's length)");
            }
        }
        OnnxFile.Tensor p = cell == CellType.LSTM ? optionalWeight(n, 7) : null;
        if (p != null && !java.util.Arrays.equals(p.dims(), new long[]{dirs, 3L * hidden})) {
            throw refuse("LSTM P has shape " + p.shape() + ", expected [" + dirs + ", " + 3 * hidden + "]");
        }
        boolean peepholes = p != null;

        Sym x = symbol(n.getInput(0));
        ImportedStack stack;
        if (x instanceof StackOutput so && so.layers() == so.stack().layers && so.stack().accepts(cell, in, hidden, dirs, f, variant, peepholes)) {
            stack = so.stack();
        } else {
            Sequence seq = x instanceof GraphInput gi ? floatInput(gi) : materialize(x);
            if (seq.features() != in) {
                throw refuse(op + " W expects input_size " + in + ", but its input has " + seq.features() + " features");
            }
            stack = new ImportedStack(cell, in, hidden, dirs, f, variant, peepholes, hint(n, "rnn"), seq.node());
            stacks.add(stack);
        }
        int layer = stack.layers;
        stack.addLayer(currentNode, w.floats(), r.floats(), b == null ? null : b.floats(), p == null ? null : p.floats(), in);
        int kinds = cell.stateCount();
        StateSlice[] initial = new StateSlice[kinds];
        for (int k = 0; k < kinds; k++) {
            int slot = 5 + k;
            if (n.getInputCount() > slot && !n.getInput(slot).isEmpty()) {
                Sym s = symbol(n.getInput(slot));
                if (s instanceof StateSlice sl) {
                    initial[k] = new StateSlice(sl.input(), layer * dirs, (layer + 1) * dirs);
                    if (sl.to() - sl.from() != dirs) {
                        throw refuse(op + " reads " + (sl.to() - sl.from()) + " rows of initial state '" + sl.input() + "', expected " + dirs);
                    }
                } else if (s instanceof GraphInput gi) {
                    initial[k] = new StateSlice(gi.name(), layer * dirs, (layer + 1) * dirs);
                } else if (!(s instanceof Zeros)) {
                    throw refuse(op + " initial state must be zeros or a graph input");
                }
            }
        }
        stackStateInputs.computeIfAbsent(stack, s -> new ArrayList<>()).add(initial);
        define(n, 0, new RawY(stack, stack.layers, false));
        for (int k = 0; k < kinds; k++) {
            define(n, 1 + k, new FinalState(stack, k, layer * dirs, (layer + 1) * dirs));
        }
    }

    private Sequence floatInput(GraphInput gi) {
        if (gi.elemType() != TensorProto.DataType.FLOAT_VALUE || gi.dims().length != 3 || gi.dims()[2] < 1) {
            throw refuse("graph input '" + gi.name() + "' must be float (T, B, F) with F fixed to be read as a sequence");
        }
        int f = (int) gi.dims()[2];
        return new Sequence(declareInput(gi, f), f);
    }

    /** Turns any sequence-valued symbol into an rnn4j node (adding a pending stack or a bias-less dense). */
    private Sequence materialize(Sym s) {
        if (s instanceof Sequence seq) {
            return seq;
        }
        if (s instanceof GraphInput gi) {
            return floatInput(gi);
        }
        if (s instanceof StackOutput so) {
            ImportedStack st = so.stack();
            if (so.layers() != st.layers) {
                throw refuse("reads the output of layer " + so.layers() + " of a recurrent stack that continues with more layers; "
                        + "rnn4j's stacks expose only their top layer");
            }
            if (st.node == null) {
                st.node = unique(st.hint);
                model.add(st.node, new RecurrentLayer(st.config(), RecurrentLayer.Output.SEQUENCE), st.input);
                st.weights.forEach((name, v) -> weights.put(st.node + "." + name, v));
            }
            return new Sequence(st.node, st.outputSize());
        }
        if (s instanceof Product p) {
            return dense(p, new float[p.outSize()]);
        }
        throw refuse("needs a sequence here, but gets " + describe(s));
    }

    private Sequence dense(Product p, float[] bias) {
        String node = unique(p.hint());
        model.add(node, new Dense(p.inSize(), p.outSize()), p.in().node());
        weights.put(node + ".weight", OnnxExport.transposed(p.weightT(), p.inSize(), p.outSize()));
        weights.put(node + ".bias", bias);
        return new Sequence(node, p.outSize());
    }

    private void matMul(NodeProto n) {
        Sym a = symbol(n.getInput(0));
        Sym b = symbol(n.getInput(1));
        if (!(b instanceof Const c) || c.t().floats() == null || c.t().dims().length != 2) {
            throw refuse("MatMul is read only as a sequence times a constant 2-D weight");
        }
        Sequence in = materialize(a);
        int rows = (int) c.t().dims()[0];
        int cols = (int) c.t().dims()[1];
        if (rows != in.features()) {
            throw refuse("MatMul weight has shape " + c.t().shape() + ", but its input has " + in.features() + " features");
        }
        define(n, 0, new Product(in, c.t().floats(), rows, cols, hint(n, "dense")));
    }

    private void addOrMultiply(NodeProto n) {
        String op = n.getOpType();
        List<Sym> ins = new ArrayList<>();
        for (String i : n.getInputList()) {
            ins.add(symbol(i));
        }
        if (ins.stream().allMatch(s -> s instanceof ShapeMath || s instanceof Const)) {
            define(n, 0, new ShapeMath());
            return;
        }
        if (op.equals("Add") && ins.size() == 2) {
            Product p = ins.get(0) instanceof Product x ? x : ins.get(1) instanceof Product x ? x : null;
            Sym other = ins.get(0) instanceof Product ? ins.get(1) : ins.get(0);
            if (p != null && other instanceof Const c) {
                if (c.t().floats() == null || c.t().count() != p.outSize()) {
                    throw refuse("Add of a bias with shape " + c.t().shape() + " to a product with " + p.outSize() + " outputs");
                }
                define(n, 0, dense(p, c.t().floats()));
                return;
            }
        }
        String[] nodes = new String[ins.size()];
        int f = -1;
        for (int i = 0; i < nodes.length; i++) {
            if (ins.get(i) instanceof Const) {
                throw refuse(op + " of a sequence and a constant is read only as a dense layer's bias");
            }
            Sequence s = materialize(ins.get(i));
            if (f >= 0 && s.features() != f) {
                throw refuse(op + " of sequences with " + f + " and " + s.features() + " features");
            }
            f = s.features();
            nodes[i] = s.node();
        }
        String node = unique(hint(n, op.equals("Mul") ? "product" : "sum"));
        model.add(node, op.equals("Mul") ? Merge.product() : Merge.sum(), nodes);
        define(n, 0, new Sequence(node, f));
    }

    private void activation(NodeProto n) {
        Sequence in = materialize(symbol(n.getInput(0)));
        Activation a = switch (n.getOpType()) {
            case "Tanh" -> new Activation(Activation.Kind.TANH);
            case "Relu" -> new Activation(Activation.Kind.RELU);
            case "Sigmoid" -> new Activation(Activation.Kind.SIGMOID);
            default -> Activation.leakyRelu(hasAttribute(n, "alpha") ? attributeFloat(n, "alpha") : 0.01f);
        };
        String node = unique(hint(n, n.getOpType().toLowerCase()));
        model.add(node, a, in.node());
        define(n, 0, new Sequence(node, in.features()));
    }

    private OnnxFile.Tensor weight(NodeProto n, int index, String what) {
        OnnxFile.Tensor t = optionalWeight(n, index);
        if (t == null) {
            throw refuse(what + " is missing");
        }
        return t;
    }

    private OnnxFile.Tensor optionalWeight(NodeProto n, int index) {
        if (n.getInputCount() <= index || n.getInput(index).isEmpty()) {
            return null;
        }
        Sym s = symbol(n.getInput(index));
        if (!(s instanceof Const c) || c.t().floats() == null) {
            throw refuse("input " + index + " ('" + n.getInput(index) + "') must be a constant float weight");
        }
        return c.t();
    }

    private long constLong(Sym s) {
        return constLongs(s)[0];
    }

    private long[] constLongs(Sym s) {
        if (!(s instanceof Const c) || c.t().longs() == null || c.t().longs().length == 0) {
            throw refuse("needs a constant integer argument");
        }
        return c.t().longs();
    }

    private static String describe(Sym s) {
        return s.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase();
    }

    /** An rnn4j node name from the ONNX node's: PyTorch's "/rnn/LSTM_1" gives "rnn", rnn4j's "head/MatMul" gives "head". */
    private static String hint(NodeProto n, String fallback) {
        for (String part : n.getName().split("/")) {
            if (!part.isEmpty()) {
                String s = sanitize(part);
                return s.equals(n.getOpType()) || s.isEmpty() ? fallback : s;
            }
        }
        return fallback;
    }

    private static String sanitize(String s) {
        String t = s.replaceAll("[^A-Za-z0-9_-]", "_");
        return t.isEmpty() ? "x" : t;
    }

    private String unique(String base) {
        String name = base;
        int k = 2;
        while (!names.add(name)) {
            name = base + "_" + k++;
        }
        return name;
    }

    private static boolean hasAttribute(NodeProto n, String name) {
        return n.getAttributeList().stream().anyMatch(a -> a.getName().equals(name));
    }

    private static long attributeInt(NodeProto n, String name, long fallback) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getI();
            }
        }
        return fallback;
    }

    private static float attributeFloat(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getF();
            }
        }
        return 0f;
    }

    private static String attributeString(NodeProto n, String name, String fallback) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getS().toStringUtf8();
            }
        }
        return fallback;
    }

    private static String[] attributeStrings(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getStringsList().stream().map(com.google.protobuf.ByteString::toStringUtf8).toArray(String[]::new);
            }
        }
        return new String[0];
    }

    private static long[] attributeInts(NodeProto n, String name) {
        for (AttributeProto a : n.getAttributeList()) {
            if (a.getName().equals(name)) {
                return a.getIntsList().stream().mapToLong(Long::longValue).toArray();
            }
        }
        return new long[0];
    }

    private ModelFormatException refuse(String what) {
        return new ModelFormatException(file.where + ": node '" + currentNode + "': " + what);
    }
}
