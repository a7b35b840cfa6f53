package io.rnn4j.cli;

import io.rnn4j.nn.recurrent.RecurrentConfig;

import java.util.Locale;

/**
 * Refuses a run whose estimated memory exceeds what this JVM may use, before anything large is
 * allocated, with the estimate and the way to raise the limit: a clear message instead of an
 * {@code OutOfMemoryError} (or an integer overflow) minutes into the run. Estimates count the
 * large arrays (weights, gradients, optimizer moments, saved copies, activations, data), in
 * float32 unless said otherwise.
 */
final class MemoryBudget {

    private MemoryBudget() {
    }

    /**
     * @param what  what needs the memory, e.g. "train --hidden 100000 (2 layers)"
     * @param bytes the estimate
     * @param parts what the estimate is made of, for the message
     */
    static void require(String what, double bytes, String parts) {
        long allowed = Runtime.getRuntime().maxMemory();
        if (bytes > allowed) {
            throw new UsageException(String.format(Locale.ROOT,
                    "%s needs about %s of memory (%s); this JVM may use %s. Use smaller sizes, or give Java more memory"
                            + " (RNN4J_JAVA_OPTS=-Xmx...)", what, size(bytes), parts, size(allowed)));
        }
    }

    /**
     * Refuses a language model (embedding, recurrent stack, softmax head) whose training would not
     * fit: about 8 floats per parameter (weights, gradients, optimizer moments, best weights and
     * checkpoint copies) plus the activations of one batch of {@code steps} × {@code batch}.
     *
     * @param embed the embedding width, or 0 for one-hot input (no embedding table)
     */
    static void requireLanguageModel(String what, RecurrentConfig rc, long vocab, long embed, long steps, long batch) {
        long h = rc.hiddenSize();
        long params = rc.parameterCount() + vocab * embed + h * vocab + vocab;
        double activations = (double) rc.numLayers() * rc.directions() * steps * batch * (3.0 * rc.gates() * h + 6 * h)
                + (double) steps * batch * (4 * vocab + 2 * embed);
        require(what, 4.0 * (8.0 * params + activations), String.format(Locale.ROOT, "%,d parameters with their gradients,"
                + " optimizer moments and saved copies, and the activations of %d x %d steps", params, steps, batch));
    }

    /** Bytes as KiB, MiB, GiB or TiB with three significant figures. */
    static String size(double bytes) {
        String[] units = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int u = 0;
        while (bytes >= 1024 && u < units.length - 1) {
            bytes /= 1024;
            u++;
        }
        return u == 0 ? String.format(Locale.ROOT, "%.0f bytes", bytes) : String.format(Locale.ROOT, "%.3g %s", bytes, units[u]);
    }
}
