package io.rnn4j.text;

import io.rnn4j.nn.crf.TagTransitions;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sentences with a tag per word: {@code words.get(s).get(i)} has tag {@code tags.get(s).get(i)};
 * {@code origins.get(s)} says where sentence s starts ("train.txt:1234") for messages. Each word
 * may carry the same number of feature values ({@code features.get(s).get(i)}: a CoNLL file's
 * middle columns, such as conll2000's part-of-speech tag); {@link #featureCount} says how many.
 */
public record TaggedSentences(List<List<String>> words, List<List<String>> tags, List<List<List<String>>> features,
                              List<String> origins) {

    public TaggedSentences {
        if (words.size() != tags.size() || words.size() != origins.size() || words.size() != features.size()) {
            throw new IllegalArgumentException(words.size() + " sentences, " + tags.size() + " tag sequences, " + features.size()
                    + " feature sequences and " + origins.size() + " origins");
        }
        int count = -1;
        for (int s = 0; s < words.size(); s++) {
            if (words.get(s).size() != tags.get(s).size() || words.get(s).size() != features.get(s).size()) {
                throw new IllegalArgumentException(origins.get(s) + ": " + words.get(s).size() + " words but " + tags.get(s).size()
                        + " tags and " + features.get(s).size() + " feature lists");
            }
            for (List<String> f : features.get(s)) {
                if (count >= 0 && f.size() != count) {
                    throw new IllegalArgumentException(origins.get(s) + ": words with " + f.size() + " and " + count + " features");
                }
                count = f.size();
            }
        }
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        features = List.copyOf(features);
        origins = List.copyOf(origins);
    }

    /** Sentences whose words carry no features. */
    public TaggedSentences(List<List<String>> words, List<List<String>> tags, List<String> origins) {
        this(words, tags, noFeatures(words), origins);
    }

    private static List<List<List<String>>> noFeatures(List<List<String>> words) {
        List<List<List<String>>> out = new ArrayList<>(words.size());
        for (List<String> w : words) {
            out.add(java.util.Collections.nCopies(w.size(), List.of()));
        }
        return out;
    }

    /** Feature values per word (0 when there are none). */
    public int featureCount() {
        for (List<List<String>> s : features) {
            if (!s.isEmpty()) {
                return s.get(0).size();
            }
        }
        return 0;
    }

    public int size() {
        return words.size();
    }

    /** Words in all sentences. */
    public long tokens() {
        long n = 0;
        for (List<String> w : words) {
            n += w.size();
        }
        return n;
    }

    /** The tags that occur, sorted. */
    public List<String> tagSet() {
        TreeSet<String> set = new TreeSet<>();
        tags.forEach(set::addAll);
        return List.copyOf(set);
    }

    /** These sentences followed by {@code other}'s. */
    public TaggedSentences concat(TaggedSentences other) {
        if (size() > 0 && other.size() > 0 && featureCount() != other.featureCount()) {
            throw new IllegalArgumentException(other.origins.get(0) + ": words with " + other.featureCount() + " feature columns,"
                    + " but " + origins.get(0) + " has " + featureCount());
        }
        List<List<String>> w = new ArrayList<>(words);
        List<List<String>> t = new ArrayList<>(tags);
        List<List<List<String>>> f = new ArrayList<>(features);
        List<String> o = new ArrayList<>(origins);
        w.addAll(other.words);
        t.addAll(other.tags);
        f.addAll(other.features);
        o.addAll(other.origins);
        return new TaggedSentences(w, t, f, o);
    }

    /** The sentences at {@code indices}, in that order. */
    public TaggedSentences subset(int[] indices) {
        List<List<String>> w = new ArrayList<>();
        List<List<String>> t = new ArrayList<>();
        List<List<List<String>>> f = new ArrayList<>();
        List<String> o = new ArrayList<>();
        for (int i : indices) {
            w.add(words.get(i));
            t.add(tags.get(i));
            f.add(features.get(i));
            o.add(origins.get(i));
        }
        return new TaggedSentences(w, t, f, o);
    }

    /** Sentence i goes to the second part when {@code i % every == every − 1}: a split by sentence. */
    public TaggedSentences[] everyNth(int every) {
        if (every < 2) {
            throw new IllegalArgumentException("every N-th sentence needs N >= 2, got " + every);
        }
        List<Integer> keep = new ArrayList<>();
        List<Integer> held = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            (i % every == every - 1 ? held : keep).add(i);
        }
        return new TaggedSentences[]{subset(keep.stream().mapToInt(Integer::intValue).toArray()),
                subset(held.stream().mapToInt(Integer::intValue).toArray())};
    }

    /**
     * Refuses a tag set that mixes chunk tags (B-, I-, E-, S-) with tags of no scheme, naming
     * where the first odd tag occurs.
     */
    public void checkScheme() {
        String bad = TagTransitions.misfit(tagSet());
        if (bad == null) {
            return;
        }
        for (int s = 0; s < size(); s++) {
            int i = tags.get(s).indexOf(bad);
            if (i >= 0) {
                throw new IllegalArgumentException(origins.get(s) + " (word " + (i + 1) + "): unknown tag scheme: "
                        + TagTransitions.whyMisfit(bad));
            }
        }
    }
}
