package io.rnn4j.examples;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.data.TextSampler;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;

/**
 * Tutorial chapter 6: the first application, a character language model that writes text. An
 * embedding, a 2-layer LSTM and a softmax over the characters, trained by truncated BPTT: the
 * text is cut into B parallel streams, each read in windows of T characters, and the state is
 * carried from one window to the next while the gradient stops at the window's edge (BPTT(T; T)).
 * Generation feeds each sampled character back in:
 * <pre>
 *   p(c_{t+1} | c_1 … c_t) = softmax(V·h_t / τ)        τ: the temperature (lower: safer, duller)
 * </pre>
 */
public final class TextGeneration {

    /** The opening of A Tale of Two Cities (Dickens, 1859; public domain). */
    static final String TEXT = """
            It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of \
            foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, \
            it was the season of Darkness, it was the spring of hope, it was the winter of despair, we had \
            everything before us, we had nothing before us, we were all going direct to Heaven, we were all going \
            direct the other way.
            """;

    /** Loss (nats/char) at the first and last update, and the samples at two temperatures. */
    public record Result(double firstLoss, double lastLoss, String cool, String warm) {
    }

    private TextGeneration() {
    }

    public static void main(String... args) {
        run(Arrays.asList(args).contains("--short"), System.out);
    }

    public static Result run(boolean quick, PrintStream out) {
        CharVocabulary vocab = CharVocabulary.of(TEXT);
        int v = vocab.size();
        int[] ids = vocab.encode(TEXT.repeat(20));
        SequenceModel model = new SequenceModel(v)
                .add("embed", new Embedding(v, 16))
                .add("lstm", new RecurrentLayer(RecurrentConfig.lstm(16, 64).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(64, v))
                .initialize(Init.PYTORCH, 1);
        UpdateRule rule = UpdateRule.of(Adam.adam(model.parameters())).learningRate(0.01).clipNorm(5).build();
        int epochs = quick ? 3 : 15;
        double[] first = {Double.NaN};
        Trainer trainer = new Trainer(Bptt.truncated(model, new SoftmaxCrossEntropy(), rule, 50, 50),
                TrainingConfig.builder().epochs(epochs).carryState(true).seed(1).build())
                .addListener(m -> {
                    if (!m.hasValidation() && Double.isNaN(first[0])) {
                        first[0] = m.trainLoss();
                    }
                });
        out.printf(Locale.ROOT, "char LSTM 2x64 (%,d parameters) on %,d characters (vocabulary %d), 8 streams x 50 steps%n",
                model.parameters().size(), ids.length, v);
        TrainingResult r = trainer.fit(BatchSource.fixed(LanguageModelBatches.of(ids, 50, 8)), null);
        out.printf(Locale.ROOT, "%d updates in %.1f s: loss %.3f -> %.3f nats/char%n", r.steps(), r.seconds(), first[0],
                r.lastTrainLoss());
        TextSampler sampler = new TextSampler(model, vocab);
        String cool = sampler.sample("It was the ", 120, 0.5, 0, 1.0, 7, s -> { });
        String warm = sampler.sample("It was the ", 120, 1.2, 0, 1.0, 7, s -> { });
        out.println("temperature 0.5: It was the " + cool.replace('\n', ' '));
        out.println("temperature 1.2: It was the " + warm.replace('\n', ' '));
        return new Result(first[0], r.lastTrainLoss(), cool, warm);
    }
}
