package io.rnn4j.text;

import io.rnn4j.data.WordVocabulary;
import io.rnn4j.nn.Parameter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word vectors in the files word2vec's C tool writes, which gensim's
 * {@code KeyedVectors.load_word2vec_format} reads and writes too:
 * <ul>
 *   <li><b>text</b>: a header line "N D", then one line per word: the word and its D values,
 *       separated by spaces. GloVe's files, which have no header, are read too.</li>
 *   <li><b>binary</b> (a file name ending in {@code .bin}): the same header line, then per word
 *       the word's UTF-8 bytes, a space and D little-endian 32-bit floats; a newline may follow
 *       each vector (the C tool writes one, gensim 4 does not).</li>
 * </ul>
 * Words keep their order. For initialising a model they are matched lower-cased, the first of
 * two that differ only in case winning. Every problem in a file (a wrong header, a line of the
 * wrong width, a value that is not a finite number, fewer or more words than the header says, a
 * cut-off binary file) is refused with one line naming the file and the line or word.
 */
public final class WordVectors {

    private final List<String> words;
    private final float[][] vectors;
    private final int dim;
    private final Map<String, Integer> lowerCased = new HashMap<>();

    private WordVectors(List<String> words, float[][] vectors, int dim) {
        this.words = List.copyOf(words);
        this.vectors = vectors;
        this.dim = dim;
        for (int i = 0; i < words.size(); i++) {
            lowerCased.putIfAbsent(words.get(i).toLowerCase(Locale.ROOT), i);
        }
    }

    /** Vectors for {@code words}, one row of {@code vectors} each (all of one width). */
    public static WordVectors of(List<String> words, float[][] vectors) {
        if (words.size() != vectors.length || words.isEmpty()) {
            throw new IllegalArgumentException(words.size() + " words for " + vectors.length + " vectors; need at least one of each");
        }
        int dim = vectors[0].length;
        for (int i = 0; i < vectors.length; i++) {
            String w = words.get(i);
            if (w.isEmpty() || w.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("word " + (i + 1) + " ('" + w + "') is empty or holds white space, which the"
                        + " word2vec formats cannot store");
            }
            if (vectors[i].length != dim || dim < 1) {
                throw new IllegalArgumentException("vector " + (i + 1) + " has " + vectors[i].length + " values, the first has " + dim);
            }
        }
        return new WordVectors(words, vectors.clone(), dim);
    }

    /** Reads a vector file: binary when its name ends in {@code .bin}, else text. */
    public static WordVectors read(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".bin") ? readBinary(file) : readText(file);
    }

    /** Reads the text format (with or without the "N D" header line). */
    public static WordVectors readText(Path file) {
        List<String> lines = TextLines.read(file, file.toString());
        List<String> words = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        int dim = -1;
        long declared = -1;
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).strip().split(" +");
            if (parts.length == 1 && parts[0].isEmpty()) {
                continue;
            }
            if (i == 0 && parts.length == 2 && parts[0].matches("\\d+") && parts[1].matches("\\d+")) {
                declared = Long.parseLong(parts[0]);
                dim = Integer.parseInt(parts[1]);
                if (dim < 1) {
                    throw new IllegalArgumentException(file + ":1: the header declares " + dim + " dimensions");
                }
                continue;
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
            words.add(parts[0]);
            vectors.add(v);
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no word vectors");
        }
        if (declared >= 0 && declared != words.size()) {
            throw new IllegalArgumentException(file + ":1: the header declares " + declared + " words, the file holds "
                    + words.size());
        }
        return new WordVectors(words, vectors.toArray(new float[0][]), dim);
    }

    /** Reads the binary format. */
    public static WordVectors readBinary(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
        int at = 0;
        while (at < bytes.length && bytes[at] != '\n') {
            at++;
        }
        String header = new String(bytes, 0, at, StandardCharsets.UTF_8).strip();
        String[] parts = header.split(" +");
        if (at == bytes.length || parts.length != 2 || !parts[0].matches("\\d+") || !parts[1].matches("\\d+")
                || Integer.parseInt(parts[1]) < 1) {
            throw new IllegalArgumentException(file + ": the first line must be the header 'words dimensions' of the binary"
                    + " word2vec format, got '" + (header.length() > 40 ? header.substring(0, 40) + "…" : header) + "'");
        }
        long count = Long.parseLong(parts[0]);
        int dim = Integer.parseInt(parts[1]);
        at++;
        if (count > (bytes.length - at) / (4L * dim + 2)) {
            throw new IllegalArgumentException(file + ": the header declares " + count + " words of " + dim + " values, more than"
                    + " its " + bytes.length + " bytes can hold");
        }
        List<String> words = new ArrayList<>();
        float[][] vectors = new float[(int) count][];
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < count; i++) {
            while (at < bytes.length && bytes[at] == '\n') {
                at++;
            }
            int start = at;
            while (at < bytes.length && bytes[at] != ' ') {
                at++;
            }
            if (at >= bytes.length || at == start || at + 1 + 4L * dim > bytes.length) {
                throw new IllegalArgumentException(file + ": cut off at word " + (i + 1) + " of " + count);
            }
            String w = TextLines.decode(java.util.Arrays.copyOfRange(bytes, start, at), file + " word " + (i + 1));
            at++;
            float[] v = new float[dim];
            for (int d = 0; d < dim; d++) {
                v[d] = buf.getFloat(at);
                at += 4;
                if (!Float.isFinite(v[d])) {
                    throw new IllegalArgumentException(file + ": value " + (d + 1) + " of word " + (i + 1) + " ('" + w
                            + "') is not finite");
                }
            }
            words.add(w);
            vectors[i] = v;
        }
        while (at < bytes.length && bytes[at] == '\n') {
            at++;
        }
        if (at != bytes.length) {
            throw new IllegalArgumentException(file + ": " + (bytes.length - at) + " bytes after the " + count + " words the header"
                    + " declares");
        }
        return new WordVectors(words, vectors, dim);
    }

    /** Writes the text format (header, then a line per word), atomically. */
    public void writeText(Path file) throws IOException {
        StringBuilder s = new StringBuilder().append(words.size()).append(' ').append(dim).append('\n');
        for (int i = 0; i < words.size(); i++) {
            s.append(words.get(i));
            for (float x : vectors[i]) {
                s.append(' ').append(x);
            }
            s.append('\n');
        }
        atomically(file, s.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the binary format as word2vec's C tool does (a newline after each vector), atomically. */
    public void writeBinary(Path file) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((words.size() + " " + dim + "\n").getBytes(StandardCharsets.UTF_8));
        ByteBuffer v = ByteBuffer.allocate(4 * dim).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < words.size(); i++) {
            out.write((words.get(i) + " ").getBytes(StandardCharsets.UTF_8));
            v.clear();
            for (float x : vectors[i]) {
                v.putFloat(x);
            }
            out.write(v.array());
            out.write('\n');
        }
        atomically(file, out.toByteArray());
    }

    private static void atomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            try (OutputStream o = Files.newOutputStream(tmp)) {
                o.write(bytes);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public int dim() {
        return dim;
    }

    public int size() {
        return words.size();
    }

    /** The words, in file order. */
    public List<String> words() {
        return words;
    }

    /** The vector of word i (a copy). */
    public float[] vector(int i) {
        return vectors[i].clone();
    }

    /** Whether the file has a vector for {@code word} (case ignored, as {@link #copyInto} looks words up). */
    public boolean has(String word) {
        return lowerCased.containsKey(word.toLowerCase(Locale.ROOT));
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
            Integer row = lowerCased.get(vocabulary.decode(id).toLowerCase(Locale.ROOT));
            if (row != null) {
                for (int d = 0; d < dim; d++) {
                    table.set(id * dim + d, vectors[row][d]);
                }
                found++;
            }
        }
        return found;
    }
}
