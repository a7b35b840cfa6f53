package io.rnn4j.nn;

import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.nn.recurrent.RecurrentStack;
import io.rnn4j.tensor.Seq;
import io.rnn4j.train.TruncatedBptt;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InitAndMaskTest {

    @Test
    void pytorchDefaultIsUniformWithinOneOverRootH() {
        RecurrentStack s = new RecurrentStack(RecurrentConfig.lstm(10, 64));
        ParameterSet ps = new ParameterSet(s.parameters());
        s.initialize(Init.PYTORCH, new SplittableRandom(1));
        double bound = 1 / Math.sqrt(64);
        double max = 0;
        double sum = 0;
        for (float v : ps.values()) {
            max = Math.max(max, Math.abs(v));
            sum += v;
        }
        assertTrue(max <= bound && max > 0.98 * bound, "max |w| " + max + " vs bound " + bound);
        assertEquals(0, sum / ps.size(), 0.01);
    }

    @Test
    void orthogonalRecurrentBlocksAreOrthogonal() {
        RecurrentStack s = new RecurrentStack(RecurrentConfig.gru(5, 16));
        ParameterSet ps = new ParameterSet(s.parameters());
        s.initialize(Init.ORTHOGONAL, new SplittableRandom(2));
        Parameter whh = ps.get("weight_hh_l0");
        for (int g = 0; g < 3; g++) {
            int off = whh.offset() + g * 16 * 16;
            for (int i = 0; i < 16; i++) {
                for (int j = 0; j < 16; j++) {
                    double dot = 0;
                    for (int k = 0; k < 16; k++) {
                        dot += whh.data()[off + i * 16 + k] * whh.data()[off + j * 16 + k];
                    }
                    assertEquals(i == j ? 1 : 0, dot, 1e-5, "block " + g + " (" + i + "," + j + ")");
                }
            }
        }
        assertEquals(0f, ps.get("bias_ih_l0").get(0));
    }

    @Test
    void xavierStaysWithinTheGlorotBound() {
        Dense d = new Dense(30, 20);
        new ParameterSet(d.parameters());
        d.initialize(Init.XAVIER, new SplittableRandom(3));
        double bound = Math.sqrt(6.0 / 50);
        for (float v : d.parameters().get(0).toArray()) {
            assertTrue(Math.abs(v) <= bound);
        }
    }

    @Test
    void masksBecomeLengthsAndHolesAreRefused() {
        // T = 3, B = 2: sample 0 has 3 valid steps, sample 1 has 1.
        boolean[] mask = {true, true, true, false, true, false};
        assertArrayEquals(new int[] {3, 1}, Seq.lengthsFromMask(mask, 3, 2));
        boolean[] holes = {true, false, false, true, true, true};
        var e = assertThrows(IllegalArgumentException.class, () -> Seq.lengthsFromMask(holes, 3, 2));
        assertTrue(e.getMessage().contains("sample 0 has a valid step 2 after padding at step 1"), e.getMessage());
    }

    @Test
    void truncatedBpttRefusesSequenceLevelOutputs() {
        SequenceModel m = new SequenceModel(2)
                .add("rnn", new RecurrentLayer(RecurrentConfig.rnn(2, 3), RecurrentLayer.Output.LAST))
                .add("head", new Dense(3, 1)).initialize(Init.PYTORCH, 1);
        Seq x = Seq.ofValues(new float[4 * 2 * 2], 4, 2, 2, null);
        var e = assertThrows(IllegalArgumentException.class, () -> new TruncatedBptt(2, 2)
                .run(m, x, Targets.values(new float[2]), new MeanSquaredError(), null, null, (w, g) -> { }));
        assertTrue(e.getMessage().contains("layer 'rnn' collapses the time steps"), e.getMessage());
    }
}
