package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.tensor.Seq;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentLayer;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the golden file of the current format version, {@code src/test/resources/golden/model-vN.safetensors}
 * (run once per format version, from rnn4j-core: {@code java -cp ... io.rnn4j.io.GoldenFileWriter PATH});
 * it wrote {@code model-v1} (2026-11) and {@code model-v2} (2026-12, the first with a checksum).
 * Never rewrite one for the same format version: the point is that old files keep loading.
 */
final class GoldenFileWriter {

    /** The last-step logits for input tokens 0, 3, 6, printed by {@link #main} when written. */
    static final float[] EXPECTED_LAST_LOGITS = {0.26531136f, -0.36112803f, 0.3429419f, -0.25655854f, 0.26327243f, -0.4211133f, -0.08966917f};

    public static void main(String[] args) throws Exception {
        SequenceModel m = ModelFileTest.charModel();
        var stack = ((RecurrentLayer) m.layers().get("rnn")).stack();
        var state = stack.newStreamingState(2);
        stack.step(new float[] {0.5f, -1f, 0.25f, 1f, 0f, -0.5f}, 1, state);
        JsonObject extra = new JsonObject();
        extra.addProperty("note", "golden");
        ModelFile.save(Path.of(args[0]), m, extra, Map.of("rnn", state));
        float[] out = m.forward(Seq.ofTokens(new int[] {0, 3, 6}, 3, 1, null), ForwardContext.inference()).output().values;
        System.out.println(Arrays.toString(Arrays.copyOfRange(out, 14, 21)));
    }
}
