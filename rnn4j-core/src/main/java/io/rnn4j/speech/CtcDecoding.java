package io.rnn4j.speech;

import java.util.ArrayList;
import java.util.List;

/** Best-path (greedy) CTC decoding: the most likely symbol of each frame, repeats merged, blanks dropped. */
public final class CtcDecoding {

    private CtcDecoding() {
    }

    /** The labels of {@code scores} (T × C, any monotone scores: logits or probabilities) read greedily. */
    public static int[] greedy(double[] scores, int frames, int classes, int blank) {
        List<Integer> out = new ArrayList<>();
        int previous = -1;
        for (int t = 0; t < frames; t++) {
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (scores[t * classes + k] > scores[t * classes + best]) {
                    best = k;
                }
            }
            if (best != blank && best != previous) {
                out.add(best);
            }
            previous = best;
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The fewest frames CTC can align {@code labels} to: one per label, plus a blank between each pair of equal neighbours. */
    public static int minimumFrames(int[] labels) {
        int frames = labels.length;
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                frames++;
            }
        }
        return frames;
    }

    /**
     * Closed-vocabulary decoding: the index of the candidate label sequence with the highest CTC
     * probability (the lowest {@link CtcLoss}) under {@code scores} (T × C log-probabilities or
     * logits); ties go to the first.
     */
    public static int mostLikely(double[] scores, int frames, int classes, List<int[]> candidates, int blank) {
        int best = -1;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (int i = 0; i < candidates.size(); i++) {
            double loss = CtcLoss.of(scores, frames, classes, candidates.get(i), blank).loss();
            if (best < 0 || loss < bestLoss) {
                best = i;
                bestLoss = loss;
            }
        }
        return best;
    }
}
