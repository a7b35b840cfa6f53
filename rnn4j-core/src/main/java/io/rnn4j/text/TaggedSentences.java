package io.rnn4j.text;

import io.rnn4j.nn.crf.TagTransitions;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Sentences with a tag per word: {@code words.get(s).get(i)} has tag {@code tags.get(s).get(i)};
 * {@code origins.get(s)} says where sentence s starts ("train.txt:1234") for messages.
 */
public record TaggedSentences(List<List<String>> words, List<List<String>> tags, List<String> origins) {

    public TaggedSentences {
        if (words.size() != tags.size() || words.size() != origins.size()) {
            throw new IllegalArgumentException(words.size() + " sentences, " + tags.size() + " tag sequences and " + origins.size()
                    + " origins");
        }
        for (int s = 0; s < words.size(); s++) {
            if (words.get(s).size() != tags.get(s).size()) {
                throw new IllegalArgumentException(origins.get(s) + ": " + words.get(s).size() + " words but " + tags.get(s).size()
                        + " tags");
            }
        }
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        origins = List.copyOf(origins);
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
        List<List<String>> w = new ArrayList<>(words);
        List<List<String>> t = new ArrayList<>(tags);
        List<String> o = new ArrayList<>(origins);
        w.addAll(other.words);
        t.addAll(other.tags);
        o.addAll(other.origins);
        return new TaggedSentences(w, t, o);
    }

    /** The sentences at {@code indices}, in that order. */
    public TaggedSentences subset(int[] indices) {
        List<List<String>> w = new ArrayList<>();
        List<List<String>> t = new ArrayList<>();
        List<String> o = new ArrayList<>();
        for (int i : indices) {
            w.add(words.get(i));
            t.add(tags.get(i));
            o.add(origins.get(i));
        }
        return new TaggedSentences(w, t, o);
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
        try {
            TagTransitions.schemeOf(tagSet());
        } catch (IllegalArgumentException e) {
            String bad = e.getMessage().substring(e.getMessage().indexOf('\'') + 1);
            bad = bad.substring(0, bad.indexOf('\''));
            for (int s = 0; s < size(); s++) {
                int i = tags.get(s).indexOf(bad);
                if (i >= 0) {
                    throw new IllegalArgumentException(origins.get(s) + " (word " + (i + 1) + "): unknown tag scheme: "
                            + e.getMessage());
                }
            }
            throw e;
        }
    }
}
