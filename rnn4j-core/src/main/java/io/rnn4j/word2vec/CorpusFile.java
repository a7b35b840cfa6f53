package io.rnn4j.word2vec;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A training corpus on disk as word2vec's tools take it: UTF-8 text, one sentence per line,
 * words separated by white space (gensim's {@code LineSentence}). Lines are read one at a time, so
 * a corpus of any size is read in the memory of its longest line; a line of more than
 * {@link #MAX_SENTENCE} words is cut into sentences of that many, as gensim cuts them.
 */
public final class CorpusFile {

    /** gensim's {@code MAX_WORDS_IN_BATCH}: the longest sentence its training routines take. */
    public static final int MAX_SENTENCE = 10_000;

    private CorpusFile() {
    }

    /** Calls {@code sentence} with the words of each non-empty sentence of {@code file}, in order. */
    public static void forEachSentence(Path file, Consumer<List<String>> sentence) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        List<String> words = new ArrayList<>();
        long lineNumber = 0;
        // Lines are cut from the bytes and decoded one at a time, so a bad byte is named by its line.
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            byte[] line = new byte[256];
            int length = 0;
            for (int n; (n = in.read(buffer)) >= 0; ) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        sentences(file, ++lineNumber, decoder, line, length, words, sentence);
                        length = 0;
                    } else {
                        if (length == line.length) {
                            line = Arrays.copyOf(line, line.length * 2);
                        }
                        line[length++] = buffer[i];
                    }
                }
            }
            if (length > 0) {
                sentences(file, ++lineNumber, decoder, line, length, words, sentence);
            }
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such corpus file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** Hands out the words of one line, in sentences of at most {@link #MAX_SENTENCE}. */
    private static void sentences(Path file, long lineNumber, CharsetDecoder decoder, byte[] line, int length, List<String> words,
                                  Consumer<List<String>> sentence) {
        String text;
        try {
            text = decoder.decode(ByteBuffer.wrap(line, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ":" + lineNumber + ": not UTF-8 text");
        }
        words.clear();
        split(text, words);
        for (int from = 0; from < words.size(); from += MAX_SENTENCE) {
            sentence.accept(words.subList(from, Math.min(words.size(), from + MAX_SENTENCE)));
        }
    }

    /** Splits {@code line} at white space into {@code words}. */
    static void split(String line, List<String> words) {
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
    }
}
