package io.rnn4j.nn.conv;

import com.google.gson.JsonObject;
import io.rnn4j.ParityFixtures;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every layer of {@code io.rnn4j.nn.conv}, and the leaky ReLU, against PyTorch 1.13 (fixtures
 * written by {@code src/test/python/make_conv_fixtures.py}): convolutions with stride, padding
 * ('same' and larger than the kernel), dilation, stride over the kernel, odd sizes and batch 1;
 * max and average pooling; global pooling; flatten; batch norm in training and inference. Outputs,
 * parameter gradients and input gradients agree to 1e-5 (relative, or absolute below magnitude
 * 1), and so do batch norm's running statistics after a training pass. Layers along time see
 * padded batches, and padded steps of the upstream gradient must change nothing.
 */
class ConvParityTest {

    static final double TOL = 1e-5;

    static Stream<Path> fixtures() throws IOException, URISyntaxException {
        Path dir = Path.of(ConvParityTest.class.getResource("/conv-parity").toURI());
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(dir)) {
            s.filter(p -> p.toString().endsWith(".json")).sorted().forEach(files::add);
        }
        assertEquals(36, files.size(), "conv fixtures");
        return files.stream();
    }

    /** The same fixtures with the packed AVX-512 GEMM off: the path of a JVM without the Vector API. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorchThroughTheBackendGemmToo(Path file) {
        boolean wasOn = io.rnn4j.kernel.Blas.packed() != null;
        io.rnn4j.kernel.Blas.usePacked(false);
        try {
            matchesPyTorch(file);
        } finally {
            io.rnn4j.kernel.Blas.usePacked(wasOn);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtures")
    void matchesPyTorch(Path file) {
        JsonObject fx = ParityFixtures.read(file);
        Layer layer = build(fx.getAsJsonObject("layer"));
        int t = fx.get("T").getAsInt();
        int b = fx.get("B").getAsInt();
        int[] lengths = fx.has("unmasked") ? null : ParityFixtures.ints(fx.getAsJsonArray("lengths"));
        JsonObject params = fx.getAsJsonObject("params");
        assertEquals(params.size(), layer.parameters().size(), "parameter count");
        for (Parameter p : layer.parameters()) {
            assertTrue(params.has(p.name()), "fixture lacks " + p.name());
            p.copyFrom(ParityFixtures.floats(params.get(p.name())));
            Arrays.fill(p.grad(), p.offset(), p.offset() + p.size(), 0f);
        }
        Seq x = Seq.ofValues(ParityFixtures.floats(fx.get("input")), t, b, fx.get("features").getAsInt(), lengths);
        boolean training = !fx.has("training") || fx.get("training").getAsBoolean();
        ForwardContext context = new ForwardContext(training, new SplittableRandom(1), Map.of());
        Layer.Pass pass = layer.forward(x, context);
        ParityFixtures.close("output", ParityFixtures.floats(fx.get("output")), pass.output().values, TOL);
        if (fx.has("output_steps")) {
            assertEquals(fx.get("output_steps").getAsInt(), pass.output().steps, "output steps");
        }
        if (fx.has("output_lengths") && pass.output().lengths != null) {
            assertEquals(Arrays.toString(ParityFixtures.ints(fx.getAsJsonArray("output_lengths"))), Arrays.toString(pass.output().lengths),
                    "output lengths");
        }
        float[] dIn = new float[x.values.length];
        layer.backward(pass, ParityFixtures.floats(fx.get("w_out")), dIn);
        ParityFixtures.close("grad input", ParityFixtures.floats(fx.get("grad_input")), dIn, TOL);
        JsonObject grads = fx.getAsJsonObject("grads");
        for (Parameter p : layer.parameters()) {
            if (p.trainable()) {
                ParityFixtures.close("grad " + p.name(), ParityFixtures.floats(grads.get(p.name())), Arrays.copyOfRange(p.grad(), p.offset(),
                        p.offset() + p.size()), TOL);
            }
        }
        if (fx.has("running_after")) {
            JsonObject after = fx.getAsJsonObject("running_after");
            BatchNorm bn = (BatchNorm) layer;
            ParityFixtures.close("running_mean", ParityFixtures.floats(after.get("running_mean")), bn.runningMean().toArray(), TOL);
            ParityFixtures.close("running_var", ParityFixtures.floats(after.get("running_var")), bn.runningVar().toArray(), TOL);
        }
    }

    /** The layer a fixture names, from the fields rnn4j's model file uses for it. */
    static Layer build(JsonObject j) {
        String type = j.get("type").getAsString();
        switch (type) {
            case "conv2d":
                return new Conv2d(shape(j.getAsJsonObject("input")), j.get("out_channels").getAsInt(),
                        axis(j.getAsJsonObject("rows")), axis(j.getAsJsonObject("cols")), j.get("bias").getAsBoolean());
            case "conv1d":
                return new Conv1d(j.get("in_channels").getAsInt(), j.get("out_channels").getAsInt(),
                        axis(j.getAsJsonObject("time")), j.get("bias").getAsBoolean());
            case "pool2d":
                return new Pool2d(kind(j), shape(j.getAsJsonObject("input")), axis(j.getAsJsonObject("rows")),
                        axis(j.getAsJsonObject("cols")));
            case "pool1d":
                return new Pool1d(kind(j), axis(j.getAsJsonObject("time")));
            case "global_pool1d":
                return new GlobalPool1d(kind(j));
            case "global_pool2d":
                return new GlobalPool2d(kind(j), shape(j.getAsJsonObject("input")));
            case "flatten":
                return new Flatten(j.get("steps").getAsInt());
            case "batch_norm": {
                int c = j.get("channels").getAsInt();
                int area = j.get("area").getAsInt();
                return area == 1 ? BatchNorm.features(c) : BatchNorm.images(new ImageShape(c, area, 1));
            }
            case "activation":
                return Activation.leakyRelu(j.get("negative_slope").getAsFloat());
            default:
                throw new IllegalArgumentException("unknown fixture layer " + type);
        }
    }

    private static PoolKind kind(JsonObject j) {
        return PoolKind.valueOf(j.get("kind").getAsString().toUpperCase(Locale.ROOT));
    }

    private static ConvAxis axis(JsonObject o) {
        return new ConvAxis(o.get("kernel").getAsInt(), o.get("stride").getAsInt(), o.get("padding").getAsInt(),
                o.get("dilation").getAsInt(), o.get("same").getAsBoolean());
    }

    private static ImageShape shape(JsonObject o) {
        return new ImageShape(o.get("channels").getAsInt(), o.get("height").getAsInt(), o.get("width").getAsInt());
    }
}
