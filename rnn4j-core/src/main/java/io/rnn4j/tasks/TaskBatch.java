package io.rnn4j.tasks;

import io.rnn4j.loss.Targets;
import io.rnn4j.tensor.Seq;

import java.util.List;

/**
 * Task examples padded into one time-major batch: inputs (T_max, B, I) with each sample's length,
 * and targets (T_max, B, O) whose rows count in the loss only at the scored steps.
 */
record TaskBatch(Seq input, Targets targets) {

    static TaskBatch of(List<SequenceTask.Example> batch, SequenceTask task) {
        int b = batch.size();
        int in = task.inputSize();
        int out = task.outputSize();
        int steps = 0;
        for (SequenceTask.Example e : batch) {
            steps = Math.max(steps, e.steps());
        }
        float[] x = new float[steps * b * in];
        float[] y = new float[steps * b * out];
        boolean[] mask = new boolean[steps * b];
        int[] lengths = new int[b];
        for (int i = 0; i < b; i++) {
            SequenceTask.Example e = batch.get(i);
            lengths[i] = e.steps();
            for (int t = 0; t < e.steps(); t++) {
                System.arraycopy(e.inputs(), t * in, x, (t * b + i) * in, in);
                System.arraycopy(e.targets(), t * out, y, (t * b + i) * out, out);
                mask[t * b + i] = e.scored()[t];
            }
        }
        return new TaskBatch(Seq.ofValues(x, steps, b, in, lengths), Targets.values(y).withRowMask(mask));
    }
}
