package io.rnn4j.data;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Sentence pairs of a parallel corpus in the Tatoeba / manythings.org format: one pair per line,
 * {@code first<TAB>second[<TAB>attribution]}, UTF-8 (a byte-order mark is allowed), empty lines
 * skipped. For {@code tatoeba-cmn-eng/cmn.txt} the first column is English and the second
 * Chinese; the attribution is kept, as the CC BY licence asks.
 *
 * <p>{@link #split} is the split rnn4j reports translation results on. The same English sentence
 * often has several translations, so the split goes by first-column sentence: the distinct
 * first-column sentences are numbered k = 0, 1, 2, … in order of first appearance, and sentence k
 * with all its pairs goes to test when k mod 20 = 0, to dev when k mod 20 = 1, and to train
 * otherwise. No sentence is in two parts.
 */
public final class ParallelCorpus {

    private ParallelCorpus() {
    }

    /**
     * One pair.
     *
     * @param first       the first column (English in cmn.txt)
     * @param second      the second column (Chinese in cmn.txt)
     * @param attribution the third column, or "" when the line has none
     */
    public record Pair(String first, String second, String attribution) {
    }

    /** The three parts of {@link #split}, each in file order. */
    public record Split(List<Pair> train, List<Pair> dev, List<Pair> test) {
    }

    /**
     * Reads a pair file. A line without a tab, or with an empty side, is refused with its line
     * number; so is text that is not UTF-8.
     */
    public static List<Pair> read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file); // strict UTF-8: malformed bytes throw
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + " is not UTF-8 text");
        }
        return parse(text, file.getFileName().toString());
    }

    /** Parses the text of a pair file; {@code name} goes into the messages. */
    public static List<Pair> parse(String text, String name) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<Pair> pairs = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            String[] cols = line.split("\t", -1);
            String where = name + " line " + (i + 1);
            if (cols.length < 2) {
                throw new IllegalArgumentException(where + ": expected two tab-separated columns (and an optional"
                        + " attribution), found one");
            }
            if (cols.length > 3) {
                throw new IllegalArgumentException(where + ": expected at most three tab-separated columns, found "
                        + cols.length);
            }
            if (cols[0].isBlank()) {
                throw new IllegalArgumentException(where + ": the first column (source sentence) is empty");
            }
            if (cols[1].isBlank()) {
                throw new IllegalArgumentException(where + ": the second column (target sentence) is empty");
            }
            pairs.add(new Pair(cols[0].strip(), cols[1].strip(), cols.length == 3 ? cols[2].strip() : ""));
        }
        return pairs;
    }

    /** The split by first-column sentence described in the class comment. */
    public static Split split(List<Pair> pairs) {
        Map<String, Integer> number = new HashMap<>();
        List<Pair> train = new ArrayList<>();
        List<Pair> dev = new ArrayList<>();
        List<Pair> test = new ArrayList<>();
        for (Pair p : pairs) {
            int k = number.computeIfAbsent(p.first(), s -> number.size());
            switch (k % 20) {
                case 0 -> test.add(p);
                case 1 -> dev.add(p);
                default -> train.add(p);
            }
        }
        return new Split(List.copyOf(train), List.copyOf(dev), List.copyOf(test));
    }
}
