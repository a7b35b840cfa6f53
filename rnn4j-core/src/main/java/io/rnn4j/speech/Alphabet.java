package io.rnn4j.speech;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import java.util.Arrays;
import java.util.Collection;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The characters a recogniser writes. Output 0 is CTC's blank; output i (1 ≤ i ≤ size) is the
 * i-th character, in code-point order. Transcripts are {@linkplain #normalize normalised} before
 * they are encoded.
 */
public final class Alphabet {

    /** The blank's index in the model's output. */
    public static final int BLANK = 0;

    private final int[] codePoints;

    public Alphabet(int[] codePoints) {
        int[] sorted = codePoints.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            if (i > 0 && sorted[i] == sorted[i - 1]) {
                throw new IllegalArgumentException("the alphabet lists '" + new String(Character.toChars(sorted[i])) + "' twice");
            }
        }
        if (sorted.length == 0) {
            throw new IllegalArgumentException("the alphabet is empty: the transcripts have no characters");
        }
        this.codePoints = sorted;
    }

    /** The characters of the normalised transcripts. */
    public static Alphabet of(Collection<String> transcripts) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (String t : transcripts) {
            normalize(t).codePoints().forEach(seen::add);
        }
        return new Alphabet(seen.stream().mapToInt(Integer::intValue).toArray());
    }

    /**
     * Lower case; every character that is not a letter, a digit or an apostrophe becomes a space;
     * runs of spaces become one; no space at either end. "Don't stop, Tom!" → "don't stop tom".
     */
    public static String normalize(String transcript) {
        StringBuilder out = new StringBuilder();
        boolean space = false;
        for (int cp : transcript.toLowerCase(Locale.ROOT).codePoints().toArray()) {
            if (Character.isLetterOrDigit(cp) || cp == '\'' || cp == '\u2019') {
                if (space && out.length() > 0) {
                    out.append(' ');
                }
                space = false;
                out.appendCodePoint(cp == '\u2019' ? '\'' : cp);
            } else {
                space = true;
            }
        }
        return out.toString();
    }

    /** Characters, not counting the blank. */
    public int size() {
        return codePoints.length;
    }

    /** Outputs of the model: the characters and the blank. */
    public int outputs() {
        return codePoints.length + 1;
    }

    /**
     * The labels of a normalised transcript.
     *
     * @param where names the transcript in the message when a character is not in the alphabet
     */
    public int[] encode(String normalized, String where) {
        int[] cps = normalized.codePoints().toArray();
        int[] out = new int[cps.length];
        for (int i = 0; i < cps.length; i++) {
            int k = Arrays.binarySearch(codePoints, cps[i]);
            if (k < 0) {
                throw new IllegalArgumentException(where + ": the transcript has '" + new String(Character.toChars(cps[i]))
                        + "' (U+" + String.format(Locale.ROOT, "%04X", cps[i]) + "), which is not in the model's alphabet \""
                        + this + "\"");
            }
            out[i] = k + 1;
        }
        return out;
    }

    /** Whether every character of the normalised transcript is in the alphabet. */
    public boolean covers(String normalized) {
        return normalized.codePoints().allMatch(cp -> Arrays.binarySearch(codePoints, cp) >= 0);
    }

    /** The text of labels (blanks, if any, are skipped). */
    public String decode(int[] labels) {
        StringBuilder s = new StringBuilder();
        for (int l : labels) {
            if (l != BLANK) {
                s.appendCodePoint(codePoints[l - 1]);
            }
        }
        return s.toString();
    }

    /** The character of output {@code label} (≥ 1). */
    public int codePoint(int label) {
        return codePoints[label - 1];
    }

    public JsonArray toJson() {
        JsonArray a = new JsonArray();
        for (int cp : codePoints) {
            a.add(new String(Character.toChars(cp)));
        }
        return a;
    }

    public static Alphabet fromJson(JsonElement json) {
        if (json == null || !json.isJsonArray()) {
            throw new IllegalArgumentException("the speech model's \"alphabet\" must be a JSON array of characters");
        }
        JsonArray a = json.getAsJsonArray();
        int[] cps = new int[a.size()];
        for (int i = 0; i < cps.length; i++) {
            String s = a.get(i).getAsString();
            if (s.codePointCount(0, s.length()) != 1) {
                throw new IllegalArgumentException("the speech model's alphabet entry " + i + " is not one character: \"" + s + "\"");
            }
            cps[i] = s.codePointAt(0);
        }
        return new Alphabet(cps);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (int cp : codePoints) {
            s.appendCodePoint(cp);
        }
        return s.toString();
    }
}
