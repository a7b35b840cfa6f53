package io.rnn4j.cli;

import io.rnn4j.word2vec.WordSpace;

import java.nio.file.Path;

/** Looks up the words a user names, refusing one that the vectors do not have in one line. */
final class Word2VecWords {

    private Word2VecWords() {
    }

    static int require(WordSpace space, String word, Path vectors) {
        int id = space.id(word);
        if (id < 0) {
            throw new IllegalArgumentException("'" + word + "' is not in the vocabulary of " + vectors + " (" + space.size() + " words)");
        }
        return id;
    }
}
