package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.nn.conv.BatchNorm;
import io.rnn4j.nn.conv.Conv1d;
import io.rnn4j.nn.conv.Conv2d;
import io.rnn4j.nn.conv.ConvAxis;
import io.rnn4j.nn.conv.ConvLstm;
import io.rnn4j.nn.conv.ConvLstmEncoderForecaster;
import io.rnn4j.nn.conv.Flatten;
import io.rnn4j.nn.conv.GlobalPool1d;
import io.rnn4j.nn.conv.GlobalPool2d;
import io.rnn4j.nn.conv.SpatialSequence;
import io.rnn4j.nn.conv.ImageShape;
import io.rnn4j.nn.conv.Pool1d;
import io.rnn4j.nn.conv.Pool2d;
import io.rnn4j.nn.conv.PoolKind;

import static io.rnn4j.io.LayerFormats.format;
import static io.rnn4j.io.LayerFormats.lower;
import static io.rnn4j.io.LayerFormats.nonNegative;
import static io.rnn4j.io.LayerFormats.positive;
import static io.rnn4j.io.LayerFormats.register;
import static io.rnn4j.io.LayerFormats.required;
import static io.rnn4j.io.LayerFormats.upper;

/**
 * The model-file formats of the convolutional layers ({@code io.rnn4j.nn.conv}). A window is
 * stored as {@code {"kernel", "stride", "padding", "dilation", "same"}} and an image shape as
 * {@code {"channels", "height", "width"}}.
 */
final class ConvLayerFormats {

    private ConvLayerFormats() {
    }

    static void registerAll() {
        register(format("conv1d", Conv1d.class,
                (l, j, names) -> {
                    j.addProperty("in_channels", l.inChannels());
                    j.addProperty("out_channels", l.outChannels());
                    j.add("time", axis(l.time()));
                    j.addProperty("bias", l.hasBias());
                },
                (j, layers) -> new Conv1d(positive(j, "in_channels"), positive(j, "out_channels"), axis(j, "time"),
                        required(j, "bias").getAsBoolean()),
                j -> (long) positive(j, "out_channels") * positive(j, "in_channels") * axis(j, "time").kernel()
                        + (required(j, "bias").getAsBoolean() ? positive(j, "out_channels") : 0)));
        register(format("conv2d", Conv2d.class,
                (l, j, names) -> {
                    j.add("input", shape(l.inputShape()));
                    j.addProperty("out_channels", l.outputShape().channels());
                    j.add("rows", axis(l.rows()));
                    j.add("cols", axis(l.cols()));
                    j.addProperty("bias", l.hasBias());
                },
                (j, layers) -> new Conv2d(shape(j, "input"), positive(j, "out_channels"), axis(j, "rows"), axis(j, "cols"),
                        required(j, "bias").getAsBoolean()),
                j -> (long) positive(j, "out_channels") * shape(j, "input").channels() * axis(j, "rows").kernel()
                        * axis(j, "cols").kernel() + (required(j, "bias").getAsBoolean() ? positive(j, "out_channels") : 0)));
        register(format("conv_lstm", ConvLstm.class,
                (l, j, names) -> {
                    j.add("input", shape(l.inputShape()));
                    j.addProperty("hidden", l.hidden());
                    j.addProperty("layers", l.layers());
                    j.addProperty("kernel", l.kernel());
                    j.addProperty("peepholes", l.peepholes());
                },
                (j, layers) -> new ConvLstm(shape(j, "input"), positive(j, "hidden"), positive(j, "layers"), positive(j, "kernel"),
                        required(j, "peepholes").getAsBoolean()),
                j -> ConvLstm.parameterCount(shape(j, "input"), positive(j, "hidden"), positive(j, "layers"), positive(j, "kernel"),
                        required(j, "peepholes").getAsBoolean())));
        register(format("conv_lstm_encoder_forecaster", ConvLstmEncoderForecaster.class,
                (l, j, names) -> {
                    j.add("input", shape(l.inputShape()));
                    j.addProperty("hidden", l.hidden());
                    j.addProperty("layers", l.layers());
                    j.addProperty("kernel", l.kernel());
                    j.addProperty("peepholes", l.peepholes());
                    j.addProperty("output_steps", l.outputSteps());
                },
                (j, layers) -> new ConvLstmEncoderForecaster(shape(j, "input"), positive(j, "hidden"), positive(j, "layers"),
                        positive(j, "kernel"), required(j, "peepholes").getAsBoolean(), positive(j, "output_steps")),
                j -> ConvLstmEncoderForecaster.parameterCount(shape(j, "input"), positive(j, "hidden"), positive(j, "layers"),
                        positive(j, "kernel"), required(j, "peepholes").getAsBoolean())));
        register(format("pool1d", Pool1d.class,
                (l, j, names) -> {
                    j.addProperty("kind", lower(l.kind()));
                    j.add("time", axis(l.time()));
                },
                (j, layers) -> new Pool1d(kind(j), axis(j, "time")),
                j -> 0));
        register(format("pool2d", Pool2d.class,
                (l, j, names) -> {
                    j.addProperty("kind", lower(l.kind()));
                    j.add("input", shape(l.inputShape()));
                    j.add("rows", axis(l.rows()));
                    j.add("cols", axis(l.cols()));
                },
                (j, layers) -> new Pool2d(kind(j), shape(j, "input"), axis(j, "rows"), axis(j, "cols")),
                j -> 0));
        register(format("global_pool1d", GlobalPool1d.class,
                (l, j, names) -> j.addProperty("kind", lower(l.kind())),
                (j, layers) -> new GlobalPool1d(kind(j)),
                j -> 0));
        register(format("global_pool2d", GlobalPool2d.class,
                (l, j, names) -> {
                    j.addProperty("kind", lower(l.kind()));
                    j.add("input", shape(l.inputShape()));
                },
                (j, layers) -> new GlobalPool2d(kind(j), shape(j, "input")),
                j -> 0));
        register(format("spatial_sequence", SpatialSequence.class,
                (l, j, names) -> j.add("input", shape(l.inputShape())),
                (j, layers) -> new SpatialSequence(shape(j, "input")),
                j -> 0));
        register(format("flatten", Flatten.class,
                (l, j, names) -> j.addProperty("steps", l.steps()),
                (j, layers) -> new Flatten(positive(j, "steps")),
                j -> 0));
        register(format("batch_norm", BatchNorm.class,
                (l, j, names) -> {
                    j.addProperty("channels", l.channels());
                    j.addProperty("area", l.area());
                    j.addProperty("eps", l.eps());
                    j.addProperty("momentum", l.momentum());
                },
                (j, layers) -> readBatchNorm(j),
                j -> 4L * positive(j, "channels")));
    }

    private static BatchNorm readBatchNorm(JsonObject j) {
        int channels = positive(j, "channels");
        int area = positive(j, "area");
        BatchNorm bn = area == 1 ? BatchNorm.features(channels) : BatchNorm.images(new ImageShape(channels, area, 1));
        return bn.with(required(j, "eps").getAsFloat(), required(j, "momentum").getAsFloat());
    }

    private static PoolKind kind(JsonObject j) {
        return PoolKind.valueOf(upper(j, "kind"));
    }

    private static JsonObject axis(ConvAxis a) {
        JsonObject o = new JsonObject();
        o.addProperty("kernel", a.kernel());
        o.addProperty("stride", a.stride());
        o.addProperty("padding", a.padding());
        o.addProperty("dilation", a.dilation());
        o.addProperty("same", a.same());
        return o;
    }

    private static ConvAxis axis(JsonObject j, String key) {
        JsonObject o = object(j, key);
        return new ConvAxis(positive(o, "kernel"), positive(o, "stride"), nonNegative(o, "padding"), positive(o, "dilation"),
                required(o, "same").getAsBoolean());
    }

    private static JsonObject shape(ImageShape s) {
        JsonObject o = new JsonObject();
        o.addProperty("channels", s.channels());
        o.addProperty("height", s.height());
        o.addProperty("width", s.width());
        return o;
    }

    private static ImageShape shape(JsonObject j, String key) {
        JsonObject o = object(j, key);
        return new ImageShape(positive(o, "channels"), positive(o, "height"), positive(o, "width"));
    }

    private static JsonObject object(JsonObject j, String key) {
        if (!required(j, key).isJsonObject()) {
            throw new IllegalArgumentException("field '" + key + "' must be an object");
        }
        return j.getAsJsonObject(key);
    }
}
