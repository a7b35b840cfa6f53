package io.rnn4j.word2vec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;

/**
 * A corpus as vocabulary ids in a temporary file, read again on every epoch: 4 bytes a word, a
 * -1 after each sentence; words out of the vocabulary are left out, as both the original tool
 * and gensim leave them out before they place the windows. Each training thread reads its own
 * slice of the file through a 256 KiB buffer, so memory does not grow with the corpus. The file
 * is deleted on {@link #close()}.
 */
final class EncodedCorpus implements AutoCloseable {

    private static final int END = -1;
    private static final int BUFFER_INTS = 1 << 16;

    private final Path file;
    private final FileChannel channel;
    private final long length;
    private final long words;
    private final int longest;

    private EncodedCorpus(Path file, long length, long words, int longest) throws IOException {
        this.file = file;
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.length = length;
        this.words = words;
        this.longest = longest;
    }

    /** Encodes the sentences {@code source} hands out (as {@link CorpusFile#forEachSentence} does) into a file in {@code dir}. */
    static EncodedCorpus encode(Consumer<Consumer<List<String>>> source, Vocabulary vocabulary, Path dir) {
        try {
            Path file = Files.createTempFile(dir, "rnn4j-word2vec-", ".ids");
            long[] counts = new long[3]; // ints written, words written, longest sentence
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
                source.accept(sentence -> {
                    int n = 0;
                    for (String w : sentence) {
                        int id = vocabulary.id(w);
                        if (id >= 0) {
                            put(out, buffer, id);
                            n++;
                        }
                    }
                    if (n > 0) {
                        put(out, buffer, END);
                        counts[0] += n + 1;
                        counts[1] += n;
                        counts[2] = Math.max(counts[2], n);
                    }
                });
                drain(out, buffer);
            } catch (RuntimeException | IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return new EncodedCorpus(file, counts[0], counts[1], (int) counts[2]);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the encoded corpus to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void put(FileChannel out, ByteBuffer buffer, int value) {
        if (!buffer.hasRemaining()) {
            drain(out, buffer);
        }
        buffer.putInt(value);
    }

    private static void drain(FileChannel out, ByteBuffer buffer) {
        buffer.flip();
        try {
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buffer.clear();
    }

    /** Words in the file (sentence ends not counted). */
    long words() {
        return words;
    }

    /** Entries in the file: words and sentence ends. */
    long length() {
        return length;
    }

    /** The most words in one sentence. */
    int longest() {
        return longest;
    }

    /**
     * The sentences that start in entries {@code [from, to)}: the first is the one that starts at
     * or after {@code from}, so slices {@code [0, a), [a, b), …} together read every sentence once.
     */
    Slice slice(long from, long to, ByteBuffer buffer) {
        return new Slice(from, to, buffer);
    }

    /** A read buffer for {@link #slice}: one per thread, reused for every slice it reads. */
    static ByteBuffer buffer() {
        return ByteBuffer.allocateDirect(BUFFER_INTS * 4).order(ByteOrder.LITTLE_ENDIAN);
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One thread's reader over a range of sentences. */
    final class Slice {
        private final ByteBuffer bytes;
        private final IntBuffer ints;
        private final long to;
        /** File position (in entries) of the next entry {@link #ints} will hand out. */
        private long position;

        private Slice(long from, long to, ByteBuffer buffer) {
            this.bytes = buffer;
            this.ints = buffer.clear().asIntBuffer();
            this.to = to;
            this.position = from;
            ints.limit(0);
            if (from > 0) {
                position = from - 1; // the sentence starts after the first end at or after from - 1
                while (true) {
                    int v = next();
                    if (v == END || v == Integer.MIN_VALUE) {
                        break;
                    }
                }
            }
        }

        /** The next entry, or {@link Integer#MIN_VALUE} at the end of the file. */
        private int next() {
            if (!ints.hasRemaining()) {
                if (position >= length) {
                    return Integer.MIN_VALUE;
                }
                fill();
            }
            position++;
            return ints.get();
        }

        private void fill() {
            bytes.clear();
            long byteOffset = position * 4;
            try {
                while (bytes.hasRemaining() && byteOffset + bytes.position() < length * 4) {
                    if (channel.read(bytes, byteOffset + bytes.position()) < 0) {
                        break;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("could not read the encoded corpus: " + e.getMessage(), e);
            }
            ints.clear();
            ints.limit(bytes.position() / 4);
        }

        /** Reads the next sentence of this slice into {@code into} and returns its length, or -1 when the slice is done. */
        int nextSentence(int[] into) {
            if (position >= to) {
                return -1;
            }
            int n = 0;
            for (int v = next(); v != END; v = next()) {
                if (v == Integer.MIN_VALUE) {
                    return n == 0 ? -1 : n;
                }
                into[n++] = v;
            }
            return n;
        }
    }
}
