package io.rnn4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Tensor;
import io.rnn4j.train.TrainingState;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A training checkpoint: one safetensors file, written atomically (temporary file, fsync, rename),
 * holding what {@link io.rnn4j.train.Trainer} needs to continue a run exactly:
 * <ul>
 *   <li>the model's parameters under their qualified names, and its architecture (as a model file);</li>
 *   <li>{@code optimizer.NAME}: the optimizer's buffers (Adam's {@code exp_avg}, ...), flat;</li>
 *   <li>{@code best_parameters}: the weights of the best validation so far, flat (when there is one);</li>
 *   <li>{@code carry.LAYER.I.K}: recurrent state carried into the next batch, layer·direction I,
 *       kind K (0 = h, 1 = c), each (B, H) (flat B·H in older checkpoints, whose H is then the layer's own);</li>
 *   <li>metadata {@code format} = {@code rnn4j-checkpoint}, {@code format_version}, and a JSON
 *       {@code manifest} with the architecture, the counters of {@link TrainingState} under
 *       {@code "training"}, and whatever the caller adds (tokenizer, command options, data digest).</li>
 * </ul>
 * The random state is the seed (in the caller's options) and {@code batches_seen}. Loading treats
 * the file as hostile, like {@link ModelFile}: the checksum is verified, and a checkpoint holding a
 * non-finite weight, optimizer moment, best weight or carried state is refused, since a run
 * resumed from it could only skip every update.
 */
public final class Checkpoint {

    /** 2 since checkpoints carry a checksum, 3 since the architecture is a graph; versions 1 and 2 still resume. */
    public static final int FORMAT_VERSION = 3;
    private static final String FORMAT = "rnn4j-checkpoint";
    private static final String OPTIMIZER = "optimizer.";
    private static final String CARRY = "carry.";
    private static final String BEST = "best_parameters";
    private static final int MAX_STATE_INDEX = 4096;

    /** A loaded checkpoint: the model with its current weights, the manifest and the training state. */
    public record Loaded(SequenceModel model, JsonObject manifest, TrainingState state) {
    }

    private Checkpoint() {
    }

    /** Saves {@code state} for {@code model} atomically; {@code extra} is added to the manifest. */
    public static void save(Path path, SequenceModel model, TrainingState state, JsonObject extra) throws IOException {
        JsonObject manifest = new JsonObject();
        manifest.addProperty("rnn4j_version", Version.get());
        manifest.add("architecture", Architecture.toJson(model));
        manifest.add("training", countersToJson(state));
        if (extra != null) {
            extra.entrySet().forEach(e -> manifest.add(e.getKey(), e.getValue()));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        var ps = model.parameters();
        if (state.parameters().length != ps.values().length) {
            throw new IllegalArgumentException("the state has " + state.parameters().length + " parameter values, the model "
                    + ps.values().length);
        }
        for (String name : ps.names()) {
            var p = ps.get(name);
            float[] values = new float[p.size()];
            System.arraycopy(state.parameters(), p.offset(), values, 0, p.size());
            tensors.put(name, new Tensor(values, p.shape()));
        }
        new TreeMap<>(state.optimizerState()).forEach((k, v) -> tensors.put(OPTIMIZER + k, new Tensor(v, v.length)));
        if (state.best().parameters() != null) {
            tensors.put(BEST, new Tensor(state.best().parameters(), state.best().parameters().length));
        }
        for (Map.Entry<String, RecurrentState> e : new TreeMap<>(state.carriedStates()).entrySet()) {
            RecurrentState s = e.getValue();
            for (int i = 0; s != null && i < s.layers(); i++) {
                for (int k = 0; k < s.stateCount(); k++) {
                    tensors.put(CARRY + e.getKey() + "." + i + "." + k, new Tensor(s.live()[i][k], s.batch(), s.hidden()));
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(FORMAT_VERSION));
        meta.put("manifest", manifest.toString());
        SafeTensors.write(path, tensors, meta);
    }

    /** Loads a checkpoint, or throws a {@link ModelFormatException} with one line saying what is wrong. */
    public static Loaded load(Path path) {
        ModelFile.Container c = ModelFile.open(path, FORMAT, FORMAT_VERSION, "an rnn4j checkpoint");
        String where = c.where();
        JsonObject manifest = c.manifest();
        Map<String, Tensor> tensors = c.sequenceModelTensors();
        Set<String> seen = new HashSet<>();
        SequenceModel model = ModelFile.readModel(where, manifest, tensors, seen);
        float[] parameters = model.parameters().values().clone();
        Map<String, float[]> optimizer = new LinkedHashMap<>();
        float[] best = null;
        Map<String, Map<Integer, Map<Integer, Tensor>>> carry = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            float[] data = e.getValue().data();
            if (seen.contains(name)) {
                continue;
            }
            ModelFile.requireFinite(where, "tensor '" + name + "'", data);
            if (name.startsWith(OPTIMIZER)) {
                optimizer.put(name.substring(OPTIMIZER.length()), data);
            } else if (name.equals(BEST)) {
                if (data.length != parameters.length) {
                    throw new ModelFormatException(where + ": " + BEST + " has " + data.length + " values, the model has "
                            + parameters.length);
                }
                best = data;
            } else if (name.startsWith(CARRY)) {
                String rest = name.substring(CARRY.length());
                int k2 = rest.lastIndexOf('.');
                int k1 = k2 < 0 ? -1 : rest.lastIndexOf('.', k2 - 1);
                int i;
                int k;
                try {
                    i = Integer.parseInt(rest.substring(k1 + 1, k2));
                    k = Integer.parseInt(rest.substring(k2 + 1));
                } catch (RuntimeException ex) {
                    throw new ModelFormatException(where + ": carried-state tensor '" + name + "' is not named carry.LAYER.I.K");
                }
                if (k1 < 1 || i < 0 || k < 0 || i >= MAX_STATE_INDEX || k > 1) {
                    throw new ModelFormatException(where + ": carried-state tensor '" + name + "' has impossible indices");
                }
                carry.computeIfAbsent(rest.substring(0, k1), n -> new TreeMap<>())
                        .computeIfAbsent(i, n -> new TreeMap<>()).put(k, e.getValue());
            } else {
                throw new ModelFormatException(where + ": unexpected tensor '" + name + "'");
            }
        }
        Map<String, RecurrentState> carried = new HashMap<>();
        carry.forEach((layer, byIndex) -> carried.put(layer, assemble(where, model, layer, byIndex)));
        JsonObject t;
        try {
            t = manifest.getAsJsonObject("training");
            if (t == null) {
                throw new IllegalStateException("no training section");
            }
            TrainingState state = new TrainingState(
                    new TrainingState.Position(t.get("epoch").getAsInt(), t.get("batch_in_epoch").getAsInt(),
                            t.get("batches_seen").getAsLong()),
                    new TrainingState.Totals(t.get("updates").getAsLong(), t.get("rows").getAsLong(),
                            t.get("skipped_updates").getAsLong(), number(t, "elapsed_seconds")),
                    new TrainingState.EpochSoFar(number(t, "epoch_loss_sum"), t.get("epoch_rows").getAsLong()),
                    new TrainingState.LastUpdate(number(t, "last_train_loss"), number(t, "last_gradient_norm"),
                            number(t, "last_learning_rate")),
                    new TrainingState.Best(number(t, "best_validation_loss"), t.get("best_step").getAsLong(),
                            t.get("bad_validations").getAsInt(), best),
                    parameters, optimizer, carried);
            TrainingState.Position at = state.position();
            if (state.updates() < 0 || at.epoch() < 0 || at.batchInEpoch() < 0 || at.batchesSeen() < 0) {
                throw new IllegalStateException("negative counters");
            }
            return new Loaded(model, manifest, state);
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": the training section of the manifest is invalid: " + ModelFile.oneLine(e));
        }
    }

    /**
     * One layer's carried state from its tensors. Blocks are written (B, H); checkpoints before
     * that wrote them flat, and then H is the one of the layer's own state.
     */
    private static RecurrentState assemble(String where, SequenceModel model, String layer,
                                           Map<Integer, Map<Integer, Tensor>> byIndex) {
        int n = byIndex.size();
        float[][][] out = new float[n][][];
        int[] shape = null;
        for (int i = 0; i < n; i++) {
            Map<Integer, Tensor> kinds = byIndex.get(i);
            if (kinds == null || !kinds.containsKey(0) || kinds.size() != (kinds.containsKey(1) ? 2 : 1)
                    || kinds.size() != byIndex.get(0).size()) {
                throw new ModelFormatException(where + ": carried state of layer '" + layer + "' has gaps at index " + i);
            }
            out[i] = new float[kinds.size()][];
            for (int k = 0; k < kinds.size(); k++) {
                Tensor t = kinds.get(k);
                if (shape == null) {
                    shape = t.shape();
                } else if (!Arrays.equals(shape, t.shape())) {
                    throw new ModelFormatException(where + ": carried state of layer '" + layer + "' mixes block shapes "
                            + Arrays.toString(shape) + " and " + Arrays.toString(t.shape()));
                }
                out[i][k] = t.data();
            }
        }
        int hidden = shape.length == 2 ? shape[1] : flatStateHidden(where, model, layer);
        if (hidden < 1 || out[0][0].length == 0 || out[0][0].length % hidden != 0) {
            throw new ModelFormatException(where + ": carried state of layer '" + layer + "' has " + out[0][0].length
                    + " values per block, not a whole number of rows of " + hidden);
        }
        return RecurrentState.wrap(out, out[0][0].length / hidden, hidden);
    }

    private static int flatStateHidden(String where, SequenceModel model, String layer) {
        Layer l = model.layers().get(layer);
        RecurrentState probe = null;
        try {
            probe = l == null ? null : l.newStreamingState(1);
        } catch (RuntimeException e) {
            // a layer that cannot carry a state step by step: no H to read
        }
        if (probe == null) {
            throw new ModelFormatException(where + ": carried state for '" + layer + "', which is not a layer that carries state");
        }
        return probe.hidden();
    }

    private static JsonObject countersToJson(TrainingState s) {
        JsonObject t = new JsonObject();
        t.addProperty("updates", s.totals().updates());
        t.addProperty("epoch", s.position().epoch());
        t.addProperty("batch_in_epoch", s.position().batchInEpoch());
        t.addProperty("batches_seen", s.position().batchesSeen());
        putNumber(t, "epoch_loss_sum", s.epochSoFar().lossSum());
        t.addProperty("epoch_rows", s.epochSoFar().rows());
        t.addProperty("rows", s.totals().rows());
        putNumber(t, "elapsed_seconds", s.totals().elapsedSeconds());
        t.addProperty("skipped_updates", s.totals().skippedUpdates());
        putNumber(t, "last_train_loss", s.lastUpdate().trainLoss());
        putNumber(t, "last_gradient_norm", s.lastUpdate().gradientNorm());
        putNumber(t, "last_learning_rate", s.lastUpdate().learningRate());
        putNumber(t, "best_validation_loss", s.best().validationLoss());
        t.addProperty("best_step", s.best().step());
        t.addProperty("bad_validations", s.best().badValidations());
        return t;
    }

    /** JSON has no NaN or infinities: they are written as strings. */
    private static void putNumber(JsonObject o, String key, double v) {
        if (Double.isFinite(v)) {
            o.addProperty(key, v);
        } else {
            o.addProperty(key, Double.toString(v));
        }
    }

    private static double number(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e.getAsJsonPrimitive().isString()) {
            return Double.parseDouble(e.getAsString());
        }
        return e.getAsDouble();
    }
}
