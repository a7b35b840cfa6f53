package io.rnn4j.data;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.Batch;

import java.util.ArrayList;
import java.util.List;

/**
 * Language-model batching as B parallel contiguous streams: the token sequence is cut into B
 * equal streams, and batch i holds steps [i·T, (i+1)·T) of every stream, with the next token as
 * the target. Consecutive batches continue each stream, so recurrent state is carried across
 * them (train with {@code carryState}).
 */
public final class LanguageModelBatches {

    private LanguageModelBatches() {
    }

    /** Batches of (T, B) token ids; the tail that does not fill a whole batch is dropped. */
    public static List<Batch> of(int[] tokens, int steps, int batch) {
        if (steps < 1 || batch < 1) {
            throw new IllegalArgumentException("need sequence length >= 1 and batch >= 1, got " + steps + ", " + batch);
        }
        int streamLen = (tokens.length - 1) / batch;
        int count = streamLen / steps;
        if (count < 1) {
            throw new IllegalArgumentException("text of " + tokens.length + " tokens is too short for batch " + batch
                    + " x sequence length " + steps + " (needs at least " + (batch * steps + 1) + ")");
        }
        List<Batch> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int[] in = new int[steps * batch];
            int[] tgt = new int[steps * batch];
            for (int t = 0; t < steps; t++) {
                for (int b = 0; b < batch; b++) {
                    int pos = b * streamLen + i * steps + t;
                    in[t * batch + b] = tokens[pos];
                    tgt[t * batch + b] = tokens[pos + 1];
                }
            }
            out.add(new Batch(Seq.ofTokens(in, steps, batch, null), Targets.classes(tgt)));
        }
        return out;
    }

    /**
     * One stream (batch 1) read in order, in chunks of up to {@code steps} tokens with the next
     * token as the target; the last chunk is shorter when the text does not divide. This is how
     * the online algorithms (RTRL, the EKF) read a text, the state carried from chunk to chunk.
     *
     * @throws IllegalArgumentException naming the first token id outside 0..vocab−1 and its position
     */
    public static List<Batch> stream(int[] tokens, int vocab, int steps) {
        if (steps < 1) {
            throw new IllegalArgumentException("need a chunk length >= 1, got " + steps);
        }
        if (tokens.length < 2) {
            throw new IllegalArgumentException("a token stream needs at least 2 tokens, got " + tokens.length);
        }
        for (int i = 0; i < tokens.length; i++) {
            if (tokens[i] < 0 || tokens[i] >= vocab) {
                throw new IllegalArgumentException("token id " + tokens[i] + " at position " + i
                        + " is outside the vocabulary 0.." + (vocab - 1));
            }
        }
        List<Batch> out = new ArrayList<>();
        for (int from = 0; from + 1 < tokens.length; from += steps) {
            int n = Math.min(steps, tokens.length - 1 - from);
            int[] in = new int[n];
            int[] tgt = new int[n];
            System.arraycopy(tokens, from, in, 0, n);
            System.arraycopy(tokens, from + 1, tgt, 0, n);
            out.add(new Batch(Seq.ofTokens(in, n, 1, null), Targets.classes(tgt)));
        }
        return out;
    }
}
