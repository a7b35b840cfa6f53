package io.rnn4j.text;

import io.rnn4j.data.WordVocabulary;
import io.rnn4j.nn.Parameter;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Pre-trained word vectors in the text format word2vec ({@code -binary 0}) and GloVe write: one
 * word per line followed by its D values, separated by spaces; word2vec's first line "N D" is
 * skipped. Words are matched lower-cased, the first occurrence winning.
 */
public final class WordVectors {

    private final Map<String, float[]> vectors;
    private final int dim;

    private WordVectors(Map<String, float[]> vectors, int dim) {
        this.vectors = vectors;
        this.dim = dim;
    }

    /** Reads a vector file; a line of the wrong width or a value that is not a number is refused with its line. */
    public static WordVectors read(Path file) {
        List<String> lines = TextLines.read(file, file.toString());
        Map<String, float[]> vectors = new HashMap<>();
        int dim = -1;
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).strip().split(" +");
            if (parts.length == 1 && parts[0].isEmpty()) {
                continue;
            }
            if (i == 0 && parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                continue; // word2vec's header: words and dimensions
            }
            if (dim < 0) {
                dim = parts.length - 1;
                if (dim < 1) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected a word and its vector values");
                }
            }
            if (parts.length - 1 != dim) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + (parts.length - 1) + " values, the file's vectors have "
                        + dim);
            }
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                try {
                    v[d] = Float.parseFloat(parts[d + 1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": '" + parts[d + 1] + "' is not a number");
                }
                if (!Float.isFinite(v[d])) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": value " + (d + 1) + " is not finite");
                }
            }
            vectors.putIfAbsent(parts[0].toLowerCase(Locale.ROOT), v);
        }
        if (dim < 0) {
            throw new IllegalArgumentException(file + " holds no word vectors");
        }
        return new WordVectors(vectors, dim);
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return vectors.size();
    }

    /**
     * Copies the vector of every vocabulary word that has one into its row of {@code table}
     * (V, D); other rows keep their values.
     *
     * @return how many rows were set
     */
    public int copyInto(WordVocabulary vocabulary, Parameter table) {
        int[] shape = table.shape();
        if (shape.length != 2 || shape[0] != vocabulary.size() || shape[1] != dim) {
            throw new IllegalArgumentException("the embedding is " + java.util.Arrays.toString(shape) + ", the vectors need ("
                    + vocabulary.size() + ", " + dim + "): set the embedding size to " + dim);
        }
        int found = 0;
        for (int id = 1; id < vocabulary.size(); id++) {
            float[] v = vectors.get(vocabulary.decode(id));
            if (v != null) {
                for (int d = 0; d < dim; d++) {
                    table.set(id * dim + d, v[d]);
                }
                found++;
            }
        }
        return found;
    }
}
