package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.reservoir.EchoStateNetwork;
import io.rnn4j.reservoir.Reservoir;
import io.rnn4j.reservoir.ReservoirConfig;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An echo state network in the model-file container ({@link ModelFile}'s format and version):
 * a safetensors file whose manifest's architecture has {@code "kind": "echo_state_network"} and
 * the {@link ReservoirConfig}, with the weights in double precision (F64): {@code reservoir.weight_in}
 * (N, 1+K), {@code reservoir.weight} (N, N), {@code reservoir.weight_fb} (N, L) when there is
 * feedback, and {@code readout.weight} (L, 1+K+N) once trained. The running state is saved as
 * {@code state.x} (N) and {@code state.y} (L), so a stream continues where it stopped.
 */
public final class ReservoirFile {

    static final String KIND = "echo_state_network";

    /** A loaded network and its manifest. */
    public record Loaded(EchoStateNetwork network, JsonObject manifest) {
    }

    private ReservoirFile() {
    }

    public static void save(Path path, EchoStateNetwork esn, JsonObject extra) throws IOException {
        ReservoirConfig c = esn.config();
        JsonObject arch = new JsonObject();
        arch.addProperty("kind", KIND);
        arch.addProperty("units", c.units());
        arch.addProperty("input_size", c.inputSize());
        arch.addProperty("output_size", c.outputSize());
        arch.addProperty("spectral_radius", c.spectralRadius());
        arch.addProperty("input_scaling", c.inputScaling());
        arch.addProperty("bias_scaling", c.biasScaling());
        arch.addProperty("connectivity", c.connectivity());
        arch.addProperty("leak_rate", c.leakRate());
        arch.addProperty("feedback_scaling", c.feedbackScaling());
        arch.addProperty("seed", c.seed());
        JsonObject manifest = new JsonObject();
        manifest.addProperty("rnn4j_version", Version.get());
        manifest.add("architecture", arch);
        if (extra != null) {
            extra.entrySet().forEach(e -> manifest.add(e.getKey(), e.getValue()));
        }
        Reservoir r = esn.reservoir();
        int n = c.units();
        Map<String, SafeTensors.Entry> t = new LinkedHashMap<>();
        t.put("reservoir.weight_in", SafeTensors.Entry.f64(r.inputWeights(), n, 1 + c.inputSize()));
        t.put("reservoir.weight", SafeTensors.Entry.f64(r.recurrentWeights(), n, n));
        if (c.feedbackScaling() > 0) {
            t.put("reservoir.weight_fb", SafeTensors.Entry.f64(r.feedbackWeights(), n, c.outputSize()));
        }
        if (esn.readout() != null) {
            t.put("readout.weight", SafeTensors.Entry.f64(esn.readout(), c.outputSize(), c.extendedSize()));
        }
        double[] snapshot = esn.snapshot();
        t.put("state.x", SafeTensors.Entry.f64(java.util.Arrays.copyOf(snapshot, n), n));
        t.put("state.y", SafeTensors.Entry.f64(java.util.Arrays.copyOfRange(snapshot, n, snapshot.length), c.outputSize()));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "rnn4j-model");
        meta.put("format_version", Integer.toString(ModelFile.FORMAT_VERSION));
        meta.put("manifest", manifest.toString());
        SafeTensors.writeEntries(path, t, meta);
    }

    /** Loads a network, or throws a {@link ModelFormatException} with one line saying what is wrong. */
    public static Loaded load(Path path) {
        ModelFile.Container container = ModelFile.open(path, "rnn4j-model", ModelFile.FORMAT_VERSION, "an rnn4j model file");
        String where = container.where();
        JsonObject manifest = container.manifest();
        Map<String, SafeTensors.Entry> t = container.entries();
        if (!container.holdsReservoir()) {
            throw new ModelFormatException(where + ": holds a sequence model, not an echo state network");
        }
        ReservoirConfig c;
        try {
            JsonObject a = manifest.getAsJsonObject("architecture");
            int units = a.get("units").getAsInt();
            if (units < 1 || units > 46_000) { // N² doubles must fit one array
                throw new ModelFormatException(where + ": " + units + " reservoir units is outside 1..46000");
            }
            c = new ReservoirConfig(units, a.get("input_size").getAsInt(), a.get("output_size").getAsInt(),
                    a.get("spectral_radius").getAsDouble(), a.get("input_scaling").getAsDouble(), a.get("bias_scaling").getAsDouble(),
                    a.get("connectivity").getAsDouble(), a.get("leak_rate").getAsDouble(), a.get("feedback_scaling").getAsDouble(),
                    a.get("seed").getAsLong());
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": the echo-state architecture is invalid: " + ModelFile.oneLine(e));
        }
        try {
            EchoStateNetwork esn = new EchoStateNetwork(new Reservoir(c, doubles(where, t, "reservoir.weight_in"),
                    doubles(where, t, "reservoir.weight"),
                    c.feedbackScaling() > 0 ? doubles(where, t, "reservoir.weight_fb") : new double[0]),
                    t.containsKey("readout.weight") ? doubles(where, t, "readout.weight") : null);
            if (t.containsKey("state.x") && t.containsKey("state.y")) {
                double[] x = doubles(where, t, "state.x");
                double[] y = doubles(where, t, "state.y");
                double[] s = java.util.Arrays.copyOf(x, x.length + y.length);
                System.arraycopy(y, 0, s, x.length, y.length);
                esn.restore(s);
            }
            return new Loaded(esn, manifest);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": " + ModelFile.oneLine(e));
        }
    }

    private static double[] doubles(String where, Map<String, SafeTensors.Entry> t, String name) {
        SafeTensors.Entry e = t.get(name);
        if (e == null) {
            throw new ModelFormatException(where + ": tensor '" + name + "' is missing");
        }
        if (e.doubles() == null) {
            throw new ModelFormatException(where + ": tensor '" + name + "' must be F64");
        }
        return e.doubles();
    }
}
