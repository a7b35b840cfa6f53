package io.rnn4j.text;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CoNLL-style column files ({@code conll2000}, {@code wnut17}): one word per line, columns
 * separated by spaces or tabs, the word first and its tag last (chunking's "Confidence NN B-NP":
 * the chunk tag; NER's "word TAB B-person"), the columns between kept as the word's features
 * (conll2000's part-of-speech tag); sentences separated by blank lines (a line of only
 * spaces or tabs is blank); {@code -DOCSTART-} lines skipped. Every word line must have as many
 * columns as the first; a ragged line, invalid UTF-8 or a file without words is refused naming the
 * file and line.
 */
public final class ConllReader {

    private ConllReader() {
    }

    public static TaggedSentences read(Path file) {
        String where = file.toString();
        List<String> lines = TextLines.read(file, where);
        List<List<String>> words = new ArrayList<>();
        List<List<String>> tags = new ArrayList<>();
        List<List<List<String>>> features = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        List<String> w = new ArrayList<>();
        List<String> t = new ArrayList<>();
        List<List<String>> f = new ArrayList<>();
        int columns = -1;
        int firstLine = 0;
        int start = 0;
        for (int i = 0; i <= lines.size(); i++) {
            String line = i < lines.size() ? lines.get(i) : "";
            if (line.isBlank() || line.startsWith("-DOCSTART-")) {
                if (!w.isEmpty()) {
                    words.add(w);
                    tags.add(t);
                    features.add(f);
                    origins.add(file.getFileName() + ":" + (start + 1));
                    w = new ArrayList<>();
                    t = new ArrayList<>();
                    f = new ArrayList<>();
                }
                continue;
            }
            String[] cols = line.strip().split("[ \t]+");
            if (columns < 0) {
                columns = cols.length;
                firstLine = i + 1;
                if (columns < 2) {
                    throw new IllegalArgumentException(where + ":" + (i + 1) + ": one column; expected the word, (other columns"
                            + " and) its tag");
                }
            } else if (cols.length != columns) {
                throw new IllegalArgumentException(where + ":" + (i + 1) + ": " + cols.length + " columns, but line " + firstLine
                        + " has " + columns + " (ragged columns)");
            }
            if (w.isEmpty()) {
                start = i;
            }
            w.add(cols[0]);
            t.add(cols[cols.length - 1]);
            f.add(List.of(java.util.Arrays.copyOfRange(cols, 1, cols.length - 1)));
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(where + " holds no tagged words (expected word ... tag lines, sentences separated"
                    + " by blank lines)");
        }
        TaggedSentences s = new TaggedSentences(words, tags, features, origins);
        s.checkScheme();
        return s;
    }
}
