package io.rnn4j;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading the JSON fixtures the PyTorch generators write, and comparing against them. */
public final class ParityFixtures {

    private ParityFixtures() {
    }

    /**
     * Asserts {@code |expected − actual| ≤ tol·max(1, |expected|)} entry by entry (relative, or
     * absolute below magnitude 1), naming the first entry that differs.
     */
    public static void close(String what, float[] expected, float[] actual, double tol) {
        assertEquals(expected.length, actual.length, what + " size");
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(expected[i] - actual[i]) / Math.max(1.0, Math.abs(expected[i]));
            assertTrue(err <= tol, what + "[" + i + "]: expected " + expected[i] + ", got " + actual[i]);
        }
    }

    public static JsonObject read(Path file) {
        try {
            return JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8)).getAsJsonObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    public static float[] floats(JsonElement el) {
        var arr = el.getAsJsonArray();
        float[] out = new float[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).getAsFloat();
        }
        return out;
    }

    public static int[] ints(JsonElement el) {
        var arr = el.getAsJsonArray();
        int[] out = new int[arr.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = arr.get(i).getAsInt();
        }
        return out;
    }
}
