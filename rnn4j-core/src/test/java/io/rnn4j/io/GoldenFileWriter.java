package io.rnn4j.io;

import com.google.gson.JsonObject;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the golden file of the current format version, {@code src/test/resources/golden/model-vN.safetensors}
 * (run once per format version, from rnn4j-core: {@code java -cp ... io.rnn4j.io.GoldenFileWriter PATH});
 * it wrote {@code model-v1} (2026-11) and {@code model-v2} (2026-12, the first with a checksum), both
 * from {@link ModelFileTest#charModel}, and {@code model-v3} (2026-12, the first graph) from
 * {@link ModelFileTest#graphModel}.
 * Never rewrite one for the same format version: the point is that old files keep loading.
 */
final class GoldenFileWriter {

    /** Formats 1 and 2: the last-step logits of the char model for input tokens 0, 3, 6. */
    static final float[] EXPECTED_LAST_LOGITS = {0.26531136f, -0.36112803f, 0.3429419f, -0.25655854f, 0.26327243f, -0.4211133f, -0.08966917f};
    /** Format 3: the last-step logits of the graph model for input tokens 0, 3, 6, printed by {@link #main}. */
    static final float[] EXPECTED_GRAPH_LOGITS = {-0.625566f, -0.5747079f, 0.8356408f, 0.2933244f, -0.14538544f, -1.0295516f, -0.9612879f};

    public static void main(String[] args) throws Exception {
        SequenceModel m = ModelFileTest.graphModel();
        StreamingModel stream = new StreamingModel(m, 2);
        stream.step(Seq.ofTokens(new int[] {1, 4}, 1, 2, null));
        JsonObject extra = new JsonObject();
        extra.addProperty("note", "golden");
        ModelFile.save(Path.of(args[0]), m, extra, stream.states());
        float[] out = m.forward(Seq.ofTokens(new int[] {0, 3, 6}, 3, 1, null), ForwardContext.inference()).output().values;
        System.out.println(Arrays.toString(Arrays.copyOfRange(out, 14, 21)));
    }
}
