package io.rnn4j.serve;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.client.Rnn4jClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The served OpenAPI document and the server agree: the same endpoints, and answers that carry
 * every property their documented schema requires, with the documented types.
 */
class OpenApiContractTest {

    @TempDir
    Path dir;

    @Test
    void theDocumentDescribesExactlyTheEndpointsAndTheirAnswers() throws Exception {
        Path model = TestModels.write(dir, "tiny", 3);
        Path translation = TestModels.writeTranslator(dir, "enzh", 5);
        Path images = TestModels.writeClassifier(dir, "digits", 9);
        Path captions = TestModels.writeCaptioner(dir, "words", 4);
        try (Server s = Server.start(List.of(model, translation, images, captions), ServeOptions.defaults().withPort(0).withSnapshots(dir.resolve("snap")), line -> { })) {
            URI base = URI.create("http://127.0.0.1:" + s.port());
            HttpResponse<String> doc = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/openapi.json")).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonObject api = JsonParser.parseString(doc.body()).getAsJsonObject();
            assertEquals("3.1.0", api.get("openapi").getAsString());
            Set<String> documented = new TreeSet<>();
            for (String path : api.getAsJsonObject("paths").keySet()) {
                for (String method : api.getAsJsonObject("paths").getAsJsonObject(path).keySet()) {
                    documented.add(method.toUpperCase() + " " + path);
                }
            }
            assertEquals(new TreeSet<>(s.endpoints()), documented, "documented endpoints = served endpoints");

            Rnn4jClient c = new Rnn4jClient(base);
            JsonObject schemas = api.getAsJsonObject("components").getAsJsonObject("schemas");
            JsonObject models = new JsonObject();
            models.add("models", com.google.gson.JsonParser.parseString(c.models().toString()));
            check(schemas, "Models", models);
            String id = c.createSession("tiny");
            check(schemas, "Session", c.session(id));
            check(schemas, "StepResult", c.step(id, "abc"));
            check(schemas, "GenerateResult", c.generate(id, "", 5, 1, 1, null));
            check(schemas, "Snapshot", c.snapshot(id));
            check(schemas, "TranslateResult", c.translate("enzh", "I like tea.", 2));
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
            java.io.ByteArrayOutputStream png = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "png", png);
            check(schemas, "ClassifyResult", c.classify("digits", png.toByteArray(), 2));
            java.io.ByteArrayOutputStream picture = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(16, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), "png", picture);
            check(schemas, "CaptionResult", c.caption("words", picture.toByteArray(), 2));
            try {
                c.step(id, "Z");
                fail("Z is not in the vocabulary");
            } catch (Rnn4jClient.ApiException e) {
                assertEquals(400, e.status());
            }
            HttpResponse<String> err = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/v1/sessions/" + id + "/step"))
                    .POST(HttpRequest.BodyPublishers.ofString("{")).build(), HttpResponse.BodyHandlers.ofString());
            check(schemas, "Error", JsonParser.parseString(err.body()));
        }
    }

    /** Checks a value against a schema of the document: required properties, types, $ref and allOf. */
    private static void check(JsonObject schemas, String name, JsonElement value) {
        check(schemas, schemas.getAsJsonObject(name), value, name);
    }

    private static void check(JsonObject schemas, JsonObject schema, JsonElement value, String where) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").getAsString();
            check(schemas, schemas.getAsJsonObject(ref.substring(ref.lastIndexOf('/') + 1)), value, where);
            return;
        }
        if (schema.has("allOf")) {
            schema.getAsJsonArray("allOf").forEach(s -> check(schemas, s.getAsJsonObject(), value, where));
            return;
        }
        String type = schema.has("type") ? schema.get("type").getAsString() : null;
        if (type == null) {
            return;
        }
        switch (type) {
            case "object" -> {
                assertTrue(value.isJsonObject(), where + " must be an object: " + value);
                JsonObject o = value.getAsJsonObject();
                if (schema.has("required")) {
                    schema.getAsJsonArray("required").forEach(r -> assertTrue(o.has(r.getAsString()),
                            where + " lacks required '" + r.getAsString() + "': " + o));
                }
                if (schema.has("properties")) {
                    JsonObject props = schema.getAsJsonObject("properties");
                    for (String k : o.keySet()) {
                        if (props.has(k)) {
                            check(schemas, props.getAsJsonObject(k), o.get(k), where + "." + k);
                        }
                    }
                }
            }
            case "array" -> {
                assertTrue(value.isJsonArray(), where + " must be an array");
                value.getAsJsonArray().forEach(e -> check(schemas, schema.getAsJsonObject("items"), e, where + "[]"));
            }
            case "string" -> assertTrue(value.isJsonPrimitive() && value.getAsJsonPrimitive().isString(), where + " must be a string");
            case "integer" -> assertTrue(value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                    && value.getAsDouble() == Math.rint(value.getAsDouble()), where + " must be an integer");
            case "number" -> assertTrue(value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber(), where + " must be a number");
            case "boolean" -> assertTrue(value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean(), where + " must be a boolean");
            default -> fail("unknown type " + type);
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonElement e : schema.getAsJsonArray("enum")) {
                found |= e.equals(value);
            }
            assertTrue(found, where + " = " + value + " is not one of " + schema.get("enum"));
        }
    }
}
