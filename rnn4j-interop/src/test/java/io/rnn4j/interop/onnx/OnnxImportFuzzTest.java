package io.rnn4j.interop.onnx;

import io.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import io.rnn4j.interop.onnx.proto.Onnx.NodeProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import io.rnn4j.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Damaged ONNX files never crash the importer: random cuts, flipped bytes and mutated messages
 * (dimensions, node inputs, attributes, data types) each import or are refused with one
 * {@link ModelFormatException} line, never another exception.
 */
class OnnxImportFuzzTest {

    @TempDir
    Path dir;

    static final String[] FIXTURES = {"charlm_state", "lstm_2_bidirectional", "gru_3", "rnn_relu_2_bidirectional"};

    void expectOneLineOrSuccess(byte[] bytes, String what) throws Exception {
        Path p = dir.resolve("fuzz.onnx");
        Files.write(p, bytes);
        try {
            OnnxImport.read(p);
        } catch (ModelFormatException e) {
            assertFalse(e.getMessage().contains("\n"), what + ": " + e.getMessage());
        } catch (RuntimeException | StackOverflowError e) {
            fail(what + " crashed the importer with " + e, e);
        }
    }

    @Test
    void cutAndFlippedFiles() throws Exception {
        SplittableRandom r = new SplittableRandom(19);
        for (String name : FIXTURES) {
            byte[] good = Files.readAllBytes(OnnxImportTest.fixture(name + ".onnx"));
            for (int i = 0; i < 60; i++) {
                byte[] b = java.util.Arrays.copyOf(good, 1 + r.nextInt(good.length - 1));
                expectOneLineOrSuccess(b, name + " cut at " + b.length);
            }
            for (int i = 0; i < 120; i++) {
                byte[] b = good.clone();
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
                }
                expectOneLineOrSuccess(b, name + " flipped #" + i);
            }
        }
    }

    @Test
    void mutatedMessages() throws Exception {
        SplittableRandom r = new SplittableRandom(20);
        for (String name : FIXTURES) {
            ModelProto good = ModelProto.parseFrom(Files.readAllBytes(OnnxImportTest.fixture(name + ".onnx")));
            for (int i = 0; i < 150; i++) {
                ModelProto.Builder m = good.toBuilder();
                var g = m.getGraphBuilder();
                switch (r.nextInt(6)) {
                    case 0 -> {
                        int t = r.nextInt(g.getInitializerCount());
                        TensorProto.Builder tb = g.getInitializerBuilder(t);
                        if (tb.getDimsCount() > 0) {
                            tb.setDims(r.nextInt(tb.getDimsCount()), r.nextInt(3) == 0 ? -1 : r.nextInt(40));
                        }
                    }
                    case 1 -> {
                        int n = r.nextInt(g.getNodeCount());
                        NodeProto.Builder nb = g.getNodeBuilder(n);
                        if (nb.getInputCount() > 0) {
                            int in = r.nextInt(nb.getInputCount());
                            nb.setInput(in, r.nextBoolean() ? "" : g.getNode(r.nextInt(g.getNodeCount())).getOutput(0));
                        }
                    }
                    case 2 -> {
                        int n = r.nextInt(g.getNodeCount());
                        NodeProto.Builder nb = g.getNodeBuilder(n);
                        if (nb.getAttributeCount() > 0) {
                            int a = r.nextInt(nb.getAttributeCount());
                            nb.getAttributeBuilder(a).setI(r.nextInt(9) - 2).clearInts().addInts(r.nextInt(5) - 1)
                                    .setS(com.google.protobuf.ByteString.copyFromUtf8(r.nextBoolean() ? "reverse" : "Elu"));
                        }
                    }
                    case 3 -> {
                        int t = r.nextInt(g.getInitializerCount());
                        g.getInitializerBuilder(t).setDataType(r.nextInt(18));
                    }
                    case 4 -> g.removeNode(r.nextInt(g.getNodeCount()));
                    default -> {
                        int t = r.nextInt(g.getInitializerCount());
                        TensorProto.Builder tb = g.getInitializerBuilder(t);
                        tb.setRawData(tb.getRawData().substring(0, r.nextInt(tb.getRawData().size() + 1)));
                    }
                }
                expectOneLineOrSuccess(m.build().toByteArray(), name + " mutation #" + i);
            }
        }
    }
}
