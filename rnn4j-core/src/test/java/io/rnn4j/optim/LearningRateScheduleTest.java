package io.rnn4j.optim;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The schedules the README lists, at the steps where their formulas change. */
class LearningRateScheduleTest {

    @Test
    void stepDecayMultipliesByGammaEveryPeriodAsStepLR() {
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.1, 3, 0.5);
        assertEquals(0.1, s.rate(0), 1e-15);
        assertEquals(0.1, s.rate(2), 1e-15);
        assertEquals(0.05, s.rate(3), 1e-15);
        assertEquals(0.025, s.rate(8), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.1, 0, 0.5));
    }

    @Test
    void cosineAnnealsToItsFloorAndWarmupRampsUp() {
        LearningRateSchedule cosine = LearningRateSchedule.cosine(1.0, 10, 0.05);
        assertEquals(1.0, cosine.rate(0), 1e-12);
        assertEquals(0.525, cosine.rate(5), 1e-12);
        assertEquals(0.05, cosine.rate(10), 1e-12);
        assertEquals(0.05, cosine.rate(50), 1e-12);
        LearningRateSchedule warm = LearningRateSchedule.warmup(4, LearningRateSchedule.constant(0.2));
        assertEquals(0.2, warm.rate(100), 1e-12);
        assertEquals(0.05, warm.rate(0), 1e-12);
        assertEquals(0.15, warm.rate(2), 1e-12);
    }
}
