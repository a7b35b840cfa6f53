package io.rnn4j.caption;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.rnn4j.seq2seq.Seq2Seq;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The words a captioner writes: id {@link Seq2Seq#END} is "&lt;/s&gt;", id {@link Seq2Seq#START}
 * is "&lt;s&gt;", then every word of the training captions in sorted order.
 */
public final class CaptionVocabulary {

    public static final String END_WORD = "</s>";
    public static final String START_WORD = "<s>";

    private final List<String> words;
    private final Map<String, Integer> ids = new HashMap<>();

    private CaptionVocabulary(List<String> words) {
        if (words.size() < 3 || !END_WORD.equals(words.get(Seq2Seq.END)) || !START_WORD.equals(words.get(Seq2Seq.START))) {
            throw new IllegalArgumentException("a caption vocabulary starts with " + END_WORD + " and " + START_WORD
                    + " and has at least one word, got " + words);
        }
        this.words = List.copyOf(words);
        for (int i = 0; i < words.size(); i++) {
            if (ids.put(words.get(i), i) != null) {
                throw new IllegalArgumentException("the caption vocabulary lists '" + words.get(i) + "' twice");
            }
        }
    }

    /** The vocabulary of these captions. */
    public static CaptionVocabulary of(List<String> captions) {
        TreeSet<String> seen = new TreeSet<>();
        for (String c : captions) {
            for (String w : c.split(" ")) {
                seen.add(w);
            }
        }
        seen.remove(END_WORD);
        seen.remove(START_WORD);
        List<String> words = new ArrayList<>(List.of(END_WORD, START_WORD));
        words.addAll(seen);
        return new CaptionVocabulary(words);
    }

    /** V, END and START included. */
    public int size() {
        return words.size();
    }

    public String word(int id) {
        return words.get(id);
    }

    /** The ids of a caption's words (without START or END); an unknown word is refused by name. */
    public int[] encode(String caption) {
        String[] parts = caption.split(" ");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            Integer id = ids.get(parts[i]);
            if (id == null || id == Seq2Seq.END || id == Seq2Seq.START) {
                throw new IllegalArgumentException("the caption '" + caption + "' has the word '" + parts[i]
                        + "', which the model's vocabulary does not hold");
            }
            out[i] = id;
        }
        return out;
    }

    /** The caption of these ids (END and anything after it dropped). */
    public String decode(int[] tokens) {
        StringBuilder sb = new StringBuilder();
        for (int t : tokens) {
            if (t == Seq2Seq.END) {
                break;
            }
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(words.get(t));
        }
        return sb.toString();
    }

    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        words.forEach(a::add);
        return a;
    }

    public static CaptionVocabulary fromJson(JsonElement e) {
        if (e == null || !e.isJsonArray()) {
            throw new IllegalArgumentException("the caption vocabulary must be a JSON array of words");
        }
        List<String> words = new ArrayList<>();
        for (JsonElement w : e.getAsJsonArray()) {
            words.add(w.getAsString());
        }
        return new CaptionVocabulary(words);
    }
}
