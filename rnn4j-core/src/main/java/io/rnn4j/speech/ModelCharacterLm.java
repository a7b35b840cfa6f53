package io.rnn4j.speech;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An rnn4j character language model (as {@code rnn4j train} writes it) as a {@link CharacterLm}.
 * A line starts after a newline; a character's probability is that of its lower- and upper-case
 * forms together (a recogniser writes lower case, a language model may have read both); a
 * character the model does not know gets log(1e-6) and leaves the state as it was.
 */
public final class ModelCharacterLm implements CharacterLm {

    private static final double UNKNOWN = Math.log(1e-6);

    private final SequenceModel model;
    private final CharVocabulary vocabulary;
    private final Map<Integer, Integer> ids = new LinkedHashMap<>();
    private final int newline;

    public ModelCharacterLm(SequenceModel model, CharVocabulary vocabulary) {
        if (model.outputSize() != vocabulary.size()) {
            throw new IllegalArgumentException("the language model scores " + model.outputSize() + " tokens, its vocabulary has "
                    + vocabulary.size());
        }
        this.model = model;
        this.vocabulary = vocabulary;
        int[] cps = vocabulary.codePoints();
        for (int i = 0; i < cps.length; i++) {
            ids.put(cps[i], i);
        }
        Integer nl = ids.get((int) '\n');
        this.newline = nl == null ? -1 : nl;
    }

    public CharVocabulary vocabulary() {
        return vocabulary;
    }

    private final class Point implements State {
        final Map<String, RecurrentState> states;
        final double[] logProbabilities;

        Point(Map<String, RecurrentState> states, double[] logProbabilities) {
            this.states = states;
            this.logProbabilities = logProbabilities;
        }

        @Override
        public double logProbability(int codePoint) {
            int lower = Character.toLowerCase(codePoint);
            int upper = Character.toUpperCase(codePoint);
            Integer a = ids.get(lower);
            Integer b = upper == lower ? null : ids.get(upper);
            if (a == null && b == null) {
                return UNKNOWN;
            }
            double p = Double.NEGATIVE_INFINITY;
            if (a != null) {
                p = logProbabilities[a];
            }
            if (b != null) {
                p = CtcLoss.logAdd(p, logProbabilities[b]);
            }
            return p;
        }

        @Override
        public double logProbabilityOfEnd() {
            return newline < 0 ? 0 : logProbabilities[newline];
        }
    }

    @Override
    public State start() {
        return newline < 0 ? step(null, -1) : step(null, newline);
    }

    @Override
    public State next(State state, int codePoint) {
        Integer id = ids.get(Character.toLowerCase(codePoint));
        if (id == null) {
            id = ids.get(Character.toUpperCase(codePoint));
        }
        return id == null ? state : step((Point) state, id);
    }

    /** The state after token {@code id} (none when −1: the zero state's prediction is unknown, so uniform). */
    private Point step(Point from, int id) {
        // the streaming model steps the states it is given in place: give it copies, the parent's stay as they are
        StreamingModel s = new StreamingModel(model, 1, from == null ? null : copy(from.states));
        if (id < 0) {
            double[] uniform = new double[vocabulary.size()];
            java.util.Arrays.fill(uniform, -Math.log(vocabulary.size()));
            return new Point(s.states(), uniform);
        }
        float[] logits = s.step(Seq.ofTokens(new int[] {id}, 1, 1, null));
        double[] out = Activations.logSoftmax(logits, 0, logits.length, 1.0);
        return new Point(s.states(), out);
    }

    private static Map<String, RecurrentState> copy(Map<String, RecurrentState> states) {
        Map<String, RecurrentState> out = new LinkedHashMap<>();
        states.forEach((k, v) -> out.put(k, v.copy()));
        return out;
    }
}
