package io.rnn4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.SequenceModel;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Saving a model built from another framework's file: an optional tokenizer (so that
 * {@code rnn4j sample} and {@code eval} can use it as a language model), provenance naming the
 * source, and a summary of what was built.
 */
final class ImportedModels {

    private ImportedModels() {
    }

    /** The tokenizer from --tokenizer-text (every character of the text, sorted, as Python's sorted(set(text))), or null. */
    static Tokenizer tokenizerFromText(Path text) {
        return text == null ? null : CharVocabulary.of(CliFiles.readUtf8("--tokenizer-text", text));
    }

    /** Checks that a tokenizer fits the model: its size must be the model's input and output size. */
    static void checkTokenizer(Tokenizer tok, SequenceModel model, String source) {
        if (tok != null && (tok.size() != model.inputSize() || tok.size() != model.outputSize())) {
            throw new IllegalArgumentException(source + " has " + tok.size() + " tokens, but the model reads "
                    + model.inputSize() + " and predicts " + model.outputSize() + "; a language model's must all match");
        }
    }

    /** Writes the imported model, says what it wrote, and returns that as the summary {@code --json} prints. */
    static JsonObject save(Path out, SequenceModel model, JsonElement tokenizer, String source, String kind) {
        JsonObject manifest = new JsonObject();
        if (tokenizer != null) {
            manifest.add("tokenizer", tokenizer);
        }
        JsonObject provenance = new JsonObject();
        provenance.addProperty("imported_from", source);
        provenance.addProperty("format", kind);
        provenance.addProperty("rnn4j_version", Version.get());
        manifest.add("provenance", provenance);
        try {
            ModelFile.save(out, model, manifest, Map.of());
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": " + CliFiles.describe(e));
        }
        System.out.printf(Locale.ROOT, "wrote %s: %,d parameters%s%n", out, model.parameters().size(),
                tokenizer != null ? ", with a tokenizer (a language model for sample and eval)" : "");
        JsonObject layers = new JsonObject();
        for (Map.Entry<String, Layer> e : model.layers().entrySet()) {
            System.out.printf(Locale.ROOT, "  layer %-10s %s%n", e.getKey(), e.getValue().getClass().getSimpleName());
            layers.addProperty(e.getKey(), e.getValue().getClass().getSimpleName());
        }
        JsonObject summary = new JsonObject();
        summary.addProperty("out", out.toString());
        summary.addProperty("imported_from", source);
        summary.addProperty("format", kind);
        summary.addProperty("parameters", model.parameters().size());
        summary.addProperty("tokenizer", tokenizer != null);
        summary.add("layers", layers);
        return summary;
    }
}
