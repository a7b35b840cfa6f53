package io.rnn4j.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Edit distances and the error rates built on them, on cases counted by hand. */
class ErrorRatesTest {

    @Test
    void levenshteinCountsSubstitutionsDeletionsAndInsertions() {
        assertEquals(3, ErrorRates.distance("kitten".codePoints().toArray(), "sitting".codePoints().toArray()));
        assertEquals(0, ErrorRates.distance(new int[]{1, 2}, new int[]{1, 2}));
        assertEquals(2, ErrorRates.distance(new int[]{1, 2}, new int[0]));
        assertEquals(3, ErrorRates.distance(new int[0], new int[]{4, 5, 6}));
    }

    @Test
    void ratesSumEditsOverTheCorpusAndDivideByTheReferenceLength() {
        // "the cat sat" → "the bat sat down": 1 substitution + 1 insertion over 3 words; "on mat" → "on the mat": 1 over 2
        assertEquals(3.0 / 5, ErrorRates.wordErrorRate(List.of("the cat sat", "on mat"), List.of("the bat sat down", "on the mat")),
                1e-15);
        // "kitten" → "sitting": 3 edits over 6 characters; "ab" → "ab": 0 over 2
        assertEquals(3.0 / 8, ErrorRates.characterErrorRate(List.of("kitten", "ab"), List.of("sitting", "ab")), 1e-15);
        assertEquals(1.0, ErrorRates.wordErrorRate(List.of("one two"), List.of("")), 1e-15, "nothing recognised: every word deleted");
        assertThrows(IllegalArgumentException.class, () -> ErrorRates.wordErrorRate(List.of(" "), List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> ErrorRates.characterErrorRate(List.of("a"), List.of()));
    }
}
