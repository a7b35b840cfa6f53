package io.rnn4j.tasks;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The addition task's questions, its held-out sets, and (slow) the published target. */
class AdditionTaskTest {

    @Test
    void questionsAreCharactersAndAnswersAreDigits() {
        AdditionTask.Question q = new AdditionTask.Question(535, 61);
        assertArrayEquals(new int[] {5, 3, 5, AdditionTask.PLUS, 6, 1}, q.source());
        assertArrayEquals(new int[] {5 + 2, 9 + 2, 6 + 2}, q.target()); // "596", digit d is target id d + 2
    }

    @Test
    void heldOutQuestionsAreDistinctAndKeptApart() {
        Set<AdditionTask.Question> heldOut = new HashSet<>();
        SplittableRandom rng = new SplittableRandom(1);
        List<AdditionTask.Question> test = AdditionTask.distinct(AdditionTask.TEST_QUESTIONS, rng, heldOut);
        List<AdditionTask.Question> validation = AdditionTask.distinct(AdditionTask.VALIDATION_QUESTIONS, rng, heldOut);
        assertEquals(AdditionTask.TEST_QUESTIONS, new HashSet<>(test).size());
        Set<AdditionTask.Question> both = new HashSet<>(test);
        both.retainAll(validation);
        assertTrue(both.isEmpty());
        assertEquals(AdditionTask.TEST_QUESTIONS + AdditionTask.VALIDATION_QUESTIONS, heldOut.size());
    }

    /** The target: 99 % exact match on 10,000 held-out questions within 5 minutes (about 1 on this machine). */
    @Test
    @Tag("slow")
    void reachesNinetyNinePercentWithinFiveMinutes() {
        AdditionTask.Result r = AdditionTask.run(AdditionTask.Settings.defaults(1), line -> { });
        assertTrue(r.passed(), "test exact match " + r.testAccuracy());
        assertTrue(r.seconds() < 300, r.seconds() + " s");
    }
}
