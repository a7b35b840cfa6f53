package io.rnn4j.serve;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.data.image.ImageClassifier;
import io.rnn4j.io.ImageModelFile;
import io.rnn4j.io.ModelFile;

/**
 * An image classifier the server serves ({@code POST /v1/models/{name}/classify}): a request
 * per image, with no session, in one of the model's {@link Turns}.
 */
final class ServedClassifier {

    final String name;
    final ImageClassifier classifier;
    final long parameters;
    final Turns turns;

    ServedClassifier(String name, ImageClassifier classifier, Turns turns) {
        this.name = name;
        this.classifier = classifier;
        this.parameters = classifier.model().parameters().size();
        this.turns = turns;
    }

    /** Its entry in {@code GET /v1/models}. */
    JsonObject describe() {
        JsonObject o = ServedKinds.withShape(ServedKinds.entry(name, ServedKinds.IMAGE_CLASSIFIER, parameters), classifier.shape());
        JsonArray classes = new JsonArray();
        classifier.classes().forEach(classes::add);
        o.add("classes", classes);
        return o;
    }

    static ServedClassifier of(String name, ModelFile.Loaded loaded, String where, Turns turns) {
        return new ServedClassifier(name, ImageModelFile.of(loaded, where), turns);
    }
}
