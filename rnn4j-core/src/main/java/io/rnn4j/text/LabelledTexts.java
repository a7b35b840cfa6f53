package io.rnn4j.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Texts with a class each: {@code texts.get(i)} has class {@code classes.get(labels[i])}, and
 * {@code origins.get(i)} says where it came from ("rt-polarity.pos:17") for messages.
 */
public record LabelledTexts(List<String> texts, int[] labels, List<String> classes, List<String> origins) {

    public LabelledTexts {
        if (texts.size() != labels.length || origins.size() != labels.length) {
            throw new IllegalArgumentException(texts.size() + " texts, " + labels.length + " labels and " + origins.size()
                    + " origins");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes.size()) {
                throw new IllegalArgumentException(origins.get(i) + ": class id " + labels[i] + " outside 0.." + (classes.size() - 1));
            }
        }
        texts = List.copyOf(texts);
        labels = labels.clone();
        classes = List.copyOf(classes);
        origins = List.copyOf(origins);
    }

    public int size() {
        return labels.length;
    }

    /** Examples of each class. */
    public int[] classCounts() {
        int[] n = new int[classes.size()];
        for (int l : labels) {
            n[l]++;
        }
        return n;
    }

    /** The examples at {@code indices}, in that order, over the same classes. */
    public LabelledTexts subset(int[] indices) {
        List<String> t = new ArrayList<>(indices.length);
        List<String> o = new ArrayList<>(indices.length);
        int[] l = new int[indices.length];
        for (int i = 0; i < indices.length; i++) {
            t.add(texts.get(indices[i]));
            o.add(origins.get(indices[i]));
            l[i] = labels[indices[i]];
        }
        return new LabelledTexts(t, l, classes, o);
    }

    /**
     * These examples with their labels renumbered to {@code modelClasses} (a model's classes, in
     * its order); a class the model does not know is refused, naming where it first occurs.
     */
    public LabelledTexts relabelled(List<String> modelClasses) {
        int[] map = new int[classes.size()];
        Arrays.fill(map, -1);
        for (int c = 0; c < classes.size(); c++) {
            map[c] = modelClasses.indexOf(classes.get(c));
        }
        int[] l = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            l[i] = map[labels[i]];
            if (l[i] < 0) {
                throw new IllegalArgumentException(origins.get(i) + ": class '" + classes.get(labels[i])
                        + "' was never seen in training; the model knows " + modelClasses);
            }
        }
        return new LabelledTexts(texts, l, modelClasses, origins);
    }
}
