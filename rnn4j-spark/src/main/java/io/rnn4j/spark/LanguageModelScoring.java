package io.rnn4j.spark;

import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.tensor.Seq;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * A language model's loss on each row: {@code loss} = −(1/(n−1)) Σ_{t=1}^{n−1} log p(x_t | x_{&lt;t})
 * in nats per token over the row's n tokens (the first token is read, not predicted, as
 * {@code rnn4j eval} scores a text), and {@code tokens} = n. Each row starts from the zero state.
 * Rows are sorted by length and run B at a time as one padded (T, B) batch; a causal model's
 * outputs at a row's real steps do not depend on the padding after them, so each loss equals the
 * row scored alone up to float summation order.
 */
final class LanguageModelScoring extends TextScoring {

    private static final long serialVersionUID = 1L;
    static final String KIND = "language-model";

    @Override
    public List<StructField> columns(String prefix) {
        return List.of(DataTypes.createStructField(prefix + "loss", DataTypes.DoubleType, true),
                DataTypes.createStructField(prefix + "tokens", DataTypes.IntegerType, true));
    }

    @Override
    public List<RowOutcome> score(ModelSource source, List<Object> inputs, int batch, int maxTokens) {
        List<String> texts = inputs.stream().map(String.class::cast).toList();
        LanguageModelFile lm = Executors.model(source, KIND, LanguageModelFile::load);
        RowOutcome[] out = new RowOutcome[texts.size()];
        int[][] encoded = new int[texts.size()][];
        List<Integer> pending = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            int[] tokens;
            try {
                tokens = lm.tokenizer().encode(texts.get(i));
            } catch (IllegalArgumentException e) {
                out[i] = RowOutcome.refused(e.getMessage());
                continue;
            }
            if (tokens.length > maxTokens) {
                out[i] = RowOutcome.refused("the row has " + tokens.length + " tokens, more than maxTokens " + maxTokens);
            } else if (tokens.length < 2) {
                out[i] = new RowOutcome(new Object[]{null, tokens.length}, "fewer than 2 tokens: nothing to predict", false);
            } else {
                encoded[i] = tokens;
                pending.add(i);
            }
        }
        pending.sort(Comparator.comparingInt((Integer i) -> encoded[i].length).reversed());
        for (int from = 0; from < pending.size(); from += batch) {
            List<Integer> rows = pending.subList(from, Math.min(pending.size(), from + batch));
            double[] losses = losses(lm, rows.stream().map(i -> encoded[i]).toList());
            for (int b = 0; b < rows.size(); b++) {
                int i = rows.get(b);
                out[i] = RowOutcome.of(losses[b], encoded[i].length);
            }
        }
        return Arrays.asList(out);
    }

    /** Mean next-token loss of each row, the rows run as one padded batch. */
    static double[] losses(LanguageModelFile lm, List<int[]> rows) {
        int batch = rows.size();
        int[] lengths = new int[batch];
        int steps = 0;
        for (int b = 0; b < batch; b++) {
            lengths[b] = rows.get(b).length - 1;
            steps = Math.max(steps, lengths[b]);
        }
        int[] input = new int[steps * batch];
        for (int b = 0; b < batch; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                input[t * batch + b] = rows.get(b)[t];
            }
        }
        Seq logits = lm.model().forward(Seq.ofTokens(input, steps, batch, lengths), ForwardContext.inference()).output();
        int vocab = logits.features;
        double[] losses = new double[batch];
        for (int b = 0; b < batch; b++) {
            double sum = 0;
            for (int t = 0; t < lengths[b]; t++) {
                double[] logP = Activations.logSoftmax(logits.values, (t * batch + b) * vocab, vocab, 1.0);
                sum -= logP[rows.get(b)[t + 1]];
            }
            losses[b] = sum / lengths[b];
        }
        return losses;
    }
}
