package io.rnn4j.nn.recurrent;

import io.rnn4j.nn.Parameter;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link RecurrentConfig#parameterCount()} counts exactly what a built stack allocates, for every cell and shape. */
class ParameterCountTest {

    @Test
    void theCountWithoutAllocatingEqualsTheBuiltStack() {
        List<RecurrentConfig> configs = List.of(
                RecurrentConfig.lstm(5, 7), RecurrentConfig.lstm(5, 7).layers(3).peepholes(true),
                RecurrentConfig.gru(3, 4).layers(2).bidirectional(RecurrentConfig.Merge.CONCAT),
                RecurrentConfig.rnn(6, 2).bidirectional(RecurrentConfig.Merge.SUM).layers(2),
                RecurrentConfig.clockwork(4, 8, 4).layers(2));
        for (RecurrentConfig c : configs) {
            long built = new RecurrentStack(c).parameters().stream().mapToLong(Parameter::size).sum();
            assertEquals(built, c.parameterCount(), c.toString());
        }
    }

    @Test
    void aSizeTooLargeForAnArrayIsCountedNotOverflowed() {
        assertEquals(4L * 100_000 * (100_000 + 100_000) + 8L * 100_000 + 4L * 100_000 * (64 + 100_000) + 8L * 100_000,
                RecurrentConfig.lstm(64, 100_000).layers(2).parameterCount());
    }
}
