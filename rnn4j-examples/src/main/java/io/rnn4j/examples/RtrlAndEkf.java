package io.rnn4j.examples;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.LanguageModelBatches;
import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.OneHot;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.optim.Adam;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.OnlineLearning;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingStrategy;
import io.rnn4j.train.UpdateRule;
import io.rnn4j.train.ekf.EkfConfig;
import io.rnn4j.train.rtrl.RtrlNetwork;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Tutorial chapter 2: the same kind of network trained online, one update per character, by
 * real-time recurrent learning and by the extended Kalman filter. Neither unrolls the network:
 * RTRL carries the sensitivities P_t = ∂s_t/∂θ forward,
 * <pre>
 *   P_t = D_t·(W·P_{t−1} + ∂(U·x_t + W·s_{t−1} + b)/∂θ),   D_t = diag(1 − s_t²)
 *   ∇_θ L_t = (∂L_t/∂s_t)·P_t                                the exact gradient, at every step
 * </pre>
 * and the EKF treats the weights as the state of a filter, with the output's Jacobian
 * H_t = ∂o_t/∂θ = (∂o_t/∂s_t)·P_t from the same recursion:
 * <pre>
 *   K_t = P_t^θ·H_tᵀ·(H_t·P_t^θ·H_tᵀ + R_t)⁻¹      θ ← θ + K_t·(y_t − o_t)
 *   P_t^θ ← P_t^θ − K_t·H_t·P_t^θ + Q_t             (P^θ: the weights' covariance)
 * </pre>
 * RTRL costs O(n⁴) per step for n units, which is why the network here is small.
 */
public final class RtrlAndEkf {

    static final String TEXT = ElmanBptt.TEXT;
    static final int HIDDEN = 8;

    /** Mean loss (nats/char) over the text before and after each way of training. */
    public record Result(double before, double afterRtrl, double afterEkf, long multiplyAddsPerStep) {
    }

    private RtrlAndEkf() {
    }

    public static void main(String... args) {
        run(Arrays.asList(args).contains("--short"), System.out);
    }

    public static Result run(boolean quick, PrintStream out) {
        CharVocabulary vocab = CharVocabulary.of(TEXT);
        int v = vocab.size();
        int[] ids = vocab.encode(TEXT.repeat(quick ? 6 : 20));
        List<Batch> stream = LanguageModelBatches.stream(ids, v, 48); // one stream, the state carried through
        List<Batch> text = LanguageModelBatches.stream(vocab.encode(TEXT.repeat(2)), v, 48);

        SequenceModel rtrlNet = network(v);
        double before = Trainer.evaluate(rtrlNet, new SoftmaxCrossEntropy(), BatchSource.fixed(text), true, 0);
        out.printf(Locale.ROOT, "Elman RNN, %d hidden units, %d parameters; loss before training %.3f nats/char%n",
                HIDDEN, rtrlNet.parameters().size(), before);
        long work = RtrlNetwork.specOf(rtrlNet).multiplyAddsPerStep();
        out.printf(Locale.ROOT, "RTRL: %,d multiply-adds per step to carry P_t forward%n", work);

        UpdateRule rule = UpdateRule.of(Adam.adam(rtrlNet.parameters())).learningRate(0.01).clipNorm(5).build();
        double afterRtrl = train("RTRL", rtrlNet, OnlineLearning.rtrl(rtrlNet, new SoftmaxCrossEntropy(), rule), stream, text, out);

        SequenceModel ekfNet = network(v);
        double afterEkf = train("EKF", ekfNet, OnlineLearning.ekf(ekfNet, new SoftmaxCrossEntropy(), EkfConfig.defaults()),
                stream, text, out);
        return new Result(before, afterRtrl, afterEkf, work);
    }

    /** The same initial weights for both (seed 1). */
    private static SequenceModel network(int v) {
        return new SequenceModel(v)
                .add("x", new OneHot(v))
                .add("s", new RecurrentLayer(RecurrentConfig.rnn(v, HIDDEN), RecurrentLayer.Output.SEQUENCE))
                .add("o", new Dense(HIDDEN, v))
                .initialize(Init.PYTORCH, 1);
    }

    private static double train(String name, SequenceModel net, TrainingStrategy online, List<Batch> stream, List<Batch> text,
                                PrintStream out) {
        long start = System.nanoTime();
        var result = new Trainer(online, TrainingConfig.builder().epochs(1).carryState(true).seed(1).build())
                .fit(BatchSource.fixed(stream), null);
        double after = Trainer.evaluate(net, new SoftmaxCrossEntropy(), BatchSource.fixed(text), true, 0);
        out.printf(Locale.ROOT, "%-4s  %,d updates (one per character) in %.1f s; loss after %.3f nats/char%n", name,
                result.steps(), (System.nanoTime() - start) / 1e9, after);
        return after;
    }
}
