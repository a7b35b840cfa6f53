package io.rnn4j.train;

import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.ForwardContext;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Small tasks that a correct engine learns in seconds. */
class ItLearnsTest {

    @Test
    void lstmMemorisesAShortTextWithTruncatedBptt() {
        String text = "the quick brown fox jumps over the lazy dog. ";
        String chars = text.chars().distinct().sorted()
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        int vocab = chars.length();
        int steps = text.length() * 4;
        int[] tokens = new int[steps];
        int[] targets = new int[steps];
        for (int t = 0; t < steps; t++) {
            tokens[t] = chars.indexOf(text.charAt(t % text.length()));
            targets[t] = chars.indexOf(text.charAt((t + 1) % text.length()));
        }
        SequenceModel m = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 16))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(16, 64), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(64, vocab))
                .initialize(Init.PYTORCH, 7);
        Batch batch = new Batch(Seq.ofTokens(tokens, steps, 1, null), Targets.classes(targets));
        TrainingConfig cfg = TrainingConfig.builder().epochs(150).carryState(true).build();
        UpdateRule rule = UpdateRule.of(Adam.adam(m.parameters())).learningRate(1e-2).build();
        Trainer trainer = new Trainer(Bptt.truncated(m, new SoftmaxCrossEntropy(), rule, 30, 30), cfg);
        TrainingResult r = trainer.fit(BatchSource.fixed(List.of(batch)), null);
        assertTrue(r.lastTrainLoss() < 0.05, "train loss " + r.lastTrainLoss());

        // Greedy generation from the first character reproduces the text.
        var state = ((RecurrentLayer) m.layers().get("rnn")).stack().newStreamingState(1);
        StringBuilder out = new StringBuilder().append(text.charAt(0));
        int tok = chars.indexOf(text.charAt(0));
        for (int i = 1; i < text.length() * 2; i++) {
            float[] emb = m.layers().get("embed").forward(Seq.ofTokens(new int[] {tok}, 1, 1, null), ForwardContext.inference()).output().values;
            float[] h = ((RecurrentLayer) m.layers().get("rnn")).stack().step(emb, 1, state);
            float[] logits = m.layers().get("head").forward(Seq.ofValues(h, 1, 1, 64, null), ForwardContext.inference()).output().values;
            tok = argmax(logits);
            out.append(chars.charAt(tok));
        }
        assertEquals((text + text).substring(0, out.length()), out.toString());
    }

    @Test
    void gruForecastsASineWave() {
        int steps = 40;
        int batch = 16;
        SplittableRandom rng = new SplittableRandom(3);
        List<Batch> batches = new ArrayList<>();
        for (int n = 0; n < 8; n++) {
            float[] x = new float[steps * batch];
            float[] y = new float[steps * batch];
            for (int b = 0; b < batch; b++) {
                double phase = rng.nextDouble() * 2 * Math.PI;
                for (int t = 0; t < steps; t++) {
                    x[t * batch + b] = (float) Math.sin(phase + 0.3 * t);
                    y[t * batch + b] = (float) Math.sin(phase + 0.3 * (t + 1));
                }
            }
            batches.add(new Batch(Seq.ofValues(x, steps, batch, 1, null), Targets.values(y)));
        }
        SequenceModel m = new SequenceModel(1)
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(1, 24), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(24, 1))
                .initialize(Init.PYTORCH, 5);
        TrainingConfig cfg = TrainingConfig.builder().epochs(60).build();
        Trainer trainer = new Trainer(Bptt.full(m, new MeanSquaredError(), UpdateRule.of(Adam.adam(m.parameters())).learningRate(1e-2).build()), cfg);
        TrainingResult r = trainer.fit(BatchSource.shuffled(batches.subList(0, 6)), BatchSource.fixed(batches.subList(6, 8)));
        assertTrue(r.bestValidationLoss() < 2e-3, "validation MSE " + r.bestValidationLoss());
    }

    @Test
    void bidirectionalLstmReversesSequences() {
        int steps = 8;
        int batch = 32;
        int vocab = 6;
        SplittableRandom rng = new SplittableRandom(4);
        List<Batch> batches = new ArrayList<>();
        for (int n = 0; n < 42; n++) {
            int[] tokens = new int[steps * batch];
            int[] targets = new int[steps * batch];
            for (int b = 0; b < batch; b++) {
                for (int t = 0; t < steps; t++) {
                    tokens[t * batch + b] = rng.nextInt(vocab);
                }
                for (int t = 0; t < steps; t++) {
                    targets[t * batch + b] = tokens[(steps - 1 - t) * batch + b];
                }
            }
            batches.add(new Batch(Seq.ofTokens(tokens, steps, batch, null), Targets.classes(targets)));
        }
        SequenceModel m = new SequenceModel(vocab)
                .add("embed", new Embedding(vocab, 8))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(8, 32).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT),
                        RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(64, vocab))
                .initialize(Init.PYTORCH, 9);
        TrainingConfig cfg = TrainingConfig.builder().epochs(25).build();
        new Trainer(Bptt.full(m, new SoftmaxCrossEntropy(), UpdateRule.of(Adam.adam(m.parameters())).learningRate(1e-2).build()), cfg).fit(BatchSource.shuffled(batches.subList(0, 40)), null);
        int right = 0;
        int total = 0;
        for (Batch b : batches.subList(40, 42)) {
            float[] logits = m.forward(b.input(), ForwardContext.inference()).output().values;
            for (int r = 0; r < steps * batch; r++) {
                float[] row = java.util.Arrays.copyOfRange(logits, r * vocab, (r + 1) * vocab);
                right += argmax(row) == b.targets().classes[r] ? 1 : 0;
                total++;
            }
        }
        assertTrue(right > 0.95 * total, "held-out accuracy " + right + "/" + total);
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
