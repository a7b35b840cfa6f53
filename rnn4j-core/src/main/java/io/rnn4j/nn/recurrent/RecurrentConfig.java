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
 */
public record RecurrentConfig(CellType cell, int inputSize, int hiddenSize, int numLayers,
                              boolean bidirectional, Merge merge, float dropout,
                              SimpleRnn.Nonlinearity nonlinearity, Gru.Variant gruVariant,
                              boolean peepholes, Float forgetBias) {

    /** The recurrent cell type. */
    public enum CellType { RNN, LSTM, GRU }

    /** How bidirectional outputs combine. */
    public enum Merge { CONCAT, SUM }

    public RecurrentConfig {
        if (cell == null) {
            throw new IllegalArgumentException("cell must be one of RNN, LSTM, GRU");
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
    }

    public static RecurrentConfig of(CellType cell, int inputSize, int hiddenSize) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, 1, false, Merge.CONCAT, 0f,
                SimpleRnn.Nonlinearity.TANH, Gru.Variant.RESET_AFTER, false, null);
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
        return new RecurrentConfig(cell, inputSize, hiddenSize, n, bidirectional, merge, dropout, nonlinearity, gruVariant, peepholes, forgetBias);
    }

    public RecurrentConfig bidirectional(Merge m) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, true, m, dropout, nonlinearity, gruVariant, peepholes, forgetBias);
    }

    public RecurrentConfig dropout(float p) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, p, nonlinearity, gruVariant, peepholes, forgetBias);
    }

    public RecurrentConfig nonlinearity(SimpleRnn.Nonlinearity n) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, n, gruVariant, peepholes, forgetBias);
    }

    public RecurrentConfig gruVariant(Gru.Variant v) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, v, peepholes, forgetBias);
    }

    public RecurrentConfig peepholes(boolean p) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, gruVariant, p, forgetBias);
    }

    public RecurrentConfig forgetBias(Float b) {
        return new RecurrentConfig(cell, inputSize, hiddenSize, numLayers, bidirectional, merge, dropout, nonlinearity, gruVariant, peepholes, b);
    }

    public int directions() {
        return bidirectional ? 2 : 1;
    }

    /** Features per step of each layer's output: H, or 2H for concatenated directions. */
    public int outputSize() {
        return bidirectional && merge == Merge.CONCAT ? 2 * hiddenSize : hiddenSize;
    }

    public int stateCount() {
        return cell == CellType.LSTM ? 2 : 1;
    }
}
