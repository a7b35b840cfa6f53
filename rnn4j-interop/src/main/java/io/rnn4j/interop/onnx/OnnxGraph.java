package io.rnn4j.interop.onnx;

import com.google.protobuf.ByteString;
import io.rnn4j.interop.onnx.proto.Onnx.AttributeProto;
import io.rnn4j.interop.onnx.proto.Onnx.GraphProto;
import io.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorShapeProto;
import io.rnn4j.interop.onnx.proto.Onnx.TypeProto;
import io.rnn4j.interop.onnx.proto.Onnx.ValueInfoProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashSet;
import java.util.Set;

/**
 * Builds an ONNX {@link GraphProto}: nodes with fresh output names, initializers written as
 * little-endian {@code raw_data}, constants, and typed graph inputs and outputs whose dimensions
 * are numbers or symbolic names ({@code "T"}, {@code "B"}).
 */
final class OnnxGraph {

    static final int FLOAT = TensorProto.DataType.FLOAT_VALUE;
    static final int INT32 = TensorProto.DataType.INT32_VALUE;
    static final int INT64 = TensorProto.DataType.INT64_VALUE;
    static final int BOOL = TensorProto.DataType.BOOL_VALUE;

    private final GraphProto.Builder graph = GraphProto.newBuilder();
    private final Set<String> names;
    /** Where shared constants' names start, so that they never take a model's input or output name. */
    private static final String CONSTANT = "/const/";
    /** Small constants by value (axes, shapes, scalars): one initializer each, however often used. */
    private final java.util.Map<String, String> constants = new java.util.HashMap<>();
    private int counter;

    OnnxGraph(String name) {
        this(name, new HashSet<>());
    }

    private OnnxGraph(String name, Set<String> names) {
        graph.setName(name);
        this.names = names;
    }

    GraphProto build() {
        return graph.build();
    }

    /** Whether any node of this graph reads {@code name}. */
    boolean isRead(String name) {
        for (NodeProto n : graph.getNodeList()) {
            if (n.getInputList().contains(name)) {
                return true;
            }
        }
        return false;
    }

    /** Renames what nodes read: placeholders replaced by the graph inputs they turned out to be. */
    void renameInputs(java.util.Map<String, String> renames) {
        for (int i = 0; i < graph.getNodeCount(); i++) {
            NodeProto.Builder n = graph.getNodeBuilder(i);
            for (int k = 0; k < n.getInputCount(); k++) {
                String to = renames.get(n.getInput(k));
                if (to != null) {
                    n.setInput(k, to);
                }
            }
        }
    }

    /** Declares a graph input at position {@code index} among the inputs. */
    void inputAt(int index, String name, int type, Object... dims) {
        graph.addInput(index, valueInfo(name, type, dims));
    }

    /** A graph of its own (a loop body) whose names never clash with this one's. */
    OnnxGraph subgraph(String name) {
        return new OnnxGraph(name, names);
    }

    /** A name no tensor of this graph has yet, built from {@code hint}. */
    String fresh(String hint) {
        String name = hint;
        while (!names.add(name)) {
            name = hint + "_" + (++counter);
        }
        return name;
    }

    /** Claims a name that must be exactly this (a graph input or output); throws if it is taken. */
    String exact(String name) {
        if (!names.add(name)) {
            throw new IllegalArgumentException("two ONNX tensors would both be named '" + name + "'");
        }
        return name;
    }

    /**
     * Adds a node whose one output gets a fresh name from {@code hint}; returns that name.
     * Intermediate names start with '/', as PyTorch's do, so they never take a graph input's or
     * output's name.
     */
    String node(String op, String hint, String[] inputs, AttributeProto... attributes) {
        String out = fresh("/" + hint);
        nodeWithOutputs(op, hint, inputs, new String[]{out}, attributes);
        return out;
    }

    /** Adds a node with the given output names (already claimed). Empty input names skip optional inputs. */
    void nodeWithOutputs(String op, String hint, String[] inputs, String[] outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(hint + "/" + op));
        for (String in : inputs) {
            n.addInput(in);
        }
        for (String out : outputs) {
            n.addOutput(out);
        }
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** An initializer of float32 values. */
    String floats(String hint, float[] data, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(4 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(data);
        return initializer(hint, FLOAT, buf.array(), dims);
    }

    /** An initializer of int64 values. */
    String longs(String hint, long[] data, long... dims) {
        ByteBuffer buf = ByteBuffer.allocate(8 * data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.asLongBuffer().put(data);
        return initializer(hint, INT64, buf.array(), dims);
    }

    /**
     * A one-dimensional int64 constant, the form Reshape, Slice and Unsqueeze read their arguments
     * in; the same values share one initializer.
     */
    String longs(String hint, long... data) {
        return constants.computeIfAbsent("i64" + java.util.Arrays.toString(data), k -> longs(CONSTANT + hint, data, data.length));
    }

    /** A scalar int64 initializer (Range and Where read scalars). */
    String scalarLong(String hint, long value) {
        return constants.computeIfAbsent("i64 " + value, k -> initializer(CONSTANT + hint, INT64,
                ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array()));
    }

    /** A scalar int32 initializer, for arithmetic on the int32 lengths. */
    String scalarInt(String hint, int value) {
        return constants.computeIfAbsent("i32 " + value, k -> initializer(CONSTANT + hint, INT32,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array()));
    }

    /** A scalar float initializer. */
    String scalarFloat(String hint, float value) {
        return constants.computeIfAbsent("f32 " + Float.floatToIntBits(value), k -> initializer(CONSTANT + hint, FLOAT,
                ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array()));
    }

    /**
     * A value computed once per key, for graph pieces several layers need (a mask of the valid
     * steps of one lengths input); {@code make} adds the nodes and returns the output's name.
     */
    String once(String key, java.util.function.Supplier<String> make) {
        String made = constants.get("once " + key);
        if (made == null) {
            made = make.get();
            constants.put("once " + key, made);
        }
        return made;
    }

    private String initializer(String hint, int type, byte[] raw, long... dims) {
        String name = fresh(hint);
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type).setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        return name;
    }

    /** Declares a graph input; each dimension is a Long or a symbolic String. */
    void input(String name, int type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
    }

    /** Declares a graph output. */
    void output(String name, int type, Object... dims) {
        graph.addOutput(valueInfo(name, type, dims));
    }

    private static ValueInfoProto valueInfo(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                dim.setDimParam(s);
            } else {
                dim.setDimValue(((Number) d).longValue());
            }
            shape.addDim(dim);
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(type).setShape(shape)))
                .build();
    }

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto graphAttribute(String name, GraphProto g) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.GRAPH).setG(g).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    static AttributeProto stringsAttribute(String name, String... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
        for (String v : values) {
            a.addStrings(ByteString.copyFromUtf8(v));
        }
        return a.build();
    }
}
