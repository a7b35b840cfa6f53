package io.rnn4j.spark;

import io.rnn4j.data.Tokenizer;
import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;
import org.apache.spark.api.java.JavaRDD;

import java.util.ArrayList;
import java.util.List;

/**
 * Language-model examples: windows of T+1 token ids, the model reading the first T and
 * predicting the last T. {@link #of} cuts each partition's lines, joined by newlines, into
 * windows that do not overlap (a window does not cross into the next partition); {@link #batch}
 * makes a (T, B) batch of them.
 */
public final class TokenWindows implements ExampleBatcher<int[]> {

    private static final long serialVersionUID = 1L;

    private final int steps;

    /** Batches windows of {@code steps} + 1 tokens. */
    public TokenWindows(int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("windows need at least 1 step, got " + steps);
        }
        this.steps = steps;
    }

    public int steps() {
        return steps;
    }

    @Override
    public Batch batch(List<int[]> windows) {
        int b = windows.size();
        int[] in = new int[steps * b];
        int[] out = new int[steps * b];
        for (int i = 0; i < b; i++) {
            int[] w = windows.get(i);
            if (w.length != steps + 1) {
                throw new IllegalArgumentException("a window has " + w.length + " tokens; these batches take " + (steps + 1));
            }
            for (int t = 0; t < steps; t++) {
                in[t * b + i] = w[t];
                out[t * b + i] = w[t + 1];
            }
        }
        return new Batch(Seq.ofTokens(in, steps, b, null), Targets.classes(out));
    }

    /** The windows of {@code lines}, partition by partition, encoded with {@code tokenizer}. */
    public JavaRDD<int[]> of(JavaRDD<String> lines, Tokenizer tokenizer) {
        int window = steps + 1;
        String shipped = tokenizer.toJson().toString(); // tokenizers are not Serializable; their JSON is
        return lines.mapPartitions(it -> {
            Tokenizer own = Tokenizer.fromJson(com.google.gson.JsonParser.parseString(shipped));
            StringBuilder text = new StringBuilder();
            while (it.hasNext()) {
                text.append(it.next()).append('\n');
            }
            int[] tokens = own.encode(text.toString());
            List<int[]> out = new ArrayList<>();
            for (int from = 0; from + window <= tokens.length; from += steps) {
                int[] w = new int[window];
                System.arraycopy(tokens, from, w, 0, window);
                out.add(w);
            }
            return out.iterator();
        });
    }
}
