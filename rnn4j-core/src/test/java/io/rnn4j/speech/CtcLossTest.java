package io.rnn4j.speech;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CTC's loss and gradient equal PyTorch 1.13's {@code nn.CTCLoss} (double precision, fixture from
 * {@code rnn4j-bench/peers/pytorch_ctc_fixture.py}) on distinct and repeated labels, an input just
 * long enough, one too short, a blank that is not 0 and an empty target; the gradient equals
 * central differences of the loss; bad labels are refused naming them.
 */
class CtcLossTest {

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    private static double[] doubles(JsonArray a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsDouble();
        }
        return out;
    }

    @Test
    void lossAndGradientArePyTorchs() throws Exception {
        Path file = Path.of(CtcLossTest.class.getResource("ctc-cases.json").toURI());
        JsonArray cases = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonArray("cases");
        assertEquals(6, cases.size());
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            int[] labels = ints(c.getAsJsonArray("labels"));
            CtcLoss.Result r = CtcLoss.of(doubles(c.getAsJsonArray("logits")), c.get("frames").getAsInt(), c.get("classes").getAsInt(),
                    labels, c.get("blank").getAsInt());
            String what = "labels " + java.util.Arrays.toString(labels) + " over " + c.get("frames").getAsInt() + " frames";
            if (c.get("loss").getAsJsonPrimitive().isString()) {
                assertEquals(Double.POSITIVE_INFINITY, r.loss(), what + ": too short, probability 0");
                for (double g : r.gradient()) {
                    assertEquals(0.0, g, what);
                }
                continue;
            }
            assertEquals(c.get("loss").getAsDouble(), r.loss(), 1e-12, what);
            double[] expected = doubles(c.getAsJsonArray("gradient"));
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], r.gradient()[i], 1e-12, what + ": gradient " + i);
            }
        }
    }

    @Test
    void theGradientIsTheLossesCentralDifference() {
        SplittableRandom rng = new SplittableRandom(3);
        int frames = 9;
        int classes = 6;
        int[] labels = {2, 2, 5, 1};
        double[] logits = new double[frames * classes];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = rng.nextGaussian();
        }
        double[] g = CtcLoss.of(logits, frames, classes, labels, 0).gradient();
        double h = 1e-6;
        for (int i = 0; i < logits.length; i++) {
            double keep = logits[i];
            logits[i] = keep + h;
            double up = CtcLoss.of(logits, frames, classes, labels, 0).loss();
            logits[i] = keep - h;
            double down = CtcLoss.of(logits, frames, classes, labels, 0).loss();
            logits[i] = keep;
            assertEquals((up - down) / (2 * h), g[i], 1e-8, "logit " + i);
        }
        double rowSum = 0;
        for (int k = 0; k < classes; k++) {
            rowSum += g[k];
        }
        assertEquals(0, rowSum, 1e-12, "a softmax row's gradient sums to 0");
    }

    @Test
    void badTargetsAreRefusedNamingThem() {
        double[] logits = new double[12];
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CtcLoss.of(logits, 3, 4, new int[]{1, 0}, 0));
        assertTrue(e.getMessage().contains("CTC label 0 is not a symbol in [0, 4) other than the blank 0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CtcLoss.of(logits, 4, 4, new int[]{1}, 0));
        assertTrue(e.getMessage().contains("12 values for 4 frames"), e.getMessage());
    }

    @Test
    void aBatchAveragesAsPyTorchsMeanReduction() throws Exception {
        Path file = Path.of(CtcLossTest.class.getResource("ctc-cases.json").toURI());
        JsonObject c = JsonParser.parseString(Files.readString(file)).getAsJsonObject().getAsJsonObject("mean_batch");
        int n = c.getAsJsonArray("frames").size();
        double[][] logits = new double[n][];
        int[][] labels = new int[n][];
        for (int b = 0; b < n; b++) {
            logits[b] = doubles(c.getAsJsonArray("logits").get(b).getAsJsonArray());
            labels[b] = ints(c.getAsJsonArray("labels").get(b).getAsJsonArray());
        }
        int[] frames = ints(c.getAsJsonArray("frames"));
        CtcLoss.Result r = CtcLoss.meanOfBatch(logits, frames, c.get("classes").getAsInt(), labels, 0);
        assertEquals(c.get("loss").getAsDouble(), r.loss(), 1e-12);
        int width = r.gradient().length / n;
        for (int b = 0; b < n; b++) {
            double[] expected = doubles(c.getAsJsonArray("gradient").get(b).getAsJsonArray());
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], r.gradient()[b * width + i], 1e-12, "utterance " + b + ", gradient " + i);
            }
        }
    }

    @Test
    void greedyDecodingMergesRepeatsAndDropsBlanks() {
        // frames' best symbols: 1 1 0 1 2 2 0 0 3 → 1 1 2 3
        int[] best = {1, 1, 0, 1, 2, 2, 0, 0, 3};
        double[] scores = new double[best.length * 4];
        for (int t = 0; t < best.length; t++) {
            scores[t * 4 + best[t]] = 1;
        }
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{1, 1, 2, 3}, CtcDecoding.greedy(scores, best.length, 4, 0));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new int[]{1, 0, 1, 2, 0}, CtcDecoding.greedy(scores, best.length, 4, 3),
                "with 3 as the blank, 0 is a symbol");
    }
}
