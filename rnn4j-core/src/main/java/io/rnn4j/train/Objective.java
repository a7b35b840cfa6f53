package io.rnn4j.train;

import io.rnn4j.loss.Loss;

import java.util.List;

/**
 * What training minimises: {@code Σᵢ weightᵢ · lossᵢ(output ᵢ, targets ᵢ)}, each loss the mean over
 * its own counted rows. A model with one output has one term ({@link #of(Loss)}); a graph may put
 * a weighted loss on each of several outputs ({@link #of(Term...)}). Validation reports the same
 * sum, each term averaged over the whole validation set.
 *
 * @param terms at least one; the outputs named in them must exist in the model
 */
public record Objective(List<Term> terms) {

    /**
     * One loss on one output.
     *
     * @param output the model's output name, or null for its only output
     * @param loss   the loss on that output
     * @param weight its weight in the sum, finite and > 0
     */
    public record Term(String output, Loss loss, double weight) {
        public Term {
            if (loss == null) {
                throw new IllegalArgumentException("a loss term needs a loss");
            }
            if (!(weight > 0) || Double.isInfinite(weight)) {
                throw new IllegalArgumentException("a loss term's weight must be finite and > 0, got " + weight);
            }
        }
    }

    public Objective {
        if (terms == null || terms.isEmpty()) {
            throw new IllegalArgumentException("an objective needs at least one loss term");
        }
        if (terms.size() > 1 && terms.stream().anyMatch(t -> t.output() == null)) {
            throw new IllegalArgumentException("with several loss terms each names its output");
        }
        terms = List.copyOf(terms);
    }

    /** One loss on the model's only output. */
    public static Objective of(Loss loss) {
        return new Objective(List.of(new Term(null, loss, 1.0)));
    }

    /** Weighted losses on named outputs. */
    public static Objective of(Term... terms) {
        return new Objective(List.of(terms));
    }

    /** Whether this is one loss on the model's only output. */
    public boolean single() {
        return terms.size() == 1 && terms.get(0).output() == null;
    }

    /** The loss of a {@link #single()} objective. */
    public Loss loss() {
        if (terms.size() != 1) {
            throw new IllegalStateException("this objective has " + terms.size() + " loss terms");
        }
        return terms.get(0).loss();
    }
}
