package io.rnn4j.examples;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.TextSampler;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.UpdateRule;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * Tutorial chapter 1: an Elman network trained by backpropagation through time to predict the
 * next character of a short text.
 * <pre>
 *   s_t = tanh(U·x_t + W·s_{t−1} + b)      x_t: the one-hot character, s_t: H hidden units
 *   o_t = softmax(V·s_t + c)               the distribution of the next character
 *   L   = −Σ_t log o_t[y_t]                cross-entropy against the character that follows
 * </pre>
 * U, W and V are shared by every step. BPTT unrolls the network over a window of T steps and
 * sums each weight's gradient over them.
 *
 * <p>{@code java ... io.rnn4j.examples.ElmanBptt [--short]}
 */
public final class ElmanBptt {

    /** The text the network learns: short, so that a few seconds of training get it right. */
    static final String TEXT = "the cat sat on the mat. the dog sat on the log. ";

    static final int HIDDEN = 32;
    static final int WINDOW = 24;

    /** The loss (nats per character) before and after training, and what the trained network writes. */
    public record Result(double firstLoss, double lastLoss, String continuation) {
    }

    private ElmanBptt() {
    }

    public static void main(String... args) {
        run(Arrays.asList(args).contains("--short"), System.out);
    }

    public static Result run(boolean quick, PrintStream out) {
        CharVocabulary vocab = CharVocabulary.of(TEXT);
        int v = vocab.size();
        int[] ids = vocab.encode(TEXT.repeat(16));
        SequenceModel model = new SequenceModel(v)
                .add("x", new OneHot(v))                                                         // x_t
                .add("s", new RecurrentLayer(RecurrentConfig.rnn(v, HIDDEN), RecurrentLayer.Output.SEQUENCE)) // U, W
                .add("o", new Dense(HIDDEN, v))                                                  // V (softmax in the loss)
                .initialize(Init.PYTORCH, 1);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(0.01).clipNorm(5).build();
        int epochs = quick ? 10 : 40;
        // 8 windows of T = 24 characters side by side; every window starts from s_0 = 0
        Trainer trainer = new Trainer(Bptt.full(model, new SoftmaxCrossEntropy(), rule),
                TrainingConfig.builder().epochs(epochs).seed(1).build());
        double[] losses = new double[2];
        losses[0] = Double.NaN;
        trainer.addListener(m -> {
            if (m.hasValidation()) {
                return;
            }
            if (Double.isNaN(losses[0])) {
                losses[0] = m.trainLoss();
            }
            losses[1] = m.trainLoss();
            if (m.step() % (quick ? 10 : 40) == 0) {
                out.printf(java.util.Locale.ROOT, "update %4d  loss %.3f nats/char%n", m.step(), m.trainLoss());
            }
        });
        out.printf("Elman RNN: %d characters in, %d hidden units, %d parameters; BPTT over windows of %d%n",
                v, HIDDEN, model.parameters().size(), WINDOW);
        trainer.fit(BatchSource.fixed(LanguageModelBatches.of(ids, WINDOW, 8)), null);
        // greedy (top-k 1): the most likely character at every step
        String continuation = new TextSampler(model, vocab).sample("the d", 40, 1.0, 1, 1.0, 1, s -> { });
        out.println("after training, \"the d\" continues as: \"the d" + continuation + "\"");
        return new Result(losses[0], losses[1], continuation);
    }
}
