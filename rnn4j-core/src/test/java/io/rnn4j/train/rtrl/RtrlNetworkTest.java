package io.rnn4j.train.rtrl;

import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentConfig.CellType;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtrlNetworkTest {

    @Test
    void refusesANetworkWhoseSensitivitiesWouldNotFitWithTheEstimate() {
        RtrlNetwork.Spec spec = new RtrlNetwork.Spec(CellType.LSTM, 65, 256, 2, false, false, 65);
        // S = 512 state values, P = 4·256·(65+256+2) + 4·256·(256+256+2) + 65·257 ≈ 874k parameters
        long bytes = RtrlNetwork.estimateBytes(spec, 1);
        assertTrue(bytes > 5L << 30, "an LSTM 2x256 needs gigabytes of sensitivities: " + bytes);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RtrlNetwork.create(spec, 1, 1L << 30));
        assertTrue(e.getMessage().contains("MiB") && e.getMessage().contains("O(n^4)"), e.getMessage());
        // and a small one fits
        RtrlNetwork small = RtrlNetwork.create(new RtrlNetwork.Spec(CellType.GRU, 3, 4, 1, false, false, 2), 2, 1L << 20);
        assertEquals(2, small.batch());
    }

    @Test
    void costGrowsAsTheFourthPowerOfTheUnits() {
        long c16 = new RtrlNetwork.Spec(CellType.RNN, 1, 16, 1, false, false, 1).multiplyAddsPerStep();
        long c32 = new RtrlNetwork.Spec(CellType.RNN, 1, 32, 1, false, false, 1).multiplyAddsPerStep();
        double ratio = (double) c32 / c16;
        assertTrue(ratio > 14 && ratio < 16.5, "doubling n multiplies the cost by about 2^4: " + ratio);
    }

    @Test
    void decoupledGroupsPartitionTheParametersOnePerGateUnitAndOutput() {
        RtrlNetwork.Spec spec = new RtrlNetwork.Spec(CellType.LSTM, 3, 4, 2, true, false, 2);
        RtrlNetwork net = RtrlNetwork.create(spec, 1);
        int[][] groups = net.unitGroups();
        assertEquals(2 * 4 * 4 + 2, groups.length, "16 gate units per layer and 2 outputs");
        boolean[] seen = new boolean[spec.parameterCount()];
        for (int[] g : groups) {
            for (int i : g) {
                assertTrue(!seen[i], "index " + i + " in two groups");
                seen[i] = true;
            }
        }
        for (int i = 0; i < seen.length; i++) {
            assertTrue(seen[i], "parameter " + i + " is in no group");
        }
    }

    @Test
    void modelsItCannotRunAreRefusedWithTheReason() {
        SequenceModel withEmbedding = new SequenceModel(10)
                .add("emb", new Embedding(10, 4))
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(4, 3), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(3, 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RtrlNetwork.specOf(withEmbedding));
        assertTrue(e.getMessage().contains("one-hot"), e.getMessage());
        SequenceModel bidirectional = new SequenceModel(2)
                .add("rnn", new RecurrentLayer(RecurrentConfig.gru(2, 3).bidirectional(RecurrentConfig.Merge.SUM),
                        RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(3, 1));
        assertThrows(IllegalArgumentException.class, () -> RtrlNetwork.specOf(bidirectional));
        SequenceModel ok = new SequenceModel(2)
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(2, 3).layers(2), RecurrentLayer.Output.SEQUENCE))
                .add("head", new Dense(3, 1));
        RtrlNetwork.Spec spec = RtrlNetwork.specOf(ok);
        assertEquals(ok.parameters().size(), spec.parameterCount(), "the flat layouts match one to one");
    }
}
