package io.rnn4j.speech;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.nn.Dense;
import io.rnn4j.nn.Embedding;
import io.rnn4j.nn.Init;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import io.rnn4j.tensor.Seq;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A character language model as the beam search uses it: the probabilities along a text are
 * those of one pass over it, and extending a state (many times, as the beam does) leaves the
 * state itself unchanged.
 */
class ModelCharacterLmTest {

    @Test
    void statesAreValuesAndScoresFollowTheModel() {
        CharVocabulary chars = CharVocabulary.of("\nabc ");
        int v = chars.size();
        SequenceModel m = SequenceModel.graph().input("input", v)
                .add("embed", new Embedding(v, 4), "input")
                .add("rnn", new RecurrentLayer(RecurrentConfig.lstm(4, 8), RecurrentLayer.Output.SEQUENCE), "embed")
                .add("head", new Dense(8, v), "rnn")
                .output("logits", "head");
        m.initialize(Init.PYTORCH, 5);
        ModelCharacterLm lm = new ModelCharacterLm(m, chars);

        String text = "ab ca";
        // one pass: "\n" then the text; the output after each token predicts the next
        int[] ids = chars.encode("\n" + text);
        float[] logits = new StreamingModel(m, 1).step(Seq.ofTokens(ids, ids.length, 1, null));
        CharacterLm.State s = lm.start();
        for (int i = 0; i < text.length(); i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < v; k++) {
                max = Math.max(max, logits[i * v + k]);
            }
            double sum = 0;
            for (int k = 0; k < v; k++) {
                sum += Math.exp(logits[i * v + k] - max);
            }
            int next = chars.encode(text.substring(i, i + 1))[0];
            double expected = logits[i * v + next] - max - Math.log(sum);
            double before = s.logProbability(text.charAt(i));
            assertEquals(expected, before, 1e-5, "character " + i);
            // the beam extends a state many times: it must not move
            lm.next(s, 'a');
            lm.next(s, 'c');
            assertEquals(before, s.logProbability(text.charAt(i)), 0.0, "character " + i + " after extending its state");
            s = lm.next(s, text.charAt(i));
        }
        // upper case is the lower case's probability added to it; an unknown character gets the floor
        assertEquals(Math.log(1e-6), s.logProbability('z'), 1e-12);
        assertEquals(s.logProbability('a'), s.logProbability('A'), 0.0);
    }
}
