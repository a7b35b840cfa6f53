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
}
