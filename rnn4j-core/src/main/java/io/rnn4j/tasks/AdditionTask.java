package io.rnn4j.tasks;

import io.rnn4j.loss.SoftmaxCrossEntropy;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.attention.Attention;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.optim.Adam;
import io.rnn4j.seq2seq.Decoding;
import io.rnn4j.seq2seq.Seq2Seq;
import io.rnn4j.seq2seq.Seq2SeqConfig;
import io.rnn4j.train.Batch;
import io.rnn4j.train.BatchSource;
import io.rnn4j.train.Bptt;
import io.rnn4j.train.Objective;
import io.rnn4j.train.Trainer;
import io.rnn4j.train.TrainingConfig;
import io.rnn4j.train.TrainingResult;
import io.rnn4j.train.UpdateRule;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Addition as translation (Sutskever et al. 2014's toy; the Keras {@code addition_rnn} example):
 * an encoder–decoder reads the characters of {@code "535+61"} and writes {@code "596"}. Each
 * number has 1 to 3 digits (the digit count uniform, then the value uniform among numbers of
 * that many digits). The model trains on fresh random questions, none of them among the 10,000
 * held-out test questions or the 2,000 validation questions; training stops once greedy decoding
 * gets the validation set {@link #PASS} right, or at the time budget, and exact match on the test
 * set is reported.
 */
public final class AdditionTask {

    /** Exact-match accuracy the task must reach on the held-out questions. */
    public static final double PASS = 0.99;
    /** Validation exact match at which training stops, a margin above {@link #PASS}. */
    public static final double STOP = 0.995;
    public static final int TEST_QUESTIONS = 10_000;
    public static final int VALIDATION_QUESTIONS = 2_000;
    /** Source ids: digits 0–9 are 0–9, '+' is 10. */
    static final int PLUS = 10;

    /** Sizes and budget. */
    public record Settings(int batch, double learningRate, double maxSeconds, int checkEvery, long seed) {

        public static Settings defaults(long seed) {
            return new Settings(128, 3e-3, 300, 200, seed);
        }
    }

    /**
     * @param testAccuracy       exact match on the test questions
     * @param validationAccuracy exact match on the validation questions at the end
     * @param updates            training updates
     * @param questions          training questions seen
     * @param seconds            wall time of training
     */
    public record Result(double testAccuracy, double validationAccuracy, long updates, long questions, double seconds,
                         List<String> samples) {

        public boolean passed() {
            return testAccuracy >= PASS;
        }
    }

    /** The model the task trains: a small LSTM encoder–decoder with Luong general attention. */
    public static Seq2SeqConfig modelConfig() {
        return new Seq2SeqConfig(11, 12, RecurrentConfig.CellType.LSTM, 32, 128, 1, true, 128, 1,
                Attention.Score.GENERAL, 0, true, 0f);
    }

    /** A question a+b as source ids and its answer as target ids (digit d is target id d + 2). */
    record Question(int a, int b) {

        int[] source() {
            String s = a + "+" + b;
            int[] ids = new int[s.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = s.charAt(i) == '+' ? PLUS : s.charAt(i) - '0';
            }
            return ids;
        }

        int[] target() {
            String s = Integer.toString(a + b);
            int[] ids = new int[s.length()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = s.charAt(i) - '0' + 2;
            }
            return ids;
        }

        static Question draw(SplittableRandom rng) {
            return new Question(rng.nextInt(1000), rng.nextInt(1000));
        }
    }

    /** n distinct questions, none in {@code exclude}, which receives them. */
    static List<Question> distinct(int n, SplittableRandom rng, Set<Question> exclude) {
        List<Question> out = new ArrayList<>(n);
        while (out.size() < n) {
            Question q = Question.draw(rng);
            if (exclude.add(q)) {
                out.add(q);
            }
        }
        return out;
    }

    /** Trains and scores one model; {@code log} receives progress lines. */
    public static Result run(Settings settings, Consumer<String> log) {
        SplittableRandom rng = new SplittableRandom(settings.seed());
        Set<Question> heldOut = new HashSet<>();
        List<Question> test = distinct(TEST_QUESTIONS, rng, heldOut);
        List<Question> validation = distinct(VALIDATION_QUESTIONS, rng, heldOut);
        Seq2Seq model = new Seq2Seq(modelConfig()).initialize(Init.PYTORCH, settings.seed());
        UpdateRule rule = UpdateRule.of(Adam.adam(model.model().parameters())).learningRate(settings.learningRate())
                .clipNorm(1.0).build();
        Trainer trainer = new Trainer(Bptt.full(model.model(), Objective.of(new Objective.Term("logits",
                new SoftmaxCrossEntropy(), 1.0)), rule),
                TrainingConfig.builder().epochs(Integer.MAX_VALUE).maxSeconds(settings.maxSeconds()).seed(settings.seed()).build());
        double[] lastValidation = {0};
        long start = System.nanoTime();
        trainer.addListener(m -> {
            if (m.step() % settings.checkEvery() == 0 && !m.hasValidation()) {
                lastValidation[0] = accuracy(model, validation, null);
                log.accept(String.format(java.util.Locale.ROOT, "  update %6d  %6.1f s  loss %.4f  validation exact match %.2f%%",
                        m.step(), m.elapsedSeconds(), m.trainLoss(), 100 * lastValidation[0]));
                if (lastValidation[0] >= STOP) {
                    trainer.requestStop();
                }
            }
        });
        BatchSource fresh = (epoch, seed) -> {
            SplittableRandom r = new SplittableRandom(seed * 1_000_003L + epoch);
            List<Batch> batches = new ArrayList<>();
            for (int k = 0; k < 50; k++) {
                List<int[]> src = new ArrayList<>();
                List<int[]> tgt = new ArrayList<>();
                while (src.size() < settings.batch()) {
                    Question q = Question.draw(r);
                    if (!heldOut.contains(q)) {
                        src.add(q.source());
                        tgt.add(q.target());
                    }
                }
                batches.add(model.batch(src, tgt));
            }
            return batches;
        };
        TrainingResult r = trainer.fit(fresh, null);
        double seconds = (System.nanoTime() - start) / 1e9;
        List<String> samples = new ArrayList<>();
        double testAccuracy = accuracy(model, test, samples);
        return new Result(testAccuracy, accuracy(model, validation, null), r.steps(), r.steps() * settings.batch(), seconds,
                samples);
    }

    /** Exact match of greedy decoding; the first ten answers go to {@code samples} when given. */
    static double accuracy(Seq2Seq model, List<Question> questions, List<String> samples) {
        int right = 0;
        int chunk = 500;
        for (int i = 0; i < questions.size(); i += chunk) {
            List<Question> part = questions.subList(i, Math.min(questions.size(), i + chunk));
            List<int[]> src = new ArrayList<>();
            for (Question q : part) {
                src.add(q.source());
            }
            List<Decoding.Hypothesis> out = Decoding.greedy(model, src, 5, null);
            for (int k = 0; k < part.size(); k++) {
                Question q = part.get(k);
                String answer = answer(out.get(k).tokens());
                boolean ok = out.get(k).finished() && answer.equals(Integer.toString(q.a() + q.b()));
                right += ok ? 1 : 0;
                if (samples != null && samples.size() < 10) {
                    samples.add(q.a() + "+" + q.b() + " = " + answer + (ok ? "" : "  (wrong: " + (q.a() + q.b()) + ")"));
                }
            }
        }
        return right / (double) questions.size();
    }

    private static String answer(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            sb.append((char) ('0' + t - 2));
        }
        return sb.toString();
    }
}
