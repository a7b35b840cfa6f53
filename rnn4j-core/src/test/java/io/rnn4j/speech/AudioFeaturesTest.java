package io.rnn4j.speech;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Resampling, log-mel, MFCC, deltas and per-utterance normalisation equal torchaudio 0.13's on
 * synthetic clips (fixture from {@code rnn4j-bench/peers/torchaudio_features_fixture.py}, which
 * builds the clips from the formula {@link #clip} repeats).
 */
class AudioFeaturesTest {

    private static JsonObject fixture() throws Exception {
        Path file = Path.of(AudioFeaturesTest.class.getResource("features-cases.json").toURI());
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    /** Two tones, a rising chirp and a quadratic-phase buzz, as the fixture script makes them. */
    static float[] clip(int rate, double seconds) {
        int n = (int) Math.rint(rate * seconds); // Python rounds halves to even
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            double x = 0.5 * Math.sin(2 * Math.PI * 440 * t);
            x += 0.25 * Math.sin(2 * Math.PI * (300 + 1500 * t / seconds) * t);
            x += 0.1 * Math.sin(0.37 * i * (double) i / 97.0);
            out[i] = (float) x;
        }
        return out;
    }

    @Test
    void resamplingIsTorchaudios() throws Exception {
        JsonArray cases = fixture().getAsJsonArray("resample");
        assertEquals(4, cases.size());
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            int rate = c.get("rate").getAsInt();
            int to = c.get("new_rate").getAsInt();
            float[] y = new Resampler(rate, to).apply(clip(rate, c.get("seconds").getAsDouble()));
            JsonArray expected = c.getAsJsonArray("output");
            assertEquals(expected.size(), y.length, rate + " → " + to + " Hz: output length");
            for (int i = 0; i < y.length; i++) {
                // the clip is rounded to float here, kept in double there: differences of ~1e-8
                assertEquals(expected.get(i).getAsDouble(), y[i], 2e-6, rate + " → " + to + " Hz, sample " + i);
            }
        }
    }

    @Test
    void equalRatesReturnTheClip() {
        float[] x = clip(8000, 0.01);
        assertSame(x, new Resampler(8000, 8000).apply(x));
    }

    @Test
    void featuresAreTorchaudios() throws Exception {
        JsonArray cases = fixture().getAsJsonArray("features");
        assertEquals(5, cases.size());
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            FeatureConfig config = FeatureConfig.fromJson(c.get("config"));
            int rate = c.get("rate").getAsInt();
            float[] x = new AudioFeatures(config).compute(clip(rate, c.get("seconds").getAsDouble()), rate);
            int frames = c.get("frames").getAsInt();
            int width = c.get("width").getAsInt();
            assertEquals(width, config.width(), config + ": width");
            assertEquals(frames * width, x.length, config + ": frames");
            JsonArray expected = c.getAsJsonArray("output");
            for (int i = 0; i < x.length; i++) {
                double want = expected.get(i).getAsDouble();
                // torchaudio builds its mel edges and filterbank in float32; the largest difference seen is 2.3e-4
                double tolerance = 2e-4 * Math.max(1, Math.abs(want));
                assertEquals(want, x[i], tolerance, config + ": frame " + i / width + ", value " + i % width);
            }
        }
    }

    @Test
    void aClipShorterThanAFrameIsRefused() {
        FeatureConfig config = FeatureConfig.logMel(16000, 40);
        AudioFeatures f = new AudioFeatures(config);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.compute(new float[100], 16000));
        assertTrue(e.getMessage().contains("shorter than one"), e.getMessage());
    }

    @Test
    void standardisedColumnsHaveMeanZeroAndVarianceOne() {
        FeatureConfig config = FeatureConfig.mfcc(8000, 13);
        float[] x = new AudioFeatures(config).compute(clip(8000, 0.5), 8000);
        int width = config.width();
        int frames = x.length / width;
        assertEquals(39, width);
        for (int c = 0; c < width; c++) {
            double sum = 0;
            double squares = 0;
            for (int t = 0; t < frames; t++) {
                sum += x[t * width + c];
                squares += x[t * width + c] * x[t * width + c];
            }
            assertEquals(0, sum / frames, 1e-5, "column " + c + " mean");
            assertEquals(1, squares / frames, 1e-4, "column " + c + " variance");
        }
    }
}
