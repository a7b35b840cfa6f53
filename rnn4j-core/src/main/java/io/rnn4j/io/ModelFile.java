package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * One file per model: a safetensors file whose {@code __metadata__} holds
 * <ul>
 *   <li>{@code format} = {@code rnn4j-model} and {@code format_version} = {@value #FORMAT_VERSION};</li>
 *   <li>{@code manifest}: JSON with the rnn4j version, the architecture ({@link Architecture}) and
 *       anything the caller adds (vocabulary, training provenance);</li>
 *   <li>{@code checksum}: the CRC-32C of the metadata and the data (see {@link SafeTensors}),
 *       verified on every load.</li>
 * </ul>
 * Format 1 files (rnn4j before the checksum) still load; they carry no checksum, so damage to
 * them cannot be detected, and {@link Loaded#checksummed()} says so. Since format 2 a file
 * without a checksum is refused. Format 3 describes the model as a graph (named inputs, nodes
 * with the names they read, outputs, sub-models, shared and tied layers); the linear
 * architecture of formats 1 and 2 still loads. The whole format is in {@code docs/format.md}.
 * Tensors are the parameters under their PyTorch-style qualified names ({@code rnn.weight_ih_l0}),
 * plus, optionally, streaming states as {@code state.LAYER.h} and {@code state.LAYER.c}, each
 * (num_layers, B, H). Python's {@code safetensors.torch.load_file} reads the weights directly.
 *
 * <p>Loading treats the file as hostile: sizes are checked before allocation, weights must be
 * finite, and every problem is a {@link ModelFormatException} with one line naming the file and
 * what is wrong.
 */
public final class ModelFile {

    public static final int FORMAT_VERSION = 3;
    /** The first format version whose files must carry a checksum. */
    static final int CHECKSUM_SINCE = 2;
    private static final String FORMAT = "rnn4j-model";
    private static final String STATE_PREFIX = "state.";

    /**
     * A loaded model, its manifest, the streaming states saved with it (by layer name), and
     * whether the file carried a checksum (false only for format-1 files, which predate it).
     */
    public record Loaded(SequenceModel model, JsonObject manifest, Map<String, RecurrentState> streamingStates,
                         boolean checksummed) {
    }

    private ModelFile() {
    }

    /**
     * Saves atomically.
     *
     * @param extra  added to the manifest (e.g. "vocabulary", "provenance"); may be null
     * @param states streaming states by recurrent layer name; may be null
     */
    public static void save(Path path, SequenceModel model, JsonObject extra, Map<String, RecurrentState> states) throws IOException {
        JsonObject manifest = new JsonObject();
        manifest.addProperty("rnn4j_version", Version.get());
        manifest.add("architecture", Architecture.toJson(model));
        if (extra != null) {
            extra.entrySet().forEach(e -> manifest.add(e.getKey(), e.getValue()));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        ParameterSet ps = model.parameters();
        for (String name : ps.names()) {
            Parameter p = ps.get(name);
            tensors.put(name, new Tensor(p.toArray(), p.shape()));
        }
        if (states != null) {
            for (Map.Entry<String, RecurrentState> e : states.entrySet()) {
                RecurrentState s = e.getValue();
                String[] kinds = {"h", "c"};
                for (int k = 0; k < s.stateCount(); k++) {
                    float[] all = new float[s.layers() * s.batch() * s.hidden()];
                    for (int l = 0; l < s.layers(); l++) {
                        System.arraycopy(s.get(l, k), 0, all, l * s.batch() * s.hidden(), s.batch() * s.hidden());
                    }
                    tensors.put(STATE_PREFIX + e.getKey() + "." + kinds[k],
                            new Tensor(all, s.layers(), s.batch(), s.hidden()));
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", Integer.toString(FORMAT_VERSION));
        meta.put("manifest", manifest.toString());
        SafeTensors.write(path, tensors, meta);
    }

    public static Loaded load(Path path) {
        Container c = open(path, FORMAT, FORMAT_VERSION, "an rnn4j model file");
        String where = c.where();
        JsonObject manifest = c.manifest();
        Map<String, Tensor> tensors = c.sequenceModelTensors();
        Set<String> seen = new HashSet<>();
        SequenceModel model = readModel(where, manifest, tensors, seen);
        Map<String, RecurrentState> states = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            String name = e.getKey();
            if (seen.contains(name)) {
                continue;
            }
            if (!name.startsWith(STATE_PREFIX)) {
                throw new ModelFormatException(where + ": unexpected tensor '" + name + "'");
            }
            try {
                readState(where, model, name, e.getValue(), states);
            } catch (ModelFormatException ex) {
                throw ex;
            } catch (RuntimeException ex) {
                throw new ModelFormatException(where + ": state tensor '" + name + "' cannot be used: " + oneLine(ex));
            }
        }
        return new Loaded(model, manifest, states, c.checksummed());
    }

    /** A container read and checked: its name for messages, its manifest and its tensors (F32 or F64). */
    record Container(String where, JsonObject manifest, Map<String, SafeTensors.Entry> entries, boolean checksummed) {

        /** Whether the architecture is an echo state network's rather than a sequence model's. */
        boolean holdsReservoir() {
            JsonObject arch = manifest.has("architecture") && manifest.get("architecture").isJsonObject()
                    ? manifest.getAsJsonObject("architecture") : new JsonObject();
            return arch.has("kind") && arch.get("kind").isJsonPrimitive() && ReservoirFile.KIND.equals(arch.get("kind").getAsString());
        }

        /** The tensors of a sequence model (all F32); an echo state network or an F64 tensor is refused. */
        Map<String, Tensor> sequenceModelTensors() {
            if (holdsReservoir()) {
                throw new ModelFormatException(where + ": holds an echo state network; load it with ReservoirFile.load");
            }
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, SafeTensors.Entry> e : entries.entrySet()) {
                if (e.getValue().floats() == null) {
                    throw new ModelFormatException(where + ": tensor '" + e.getKey() + "' has dtype F64; a sequence model's"
                            + " weights are F32");
                }
                tensors.put(e.getKey(), new Tensor(e.getValue().floats(), e.getValue().shape()));
            }
            return tensors;
        }
    }

    /**
     * Reads a container and checks that its metadata names {@code format} at a version this build
     * reads and holds a JSON manifest; every problem is a one-line {@link ModelFormatException}.
     */
    static Container open(Path path, String format, int maxVersion, String what) {
        String where = path.getFileName().toString();
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries;
        if (Files.isDirectory(path)) {
            throw new ModelFormatException(path + " is a directory, not " + what);
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new ModelFormatException(path + " is not a regular file (a pipe, socket or device), not " + what);
        }
        try {
            entries = SafeTensors.readEntries(path, meta);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(path + ": no such file");
        } catch (AccessDeniedException e) {
            throw new ModelFormatException(path + ": permission denied");
        } catch (IOException e) {
            throw new ModelFormatException(where + ": cannot read: " + e.getMessage());
        }
        int version = checkFormat(where, meta, format, maxVersion, what);
        boolean checksummed = meta.containsKey(SafeTensors.CHECKSUM_KEY);
        if (!checksummed && version >= CHECKSUM_SINCE) {
            throw new ModelFormatException(where + ": format version " + version + " must carry a checksum, and this file has"
                    + " none: it is damaged or was not written by rnn4j");
        }
        return new Container(where, parseManifest(where, meta), entries, checksummed);
    }

    /** Refuses a file whose metadata does not name {@code format} at a version this build reads; returns the version. */
    private static int checkFormat(String where, Map<String, String> meta, String format, int maxVersion, String what) {
        if (!format.equals(meta.get("format"))) {
            throw new ModelFormatException(where + ": not " + what + " (metadata format is " + meta.get("format") + ")");
        }
        int version;
        try {
            version = Integer.parseInt(meta.getOrDefault("format_version", ""));
        } catch (NumberFormatException e) {
            throw new ModelFormatException(where + ": format_version is missing or not a number");
        }
        if (version > maxVersion || version < 1) {
            throw new ModelFormatException(where + ": format version " + version + " is not supported by rnn4j "
                    + Version.get() + " (it reads versions 1.." + maxVersion + "); upgrade rnn4j");
        }
        return version;
    }

    /** The manifest JSON of the metadata, or a one-line error. */
    private static JsonObject parseManifest(String where, Map<String, String> meta) {
        String text = meta.get("manifest");
        if (text == null) {
            throw new ModelFormatException(where + ": manifest is missing");
        }
        try {
            return StrictJson.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(where + ": manifest is not valid: " + e.getMessage());
        }
    }

    /**
     * Builds the model the manifest's architecture describes and fills its parameters from the
     * tensors of the same names, adding each name used to {@code seen}.
     */
    static SequenceModel readModel(String where, JsonObject manifest, Map<String, Tensor> tensors, Set<String> seen) {
        SequenceModel model;
        try {
            JsonObject arch = manifest.getAsJsonObject("architecture");
            long declared = Architecture.parameterCount(arch);
            long stored = 0;
            for (Tensor t : tensors.values()) {
                stored += t.data().length;
            }
            if (declared > stored) {
                throw new ModelFormatException(where + ": the architecture declares " + declared
                        + " parameters but the file holds only " + stored + " values");
            }
            model = Architecture.fromJson(arch);
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": manifest is invalid: " + oneLine(e));
        }
        ParameterSet ps = model.parameters();
        for (String name : ps.names()) {
            Tensor t = tensors.get(name);
            Parameter p = ps.get(name);
            if (t == null) {
                throw new ModelFormatException(where + ": parameter '" + name + "' is missing");
            }
            if (!Arrays.equals(t.shape(), p.shape())) {
                throw new ModelFormatException(where + ": parameter '" + name + "' has shape " + Arrays.toString(t.shape())
                        + ", the architecture needs " + Arrays.toString(p.shape()));
            }
            requireFinite(where, "parameter '" + name + "'", t.data());
            p.copyFrom(t.data());
            seen.add(name);
        }
        return model;
    }

    private static void readState(String where, SequenceModel model, String name, Tensor t,
                                  Map<String, RecurrentState> states) {
        String rest = name.substring(STATE_PREFIX.length());
        int dot = rest.lastIndexOf('.');
        String layerName = dot < 0 ? rest : rest.substring(0, dot);
        String kind = dot < 0 ? "" : rest.substring(dot + 1);
        Layer layer = model.layers().get(layerName);
        int k = kind.equals("h") ? 0 : kind.equals("c") ? 1 : -1;
        if (layer == null || k < 0 || t.shape().length != 3 || t.shape()[1] < 1) {
            throw new ModelFormatException(where + ": state tensor '" + name + "' names no layer state of shape (L, B, H)");
        }
        int batch = t.shape()[1];
        RecurrentState s = states.get(layerName);
        if (s == null) {
            try {
                s = layer.newStreamingState(batch);
            } catch (IllegalStateException e) {
                throw new ModelFormatException(where + ": state tensor '" + name + "' belongs to layer '" + layerName
                        + "', which cannot stream: " + e.getMessage());
            }
            if (s == null) {
                throw new ModelFormatException(where + ": state tensor '" + name + "' names layer '" + layerName
                        + "', which carries no state");
            }
            states.put(layerName, s);
        }
        if (s.batch() != batch) {
            throw new ModelFormatException(where + ": states of layer '" + layerName + "' disagree on the batch size");
        }
        if (k >= s.stateCount() || t.shape()[0] != s.layers() || t.shape()[2] != s.hidden()) {
            throw new ModelFormatException(where + ": state tensor '" + name + "' has shape " + Arrays.toString(t.shape())
                    + ", expected (" + s.layers() + ", B, " + s.hidden() + ") and kind h"
                    + (s.stateCount() > 1 ? " or c" : ""));
        }
        int bh = batch * s.hidden();
        for (int l = 0; l < s.layers(); l++) {
            s.set(l, k, Arrays.copyOfRange(t.data(), l * bh, (l + 1) * bh));
        }
    }

    /** Refuses NaN and infinite values: a model or a training state holding them is damaged, not merely bad. */
    static void requireFinite(String where, String what, float[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ModelFormatException(where + ": " + what + " holds " + values[i] + " at index " + i
                        + "; a usable model or training state is finite");
            }
        }
    }

    static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.replace('\n', ' ');
    }
}
