package io.rnn4j.interop.pytorch;

import io.rnn4j.io.ModelFormatException;
import io.rnn4j.io.SafeTensors;
import io.rnn4j.nn.Activation;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Dropout;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.SimpleRnn;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an rnn4j model from a PyTorch {@code state_dict} saved as safetensors
 * ({@code safetensors.torch.save_file(model.state_dict(), path)}) and an
 * {@link ArchitectureSpec}. rnn4j's parameter names and gate orders are PyTorch's, so each tensor
 * is copied as it is (F16, BF16 and F64 widened or narrowed to float). Sizes come from the
 * shapes: an {@code nn.LSTM(32, 128, num_layers=2, bidirectional=True)} is recognised from
 * {@code weight_ih_l0} (512, 32), {@code weight_ih_l1} and {@code weight_ih_l0_reverse}.
 * Missing and unexpected names, and shapes that disagree, are refused in one line naming them.
 */
public final class StateDictImport {

    private StateDictImport() {
    }

    /** Reads the file and builds the model. */
    public static SequenceModel read(Path weights, ArchitectureSpec spec) throws IOException {
        Map<String, SafeTensors.Entry> dict = SafeTensors.readEntries(weights, new LinkedHashMap<>());
        return build(dict, spec, weights.getFileName().toString());
    }

    /** Builds the model from tensors already read; {@code where} names their source in messages. */
    public static SequenceModel build(Map<String, SafeTensors.Entry> dict, ArchitectureSpec spec, String where) {
        try {
            return assemble(dict, spec, where);
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A layer refusing the sizes the tensors imply (a hidden size of 0, a name used twice).
            throw new ModelFormatException(where + ": the model its tensors describe cannot be built: " + e.getMessage(), e);
        }
    }

    private static SequenceModel assemble(Map<String, SafeTensors.Entry> dict, ArchitectureSpec spec, String where) {
        Set<String> used = new LinkedHashSet<>();
        List<String> missing = new ArrayList<>();
        SequenceModel model = null;
        int features = -1;
        Map<String, float[]> values = new LinkedHashMap<>();
        for (ArchitectureSpec.Entry e : spec.layers()) {
            String n = e.name();
            Layer layer;
            int out;
            switch (e.kind()) {
                case "embedding": {
                    SafeTensors.Entry w = tensor(dict, n + ".weight", 2, where, missing);
                    if (w == null) {
                        continue;
                    }
                    layer = new Embedding(w.shape()[0], w.shape()[1]);
                    if (features >= 0) {
                        throw new ModelFormatException(where + ": embedding '" + n + "' must be the first layer (it reads token ids)");
                    }
                    features = w.shape()[0];
                    out = w.shape()[1];
                    values.put(n + ".weight", w.floats());
                    used.add(n + ".weight");
                    break;
                }
                case "onehot":
                    if (features >= 0) {
                        throw new ModelFormatException(where + ": onehot '" + n + "' must be the first layer (it reads token ids)");
                    }
                    layer = new OneHot(e.argument());
                    features = e.argument();
                    out = e.argument();
                    break;
                case "linear": {
                    SafeTensors.Entry w = tensor(dict, n + ".weight", 2, where, missing);
                    if (w == null) {
                        continue;
                    }
                    int o = w.shape()[0];
                    int in = w.shape()[1];
                    features = checkInput(features, in, n, where);
                    SafeTensors.Entry b = dict.get(n + ".bias");
                    if (b != null && !Arrays.equals(b.shape(), new int[]{o})) {
                        throw new ModelFormatException(where + ": '" + n + ".bias' has shape " + Arrays.toString(b.shape())
                                + ", but " + n + ".weight has " + o + " rows");
                    }
                    layer = new Dense(in, o);
                    values.put(n + ".weight", w.floats());
                    values.put(n + ".bias", b == null ? new float[o] : floatsOf(b));
                    used.add(n + ".weight");
                    if (b != null) {
                        used.add(n + ".bias");
                    }
                    out = o;
                    break;
                }
                case "rnn":
                case "rnn-relu":
                case "lstm":
                case "gru": {
                    RecurrentConfig c = recurrent(dict, e, where, missing);
                    if (c == null) {
                        continue;
                    }
                    features = checkInput(features, c.inputSize(), n, where);
                    layer = new RecurrentLayer(c, RecurrentLayer.Output.SEQUENCE);
                    for (io.rnn4j.nn.Parameter p : layer.parameters()) {
                        String key = n + "." + p.name();
                        SafeTensors.Entry t = dict.get(key);
                        if (t == null) {
                            if (p.name().startsWith("bias_")) {
                                values.put(key, new float[p.size()]); // bias=False in PyTorch: zeros
                                continue;
                            }
                            missing.add(key);
                            continue;
                        }
                        if (!Arrays.equals(t.shape(), p.shape())) {
                            throw new ModelFormatException(where + ": '" + key + "' has shape " + Arrays.toString(t.shape())
                                    + ", but the " + e.kind() + " its other weights describe needs " + Arrays.toString(p.shape()));
                        }
                        values.put(key, floatsOf(t));
                        used.add(key);
                    }
                    out = c.outputSize();
                    break;
                }
                default:
                    layer = switch (e.kind()) {
                        case "dropout" -> new Dropout(0f);
                        case "tanh" -> new Activation(Activation.Kind.TANH);
                        case "relu" -> new Activation(Activation.Kind.RELU);
                        default -> new Activation(Activation.Kind.SIGMOID);
                    };
                    if (features < 0) {
                        throw new ModelFormatException(where + ": '" + n + "' (" + e.kind() + ") cannot come first: its input size is unknown");
                    }
                    out = features;
            }
            if (model == null) {
                model = new SequenceModel(features);
            }
            model.add(n, layer);
            features = out;
        }
        List<String> unexpected = new ArrayList<>();
        for (String key : dict.keySet()) {
            if (!used.contains(key)) {
                unexpected.add(key);
            }
        }
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new ModelFormatException(where + ": the state dict does not fit the architecture: "
                    + (missing.isEmpty() ? "" : "missing " + list(missing)) + (missing.isEmpty() || unexpected.isEmpty() ? "" : "; ")
                    + (unexpected.isEmpty() ? "" : "unexpected " + list(unexpected)));
        }
        model.parameters();
        for (Map.Entry<String, float[]> v : values.entrySet()) {
            float[] data = v.getValue();
            for (float f : data) {
                if (!Float.isFinite(f)) {
                    throw new ModelFormatException(where + ": '" + v.getKey() + "' holds a non-finite value (" + f + ")");
                }
            }
            model.parameters().get(v.getKey()).copyFrom(data);
        }
        return model;
    }

    private static int checkInput(int features, int in, String name, String where) {
        if (features >= 0 && features != in) {
            throw new ModelFormatException(where + ": '" + name + "' takes " + in + " features, but the layer before it gives " + features);
        }
        return in;
    }

    private static RecurrentConfig recurrent(Map<String, SafeTensors.Entry> dict, ArchitectureSpec.Entry e, String where,
                                             List<String> missing) {
        String n = e.name();
        CellType cell = switch (e.kind()) {
            case "lstm" -> CellType.LSTM;
            case "gru" -> CellType.GRU;
            default -> CellType.RNN;
        };
        SafeTensors.Entry ih = tensor(dict, n + ".weight_ih_l0", 2, where, missing);
        SafeTensors.Entry hh = tensor(dict, n + ".weight_hh_l0", 2, where, missing);
        if (ih == null || hh == null) {
            return null;
        }
        int hidden = hh.shape()[1];
        if (ih.shape()[0] != cell.gates() * hidden) {
            throw new ModelFormatException(where + ": '" + n + ".weight_ih_l0' has " + ih.shape()[0] + " rows; a " + e.kind()
                    + " with hidden size " + hidden + " (from weight_hh_l0) needs " + cell.gates() * hidden
                    + (cell.gates() != ih.shape()[0] / Math.max(hidden, 1) ? " (is the kind right?)" : ""));
        }
        int layers = 0;
        while (dict.containsKey(n + ".weight_ih_l" + layers)) {
            layers++;
        }
        boolean bidirectional = dict.containsKey(n + ".weight_ih_l0_reverse");
        RecurrentConfig c = RecurrentConfig.of(cell, ih.shape()[1], hidden).layers(layers);
        if (bidirectional) {
            c = c.bidirectional(RecurrentConfig.Merge.CONCAT);
        }
        if (e.kind().equals("rnn-relu")) {
            c = c.nonlinearity(SimpleRnn.Nonlinearity.RELU);
        }
        return c;
    }

    private static SafeTensors.Entry tensor(Map<String, SafeTensors.Entry> dict, String key, int rank, String where, List<String> missing) {
        SafeTensors.Entry t = dict.get(key);
        if (t == null) {
            missing.add(key);
            return null;
        }
        if (t.shape().length != rank) {
            throw new ModelFormatException(where + ": '" + key + "' has shape " + Arrays.toString(t.shape()) + ", expected " + rank
                    + " dimensions");
        }
        return t.doubles() != null ? SafeTensors.Entry.f32(floatsOf(t), t.shape()) : t;
    }

    static float[] floatsOf(SafeTensors.Entry t) {
        if (t.floats() != null) {
            return t.floats();
        }
        float[] f = new float[t.doubles().length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) t.doubles()[i];
        }
        return f;
    }

    private static String list(List<String> names) {
        return names.size() <= 6 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 6)) + " and " + (names.size() - 6) + " more";
    }
}
