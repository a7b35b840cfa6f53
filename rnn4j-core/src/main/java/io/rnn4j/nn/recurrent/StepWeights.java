package io.rnn4j.nn.recurrent;

import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.PackedOperand;
import io.rnn4j.nn.Parameter;

/**
 * A recurrent cell's weights laid out for its streaming step, kept across steps: W_ihᵀ (I × G·H)
 * and W_hhᵀ (H × G·H) prepared for the packed kernel, and b_ih + b_hh, all with their G·H
 * columns reordered so that the hidden units fall into chunks of {@value #CHUNK_UNITS}, each
 * holding all G gates of its units side by side.
 *
 * <p>Column order: chunk c covers the units [j0, j0 + w) (j0 = c·{@value #CHUNK_UNITS}, the
 * last chunk possibly narrower) and the columns [G·j0, G·(j0 + w)); inside it, gate g of unit
 * j0 + u is column G·j0 + g·w + u. A thread that owns a chunk computes its columns of z =
 * x·W_ihᵀ + h·W_hhᵀ + b and then the gate math of its units without waiting for the others: one
 * hand-off per layer and step, and each thread reads only its share of the weights.
 *
 * <p>Built from the parameters at their {@link Parameter#version() versions}, and current while
 * those versions hold; the cell rebuilds it after any change (an optimizer step, a load).
 */
final class StepWeights {

    /**
     * Hidden units per chunk. A multiple of 8, so that every chunk of an LSTM starts on a
     * {@value Blas#PACKED_COLUMN_BLOCK}-column panel; 4 chunks for H = 256 share out evenly
     * over 2 or 4 threads.
     */
    static final int CHUNK_UNITS = 64;

    final int gates;
    final int hidden;
    final int input;
    final PackedOperand inputWeights;
    final PackedOperand recurrentWeights;
    /** b_ih + b_hh in the chunked column order (G·H). */
    final float[] bias;
    private final Parameter[] sources;
    private final long[] versions;
    private final float[] array;

    StepWeights(int gates, int hidden, int input, Parameter weightIh, Parameter weightHh, Parameter biasIh, Parameter biasHh) {
        if (gates * CHUNK_UNITS % Blas.PACKED_COLUMN_BLOCK != 0) {
            throw new IllegalArgumentException(gates + " gates of " + CHUNK_UNITS + " units do not fill whole column panels");
        }
        this.gates = gates;
        this.hidden = hidden;
        this.input = input;
        this.sources = new Parameter[] {weightIh, weightHh, biasIh, biasHh};
        this.versions = new long[sources.length];
        for (int i = 0; i < sources.length; i++) {
            versions[i] = sources[i].version();
        }
        this.array = weightIh.dataForReading();
        int cols = gates * hidden;
        float[] ih = chunkRows(weightIh, input);
        float[] hh = chunkRows(weightHh, hidden);
        inputWeights = Blas.prepareRight(true, input, cols, ih, 0, input, null);
        recurrentWeights = Blas.prepareRight(true, hidden, cols, hh, 0, hidden, null);
        float[] bi = chunkRows(biasIh, 1);
        float[] bh = chunkRows(biasHh, 1);
        for (int j = 0; j < cols; j++) {
            bi[j] += bh[j];
        }
        bias = bi;
    }

    /** Whether the parameters are still the values this was built from. */
    boolean isCurrent() {
        if (sources[0].dataForReading() != array) {
            return false;
        }
        for (int i = 0; i < sources.length; i++) {
            if (sources[i].version() != versions[i]) {
                return false;
            }
        }
        return true;
    }

    int chunks() {
        return (hidden + CHUNK_UNITS - 1) / CHUNK_UNITS;
    }

    /** First hidden unit of chunk c. */
    static int chunkStart(int c) {
        return c * CHUNK_UNITS;
    }

    /** Hidden units in chunk c. */
    int chunkWidth(int c) {
        return Math.min(CHUNK_UNITS, hidden - chunkStart(c));
    }

    /** The column of gate g of hidden unit j in the chunked order. */
    int column(int g, int j) {
        int c = j / CHUNK_UNITS;
        int j0 = chunkStart(c);
        return gates * j0 + g * chunkWidth(c) + (j - j0);
    }

    /** The (G·H, width) rows of a gate-major parameter, reordered into the chunked column order. */
    private float[] chunkRows(Parameter p, int width) {
        float[] src = p.dataForReading();
        int off = p.offset();
        float[] out = new float[gates * hidden * width];
        for (int g = 0; g < gates; g++) {
            for (int j = 0; j < hidden; j++) {
                System.arraycopy(src, off + (g * hidden + j) * width, out, column(g, j) * width, width);
            }
        }
        return out;
    }
}
