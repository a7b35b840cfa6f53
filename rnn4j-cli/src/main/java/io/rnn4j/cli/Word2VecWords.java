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

    /** Neighbours as a JSON array of {word, score}, best first. */
    static com.google.gson.JsonArray toJson(java.util.List<io.rnn4j.word2vec.WordSpace.Neighbour> neighbours) {
        com.google.gson.JsonArray out = new com.google.gson.JsonArray();
        for (io.rnn4j.word2vec.WordSpace.Neighbour n : neighbours) {
            com.google.gson.JsonObject o = new com.google.gson.JsonObject();
            o.addProperty("word", n.word());
            o.addProperty("score", n.score());
            out.add(o);
        }
        return out;
    }
}
