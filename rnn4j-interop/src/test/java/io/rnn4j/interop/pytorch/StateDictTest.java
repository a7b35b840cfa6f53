package io.rnn4j.interop.pytorch;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.io.SafeTensors;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PyTorch state dicts (fixtures from {@code rnn4j-bench/peers/pytorch_state_dict_fixtures.py},
 * written in F32, BF16, F16 and F64) build rnn4j models that give PyTorch's outputs to 1e-5, and
 * write back bit for bit; names and shapes that do not fit are refused in one line.
 */
class StateDictTest {

    @TempDir
    Path dir;

    static Path fixture(String name) {
        return Path.of("src", "test", "resources", "pytorch", name);
    }

    static float[] floats(JsonObject t) {
        JsonArray a = t.getAsJsonArray("data");
        float[] f = new float[a.size()];
        for (int i = 0; i < f.length; i++) {
            f[i] = a.get(i).getAsFloat();
        }
        return f;
    }

    static int dim(JsonObject t, int i) {
        return t.getAsJsonArray("shape").get(i).getAsInt();
    }

    @ParameterizedTest
    @ValueSource(strings = {"charlm_f32", "charlm_bf16", "gru_bidirectional_f16", "rnn_relu_f64"})
    void importsGivePyTorchsOutputsAndExportBack(String name) throws Exception {
        JsonObject c = JsonParser.parseString(Files.readString(fixture(name + ".json"))).getAsJsonObject();
        SequenceModel m = StateDictImport.read(fixture(name + ".safetensors"), ArchitectureSpec.parse(c.get("arch").getAsString()));
        JsonObject in = c.getAsJsonObject("input");
        Seq x;
        if (in.get("dtype").getAsString().equals("int64")) {
            float[] f = floats(in);
            int[] ids = new int[f.length];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = (int) f[i];
            }
            x = Seq.ofTokens(ids, dim(in, 0), dim(in, 1), null);
        } else {
            x = Seq.ofValues(floats(in), dim(in, 0), dim(in, 1), dim(in, 2), null);
        }
        float[] expected = floats(c.getAsJsonObject("output"));
        float[] actual = m.forward(x, ForwardContext.inference()).output().values;
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-5, name + " output " + i);
        }

        // Written back in the file's own dtype, every tensor is the same bits under the same name.
        Map<String, SafeTensors.Entry> original = SafeTensors.readEntries(fixture(name + ".safetensors"), new LinkedHashMap<>());
        String dtype = original.values().iterator().next().dtype();
        Path back = dir.resolve("back.safetensors");
        StateDictExport.write(m, back, StateDictExport.dtype(dtype), Map.of());
        Map<String, SafeTensors.Entry> written = SafeTensors.readEntries(back, new LinkedHashMap<>());
        assertEquals(original.keySet(), written.keySet());
        for (String key : original.keySet()) {
            SafeTensors.Entry a = original.get(key);
            SafeTensors.Entry b = written.get(key);
            assertEquals(a.dtype(), b.dtype(), key);
            assertArrayEquals(a.shape(), b.shape(), key);
            if (a.doubles() != null) {
                // F64 goes through rnn4j's float32 weights: equal to float precision.
                for (int i = 0; i < a.doubles().length; i++) {
                    assertEquals((float) a.doubles()[i], (float) b.doubles()[i], key);
                }
            } else {
                assertArrayEquals(a.floats(), b.floats(), key);
            }
        }
    }

    static String refusal(Map<String, SafeTensors.Entry> dict, String arch) {
        ModelFormatException e = assertThrows(ModelFormatException.class,
                () -> StateDictImport.build(dict, ArchitectureSpec.parse(arch), "sd.safetensors"));
        assertFalse(e.getMessage().contains("\n"));
        assertTrue(e.getMessage().startsWith("sd.safetensors: "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void namesAndShapesThatDoNotFitAreRefused() throws Exception {
        Map<String, SafeTensors.Entry> dict = SafeTensors.readEntries(fixture("charlm_f32.safetensors"), new LinkedHashMap<>());
        String arch = "embed:embedding,rnn:lstm,drop:dropout,head:linear";
        Map<String, SafeTensors.Entry> missing = new LinkedHashMap<>(dict);
        missing.remove("rnn.weight_hh_l1");
        assertTrue(refusal(missing, arch).contains("missing rnn.weight_hh_l1"));
        Map<String, SafeTensors.Entry> extra = new LinkedHashMap<>(dict);
        extra.put("decoder.weight", SafeTensors.Entry.f32(new float[4], 2, 2));
        assertTrue(refusal(extra, arch).contains("unexpected decoder.weight"));
        assertTrue(refusal(dict, "embed:embedding,rnn:gru,head:linear").contains("needs 36 (is the kind right?)"));
        assertTrue(refusal(dict, "embed:embedding,rnn:lstm").contains("unexpected head.weight, head.bias"));
        assertTrue(refusal(dict, "embed:embedding,head:linear,rnn:lstm").contains("'head' takes 12 features, but the layer before it gives 8"));
        Map<String, SafeTensors.Entry> empty = new LinkedHashMap<>(dict);
        empty.put("rnn.weight_hh_l0", SafeTensors.Entry.f32(new float[0], 0, 0));
        assertTrue(refusal(empty, arch).contains("'rnn.weight_ih_l0' has 48 rows; a lstm with hidden size 0"));
        Map<String, SafeTensors.Entry> twice = new LinkedHashMap<>(dict);
        assertTrue(refusal(twice, "embed:embedding,rnn:lstm,drop:dropout,drop:dropout,head:linear").contains("cannot be built"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> ArchitectureSpec.parse("embed:embeding"));
        assertTrue(bad.getMessage().contains("unknown kind 'embeding'"), bad.getMessage());
    }
}
