package io.rnn4j.word2vec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A word2vec model's whole training state, so that a run can stop after any epoch and go on
 * later to the same end: the settings, the epochs done, the vocabulary with its counts (the
 * noise table, Huffman tree and sub-sampling follow from them) and the input, output and tree
 * vectors. Layout (big-endian, as {@link DataOutputStream} writes):
 *
 * <pre>
 *   "rnn4j-word2vec" (modified UTF-8), version 1
 *   skipGram, cbowMean, hierarchical (booleans); dim, window, negative (ints); sample (double);
 *   minCount, maxVocab, epochs (ints); alpha, minAlpha (doubles); seed (long)
 *   epochsDone (int); V (int); V × (word (modified UTF-8), count (long))
 *   V × D input floats; V × D output floats when negative > 0; (V − 1) × D tree floats when hierarchical
 * </pre>
 */
final class Word2VecFile {

    private static final String MAGIC = "rnn4j-word2vec";
    private static final int VERSION = 1;

    private Word2VecFile() {
    }

    static void write(Word2Vec m, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Word2VecConfig c = m.config();
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeInt(VERSION);
            out.writeBoolean(c.skipGram());
            out.writeBoolean(c.cbowMean());
            out.writeBoolean(c.hierarchical());
            out.writeInt(c.dim());
            out.writeInt(c.window());
            out.writeInt(c.negative());
            out.writeDouble(c.sample());
            out.writeInt(c.minCount());
            out.writeInt(c.maxVocab());
            out.writeInt(c.epochs());
            out.writeDouble(c.alpha());
            out.writeDouble(c.minAlpha());
            out.writeLong(c.seed());
            out.writeInt(m.epochsDone());
            Vocabulary v = m.vocabulary();
            out.writeInt(v.size());
            for (int i = 0; i < v.size(); i++) {
                out.writeUTF(v.word(i));
                out.writeLong(v.count(i));
            }
            writeRows(out, m.input, v.size(), c.dim(), m.stride());
            if (m.output != null) {
                writeRows(out, m.output, v.size(), c.dim(), m.stride());
            }
            if (m.tree != null) {
                writeRows(out, m.tree, v.size() - 1, c.dim(), m.stride());
            }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writeRows(DataOutputStream out, float[] table, int rows, int dim, int stride) throws IOException {
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                out.writeFloat(table[r * stride + j]);
            }
        }
    }

    static Word2Vec read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic;
            try {
                magic = in.readUTF();
            } catch (IOException e) {
                magic = "";
            }
            if (!MAGIC.equals(magic)) {
                throw new IllegalArgumentException(file + ": not an rnn4j word2vec model (word vectors in word2vec's formats"
                        + " are read as --vectors, not resumed)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": word2vec model version " + version + ", this rnn4j reads " + VERSION);
            }
            Word2VecConfig c = new Word2VecConfig(in.readBoolean(), in.readBoolean(), in.readBoolean(), in.readInt(), in.readInt(),
                    in.readInt(), in.readDouble(), in.readInt(), in.readInt(), in.readInt(), in.readDouble(), in.readDouble(),
                    in.readLong());
            int epochsDone = in.readInt();
            int size = in.readInt();
            if (size < 1 || epochsDone < 0 || epochsDone > c.epochs()) {
                throw new IllegalArgumentException(file + ": damaged word2vec model (" + size + " words, " + epochsDone + " epochs done)");
            }
            List<String> words = new ArrayList<>(size);
            long[] counts = new long[size];
            for (int i = 0; i < size; i++) {
                words.add(in.readUTF());
                counts[i] = in.readLong();
            }
            int stride = Word2Vec.stride(c.dim());
            float[] input = readRows(in, size, c.dim(), stride);
            float[] output = c.negative() > 0 ? readRows(in, size, c.dim(), stride) : null;
            float[] tree = c.hierarchical() ? readRows(in, size - 1, c.dim(), stride) : null;
            if (in.read() != -1) {
                throw new IllegalArgumentException(file + ": damaged word2vec model (bytes after its last table)");
            }
            return new Word2Vec(c, Vocabulary.of(words, counts), input, output, tree, epochsDone);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": the word2vec model ends early (cut off while written?)");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static float[] readRows(DataInputStream in, int rows, int dim, int stride) throws IOException {
        float[] table = new float[Math.multiplyExact(rows, stride)];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < dim; j++) {
                table[r * stride + j] = in.readFloat();
            }
        }
        return table;
    }
}
