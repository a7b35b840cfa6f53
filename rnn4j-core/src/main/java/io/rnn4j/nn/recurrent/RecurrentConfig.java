package io.rnn4j.nn.recurrent;

/**
 * Immutable configuration of a {@link RecurrentStack}, validated up front. Defaults match PyTorch's
 * {@code nn.RNN/LSTM/GRU}: one layer, unidirectional, no dropout, tanh, reset-after GRU, no
 * peepholes, no forget-bias override.
 *
 * @param cell          RNN, LSTM or GRU
 * @param inputSize     I, features per step (≥ 1)
 * @param hiddenSize    H, units per layer and direction (≥ 1)
 * @param numLayers     L, stacked layers (≥ 1)
 * @param bidirectional whether each layer also runs backwards in time
 * @param merge         how the two directions' outputs combine: CONCAT (2H) or SUM (H)
 * @param dropout       dropout on the outputs of every layer but the last, in [0, 1)
 * @param nonlinearity  TANH or RELU, for RNN cells
 * @param gruVariant    RESET_AFTER (PyTorch) or RESET_BEFORE (Cho et al.), for GRU cells
 * @param peepholes     peephole connections, for LSTM cells
 * @param forgetBias    if not null, the initial forget-gate bias, for LSTM cells
 * @param clockPeriods  module periods T_i, for CLOCKWORK cells (default 1, 2, 4, …, one module per
 *                      H/g units); empty for the others
 */
public record RecurrentConfig(CellType cell, int inputSize, int hiddenSize, int numLayers,
                              boolean bidirectional, Merge merge, float dropout,
                              SimpleRnn.Nonlinearity nonlinearity, Gru.Variant gruVariant,
                              boolean peepholes, Float forgetBias, java.util.List<Integer> clockPeriods) {

    /**
     * The recurrent cell type; CLOCKWORK is {@link ClockworkRnn}. Each type knows its gate count
     * (the number of H-row blocks in its weight matrices: 4 for the LSTM's i, f, g, o, 3 for the
     * GRU's r, z, n, 1 for RNN and CLOCKWORK), its state blocks (h, and c for the LSTM or the
     * clock for CLOCKWORK) and so its parameter count. The cells, the RTRL steps, the model files
     * and the benchmark's FLOP count all read them from here.
     */
    public enum CellType {
        RNN(1, 1), LSTM(4, 2), GRU(3, 1), CLOCKWORK(1, 2);

        private final int gates;
        private final int stateCount;

        CellType(int gates, int stateCount) {
            this.gates = gates;
            this.stateCount = stateCount;
        }

        public int gates() {
            return gates;
        }

        /** State blocks per layer and direction: h, and c (LSTM) or the clock (CLOCKWORK). */
        public int stateCount() {
            return stateCount;
        }

        /**
         * Parameters of one layer and direction over {@code in} inputs:
         * {@code G·H·(in + H) + 2·G·H} (W_ih, W_hh, b_ih, b_hh), plus 3H with peepholes.
         */
        public long layerParameterCount(long in, long hidden, boolean peepholes) {
            return gates * hidden * (in + hidden) + 2L * gates * hidden + (peepholes ? 3 * hidden : 0);
        }
    }

    /** How bidirectional outputs combine. */
    public enum Merge { CONCAT, SUM }

    public RecurrentConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be one of RNN, LSTM, GRU, CLOCKWORK");
        }
        if (inputSize < 1) {
            throw new IllegalArgumentException("input_size must be >= 1, got " + inputSize);
        }
        if (hiddenSize < 1) {
            throw new IllegalArgumentException("hidden_size must be >= 1, got " + hiddenSize);
        }
        if (numLayers < 1) {
            throw new IllegalArgumentException("num_layers must be >= 1, got " + numLayers);
        }
        if (!(dropout >= 0f && dropout < 1f)) {
            throw new IllegalArgumentException("dropout must be in [0, 1), got " + dropout);
        }
        if (merge == null || nonlinearity == null || gruVariant == null) {
            throw new IllegalArgumentException("merge, nonlinearity and gruVariant must not be null");
        }
        if (peepholes && cell != CellType.LSTM) {
            throw new IllegalArgumentException("peepholes exist only for LSTM cells, not " + cell);
        }
        if (forgetBias != null && cell != CellType.LSTM) {
            throw new IllegalArgumentException("forgetBias exists only for LSTM cells, not " + cell);
        }
        clockPeriods = clockPeriods == null ? java.util.List.of() : java.util.List.copyOf(clockPeriods);
        if (cell == CellType.CLOCKWORK) {
            if (clockPeriods.isEmpty() || hiddenSize % clockPeriods.size() != 0) {
                throw new IllegalArgumentException("a clockwork layer needs 1 to hidden_size periods dividing hidden_size ("
                        + hiddenSize + ") into equal modules, got " + clockPeriods.size());
            }
            for (int p : clockPeriods) {
                if (p < 1) {
                    throw new IllegalArgumentException("clock periods must be >= 1, got " + clockPeriods);
                }
            }
        } else if (!clockPeriods.isEmpty()) {
            throw new IllegalArgumentException("clock periods exist only for CLOCKWORK cells, not " + cell);
        }
    }

    /**
     * Defaults for a cell type; a CLOCKWORK layer gets 4 modules (periods 1, 2, 4, 8) when H is a
     * multiple of 4, else 2 when H is even, else 1.
     */
    public static RecurrentConfig of(CellType cell, int inputSize, int hiddenSize) {
        if (cell == CellType.CLOCKWORK) {
            return clockwork(inputSize, hiddenSize, hiddenSize % 4 == 0 ? 4 : hiddenSize % 2 == 0 ? 2 : 1);
        }
        return new RecurrentConfig(cell, inputSize, hiddenSize, 1, false, Merge.CONCAT, 0f,
                SimpleRnn.Nonlinearity.TANH, Gru.Variant.RESET_AFTER, false, null, null);
    }

    /**
     * A Clockwork RNN layer of {@code modules} equal modules with periods 1, 2, 4, …, 2^(g−1), as
     * in the paper's experiments.
     */
    public static RecurrentConfig clockwork(int inputSize, int hiddenSize, int modules) {
        if (modules < 1 || modules > 30) {
            throw new IllegalArgumentException("modules must be in 1..30, got " + modules);
        }
        java.util.List<Integer> periods = new java.util.ArrayList<>();
        for (int i = 0; i < modules; i++) {
            periods.add(1 << i);
        }
        return new RecurrentConfig(CellType.CLOCKWORK, inputSize, hiddenSize, 1, false, Merge.CONCAT, 0f,
                SimpleRnn.Nonlinearity.TANH, Gru.Variant.RESET_AFTER, false, null, periods);
    }

    /** This configuration with other clock periods (CLOCKWORK cells). */
    public RecurrentConfig clockPeriods(java.util.List<Integer> p) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, gruVariant, peepholes, forgetBias, p);
    }

    public static RecurrentConfig lstm(int inputSize, int hiddenSize) {
        return of(CellType.LSTM, inputSize, hiddenSize);
    }

    public static RecurrentConfig gru(int inputSize, int hiddenSize) {
        return of(CellType.GRU, inputSize, hiddenSize);
    }

    public static RecurrentConfig rnn(int inputSize, int hiddenSize) {
        return of(CellType.RNN, inputSize, hiddenSize);
    }

    public RecurrentConfig layers(int n) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, n, bidirectional, merge, dropout, nonlinearity, gruVariant, peepholes, forgetBias, clockPeriods);
    }

    public RecurrentConfig bidirectional(Merge m) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, true, m, dropout, nonlinearity, gruVariant, peepholes, forgetBias, clockPeriods);
    }

    public RecurrentConfig dropout(float p) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, p, nonlinearity, gruVariant, peepholes, forgetBias, clockPeriods);
    }

    public RecurrentConfig nonlinearity(SimpleRnn.Nonlinearity n) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, n, gruVariant, peepholes, forgetBias, clockPeriods);
    }

    public RecurrentConfig gruVariant(Gru.Variant v) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, v, peepholes, forgetBias, clockPeriods);
    }

    public RecurrentConfig peepholes(boolean p) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, gruVariant, p, forgetBias, clockPeriods);
    }

    public RecurrentConfig forgetBias(Float b) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, gruVariant, peepholes, b, clockPeriods);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Features per step of each layer's output: H, or 2H for concatenated directions. */
    public int outputSize() {
        return bidirectional && merge == Merge.CONCAT ? 2 * hiddenSize : hiddenSize;
    }

    /** Gate blocks per cell, each H rows of the weight matrices: 4 (LSTM), 3 (GRU), 1 (RNN, CLOCKWORK). */
    public int gates() {
        return cell.gates();
    }

    /**
     * The stack's parameters, counted without allocating anything (in long arithmetic, so a
     * size too large for memory is seen before it is built): per layer and direction,
     * {@code G·H·(in + H) + 2·G·H}, plus 3H with peepholes.
     */
    public long parameterCount() {
        long total = 0;
        for (int l = 0; l < numLayers; l++) {
            long in = l == 0 ? inputSize : outputSize();
            total += directions() * cell.layerParameterCount(in, hiddenSize, peepholes);
        }
        return total;
    }

    /**
     * Weights the cell's structure holds at zero, over the whole stack: a Clockwork layer's
     * recurrent block from a module to a faster one ((H/g)² for each pair of g modules whose
     * periods ascend that way), per layer and direction; 0 for the other cells.
     */
    public long structuralZeroWeights() {
        if (cell != CellType.CLOCKWORK) {
            return 0;
        }
        int size = hiddenSize / clockPeriods.size();
        long perLayer = 0;
        for (int i = 0; i < clockPeriods.size(); i++) {
            for (int j = 0; j < clockPeriods.size(); j++) {
                if (clockPeriods.get(j) < clockPeriods.get(i)) {
                    perLayer += (long) size * size;
                }
            }
        }
        return perLayer * numLayers * directions();
    }

    /** State blocks per layer and direction: h, and c (LSTM) or the clock (CLOCKWORK). */
    public int stateCount() {
        return cell.stateCount();
    }
}
