package io.rnn4j.word2vec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Reads the evaluation sets' small text files, refusing a missing or non-UTF-8 one in one line. */
final class EvaluationFiles {

    private EvaluationFiles() {
    }

    /** The lines of {@code file}, a {@code what} file ("analogy", "word-pair"). */
    static List<String> lines(Path file, String what) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such " + what + " file");
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": the " + what + " file is not UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
