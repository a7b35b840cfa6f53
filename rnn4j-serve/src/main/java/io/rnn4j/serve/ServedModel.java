package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.ModelFormatException;
import io.rnn4j.nn.SequenceModel;

import java.nio.file.Path;

/**
 * A model the server serves, under a name (its file name without the extension), with the
 * stepper that advances its sessions: a language model (generate and step). Translation models
 * and image classifiers are served by {@link ServedTranslator} and {@link ServedClassifier};
 * other kinds are refused at start with a message saying so.
 */
final class ServedModel implements AutoCloseable {

    final String name;
    final SequenceModel model;
    final Tokenizer tokenizer;
    final long parameters;
    final Stepper stepper;

    ServedModel(String name, SequenceModel model, Tokenizer tokenizer, ServeOptions options, ServeMetrics metrics) {
        this.name = name;
        this.model = model;
        this.tokenizer = tokenizer;
        this.parameters = model.parameters().size();
        this.stepper = options.batching()
                ? new StepBatcher(name, model, options.maxBatch(), options.maxQueue(), metrics)
                : new DirectStepper(metrics, name);
    }

    /** The language model of a loaded model file; any other kind is refused with one line naming the kinds served. */
    static ServedModel of(String name, ModelFile.Loaded loaded, String where, ServeOptions options, ServeMetrics metrics) {
        if (!loaded.manifest().has("tokenizer")) {
            throw new ModelFormatException(where + " is not a model the server serves: not a language model (it has no"
                    + " tokenizer), a translation model, an image classifier or an image captioner");
        }
        LanguageModelFile lm = LanguageModelFile.of(loaded, where);
        return new ServedModel(name, lm.model(), lm.tokenizer(), options, metrics);
    }

    /** The file name without its last extension: {@code shakespeare.model} serves as {@code shakespeare}. */
    static String nameOf(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    String kind() {
        return ServedKinds.LANGUAGE_MODEL;
    }

    /** Its entry in {@code GET /v1/models}. */
    JsonObject describe() {
        JsonObject o = ServedKinds.entry(name, kind(), parameters);
        o.addProperty("tokenizer", tokenizer.kind());
        o.addProperty("vocabulary", tokenizer.size());
        return o;
    }

    @Override
    public void close() {
        stepper.close();
    }
}
