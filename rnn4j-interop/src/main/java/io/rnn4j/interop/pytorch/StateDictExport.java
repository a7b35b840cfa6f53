package io.rnn4j.interop.pytorch;

import io.rnn4j.io.SafeTensors;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import io.rnn4j.nn.ParameterSet;
import io.rnn4j.nn.SequenceModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes an rnn4j model's weights as a PyTorch {@code state_dict} in safetensors, loadable with
 * {@code model.load_state_dict(safetensors.torch.load_file(path))} into the PyTorch module of the
 * same architecture: rnn4j's parameter names and layouts are PyTorch's. A weight tied to an
 * embedding ({@link Dense#tiedTo}) is written under both names, as PyTorch's state dict has it.
 */
public final class StateDictExport {

    /** The element type written. */
    public enum DType { F32, F64, F16, BF16 }

    private StateDictExport() {
    }

    public static DType dtype(String name) {
        try {
            return DType.valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--dtype must be F32, F64, F16 or BF16, got '" + name + "'");
        }
    }

    /** The tensors, by PyTorch name, in the model's parameter order. */
    public static Map<String, SafeTensors.Entry> entries(SequenceModel model, DType dtype) {
        ParameterSet ps = model.parameters();
        Map<String, SafeTensors.Entry> out = new LinkedHashMap<>();
        for (String name : ps.names()) {
            Parameter p = ps.get(name);
            out.put(name, entry(p.toArray(), p.shape(), dtype));
        }
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            if (e.getValue() instanceof Dense d && d.tiedEmbedding() != null) {
                Parameter w = d.tiedEmbedding().parameters().get(0);
                out.put(e.getKey() + ".weight", entry(w.toArray(), w.shape(), dtype));
            }
        }
        return out;
    }

    /** Writes the state dict atomically. */
    public static void write(SequenceModel model, Path path, DType dtype, Map<String, String> metadata) throws IOException {
        SafeTensors.writeEntries(path, entries(model, dtype), metadata);
    }

    private static SafeTensors.Entry entry(float[] v, int[] shape, DType dtype) {
        switch (dtype) {
            case F64: {
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i];
                }
                return SafeTensors.Entry.f64(d, shape);
            }
            case F16:
                return SafeTensors.Entry.f16(v, shape);
            case BF16:
                return SafeTensors.Entry.bf16(v, shape);
            default:
                return SafeTensors.Entry.f32(v, shape);
        }
    }
}
