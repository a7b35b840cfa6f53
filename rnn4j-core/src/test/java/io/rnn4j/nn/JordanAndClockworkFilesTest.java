package io.rnn4j.nn;

import io.rnn4j.io.ModelFile;
import io.rnn4j.loss.MeanSquaredError;
import io.rnn4j.loss.Targets;
import io.rnn4j.nn.recurrent.JordanLayer;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jordan and Clockwork models in model files, and the Jordan layer's teacher forcing. */
class JordanAndClockworkFilesTest {

    private static float[] random(int n, long seed) {
        return io.rnn4j.TestData.uniform(n, seed);
    }

    @Test
    void jordanModelsSaveAndLoad(@TempDir Path dir) throws IOException {
        SequenceModel m = new SequenceModel(3)
                .add("jordan", new JordanLayer(3, 6, 2, JordanLayer.OutputActivation.TANH, true))
                .initialize(Init.PYTORCH, 2);
        Path file = dir.resolve("jordan.rnn4j");
        ModelFile.save(file, m, null, null);
        SequenceModel loaded = ModelFile.load(file).model();
        JordanLayer j = (JordanLayer) loaded.layers().get("jordan");
        assertTrue(j.teacherForcing());
        assertEquals(JordanLayer.OutputActivation.TANH, j.activation());
        Seq in = Seq.ofValues(random(4 * 2 * 3, 3), 4, 2, 3, null);
        assertArrayEquals(m.forward(in, ForwardContext.inference()).output().values,
                loaded.forward(in, ForwardContext.inference()).output().values);
    }

    @Test
    void aJordanModelStreamsStepByStepAsOverTheWholeSequence() {
        SequenceModel m = new SequenceModel(3)
                .add("jordan", new JordanLayer(3, 6, 2, JordanLayer.OutputActivation.SIGMOID, false))
                .add("head", new Dense(2, 2))
                .initialize(Init.PYTORCH, 3);
        int steps = 7;
        int batch = 2;
        float[] x = random(steps * batch * 3, 4);
        float[] whole = m.forward(Seq.ofValues(x, steps, batch, 3, null), ForwardContext.inference()).output().values.clone();
        StreamingModel s = new StreamingModel(m, batch);
        for (int t = 0; t < steps; t++) {
            float[] y = s.step(Seq.ofValues(java.util.Arrays.copyOfRange(x, t * batch * 3, (t + 1) * batch * 3), 1, batch, 3, null));
            assertArrayEquals(java.util.Arrays.copyOfRange(whole, t * batch * 2, (t + 1) * batch * 2), y, 1e-6f, "step " + t);
        }
    }

    @Test
    void teacherForcingFeedsTheTargetsBackOnlyWhenTraining() {
        SequenceModel m = new SequenceModel(2)
                .add("jordan", new JordanLayer(2, 5, 1, JordanLayer.OutputActivation.IDENTITY, true))
                .initialize(Init.PYTORCH, 4);
        Seq in = Seq.ofValues(random(6 * 1 * 2, 5), 6, 1, 2, null);
        float[] targets = random(6, 6);
        float[] free = m.forward(in, ForwardContext.inference()).output().values.clone();
        ForwardContext forcedCtx = new ForwardContext(true, new SplittableRandom(1), Map.of());
        forcedCtx.setTeacher(targets);
        float[] forced = m.forward(in, forcedCtx).output().values.clone();
        assertEquals(free[0], forced[0], 0f, "step 0 has the same (zero) context either way");
        assertFalse(free[3] == forced[3], "later steps see the target instead of the output");
        // the forced step t equals a free step whose context is set to target t-1
        Map<String, RecurrentState> state = Map.of("jordan", RecurrentState.wrap(new float[][][] {{{targets[2]}}}, 1, 1));
        Seq step3 = Seq.ofValues(java.util.Arrays.copyOfRange(in.values, 3 * 2, 4 * 2), 1, 1, 2, null);
        float[] fromState = m.forward(step3, ForwardContext.inference(state)).output().values;
        assertEquals(forced[3], fromState[0], 1e-6f);
        // and SequenceModel.gradient supplies the targets itself
        m.parameters().zeroGrad();
        SequenceModel.Gradient g = m.gradient(in, Targets.values(targets), new MeanSquaredError(),
                new ForwardContext(true, new SplittableRandom(1), Map.of()));
        assertTrue(Double.isFinite(g.loss()));
    }

    @Test
    void clockworkModelsSaveTheirPeriodsAndTheirClockWithTheStreamingState(@TempDir Path dir) throws IOException {
        SequenceModel m = new SequenceModel(3)
                .add("rnn", new RecurrentLayer(RecurrentConfig.clockwork(3, 8, 4), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(8, 2))
                .initialize(Init.PYTORCH, 7);
        StreamingModel s = new StreamingModel(m, 1);
        float[] x = random(5 * 3, 8);
        s.step(Seq.ofValues(x, 5, 1, 3, null));
        Path file = dir.resolve("cw.rnn4j");
        ModelFile.save(file, m, null, s.states());
        ModelFile.Loaded loaded = ModelFile.load(file);
        RecurrentLayer r = (RecurrentLayer) loaded.model().layers().get("rnn");
        assertEquals(java.util.List.of(1, 2, 4, 8), r.stack().config().clockPeriods());
        RecurrentState saved = loaded.streamingStates().get("rnn");
        assertEquals(5f, saved.get(0, 1)[0], "the clock travels with the state");
        float[] next = random(3, 9);
        StreamingModel resumed = new StreamingModel(loaded.model(), 1, loaded.streamingStates());
        assertArrayEquals(s.step(Seq.ofValues(next, 1, 1, 3, null)), resumed.step(Seq.ofValues(next, 1, 1, 3, null)));
    }
}
