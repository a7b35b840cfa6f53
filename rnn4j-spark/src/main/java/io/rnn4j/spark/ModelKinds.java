package io.rnn4j.spark;

import com.google.gson.JsonObject;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.ModelFormatException;

import java.nio.file.Path;

/** The {@link Scorer} for a model file, chosen by what its manifest holds. */
final class ModelKinds {

    private ModelKinds() {
    }

    /** The scorer for {@code file}'s kind, reading it through {@code source}; loads the file here to see its kind. */
    static Scorer scorer(Path file, ModelSource source) {
        JsonObject manifest;
        try {
            manifest = ModelFile.load(file).manifest();
        } catch (ModelFormatException e) {
            if (e.getMessage().endsWith("holds an echo state network; load it with ReservoirFile.load")) {
                return Scorer.sequenceModel(source);
            }
            throw e;
        }
        if (manifest.has("text_classifier")) {
            return Scorer.textClassifier(source);
        }
        if (manifest.has("translation")) {
            return Scorer.translator(source);
        }
        if (manifest.has("tagger")) {
            return Scorer.tagger(source);
        }
        if (manifest.has("caption")) {
            return Scorer.imageCaptioner(source);
        }
        if (manifest.has("image")) {
            return Scorer.imageClassifier(source);
        }
        if (manifest.has("speech")) {
            return Scorer.speechRecognizer(source);
        }
        if (manifest.has("forecast")) {
            return Scorer.forecaster(source);
        }
        if (manifest.has("video")) {
            return Scorer.videoPredictor(source);
        }
        if (manifest.has("tokenizer")) {
            return Scorer.languageModel(source);
        }
        return Scorer.sequenceModel(source);
    }
}
