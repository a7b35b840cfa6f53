package io.rnn4j.nn;

import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OneHotTest {

    @Test
    void encodesTokensAndLeavesPaddedStepsZero() {
        // T = 2, B = 2; the second sequence has length 1
        Seq in = Seq.ofTokens(new int[] {2, 0, 1, 0}, 2, 2, new int[] {2, 1});
        Seq out = new OneHot(3).forward(in, ForwardContext.inference()).output();
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0}, out.values);
    }

    @Test
    void refusesWhatItCannotEncode() {
        var range = assertThrows(IllegalArgumentException.class,
                () -> new OneHot(3).forward(Seq.ofTokens(new int[] {3}, 1, 1, null), ForwardContext.inference()));
        assertTrue(range.getMessage().contains("token id 3"), range.getMessage());
        var values = assertThrows(IllegalArgumentException.class,
                () -> new OneHot(3).forward(Seq.ofValues(new float[3], 1, 1, 3, null), ForwardContext.inference()));
        assertTrue(values.getMessage().contains("takes token ids"), values.getMessage());
        var notFirst = assertThrows(IllegalArgumentException.class,
                () -> new SequenceModel(3).add("dense", new Dense(3, 3)).add("onehot", new OneHot(3)));
        assertTrue(notFirst.getMessage().contains("OneHot 'onehot' takes token ids, so it must read a model input, not node 'dense'"), notFirst.getMessage());
        var vocab = assertThrows(IllegalArgumentException.class, () -> new SequenceModel(4).add("onehot", new OneHot(3)));
        assertTrue(vocab.getMessage().contains("OneHot vocabulary 3 differs from the model's input size 4"), vocab.getMessage());
    }
}
