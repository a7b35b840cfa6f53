package io.rnn4j.tasks;

import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.nn.recurrent.RecurrentConfig;
import io.rnn4j.train.ekf.EkfConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** "It learns" checks of each training algorithm on tasks small enough for seconds. */
class TaskTrainerTest {

    private static TaskTrainer.Builder settings(TrainingAlgorithm a, int hidden, boolean peepholes, long maxSequences,
                                                EkfConfig ekf) {
        return TaskTrainer.Settings.builder().algorithm(a).cell(RecurrentConfig.CellType.LSTM).hidden(hidden).peepholes(peepholes)
                .learningRate(0.01).batch(1).window(20).clip(1.0).ekf(ekf).maxSequences(maxSequences).maxSeconds(60)
                .evalEvery(256).seed(1);
    }

    @Test
    void lstmByBpttSolvesEmbeddedReber() {
        TaskTrainer.Result r = new TaskTrainer(new EmbeddedReber(), settings(TrainingAlgorithm.BPTT, 8, false, 40_000, null).build())
                .run(null);
        assertTrue(r.pass(), "not solved within " + r.sequences() + " sequences");
        assertEquals(0, r.testErrors());
        assertTrue(r.sequences() < 40_000);
    }

    @Test
    void decoupledEkfFitsANbNcNWithinAFewHundredStrings() {
        EkfConfig ekf = EkfConfig.builder().initialCovariance(1000).annealUpdates(20_000).build();
        TaskTrainer.Result r = new TaskTrainer(new CountingLanguage(3, 10), settings(TrainingAlgorithm.DEKF, 2, true, 3_000, ekf).build())
                .run(null);
        assertTrue(r.pass(), "DEKF did not fit n <= 10 within 3000 strings");
        assertTrue(r.generalisation() >= 10, "the trained net is right on all strings n <= 10, got " + r.generalisation());
    }

    @Test
    void decoupledEkfWithTruncatedBpttDerivativesAlsoFitsANbNcN() {
        EkfConfig ekf = EkfConfig.builder().initialCovariance(1000).annealUpdates(20_000).build();
        TaskTrainer.Settings s = settings(TrainingAlgorithm.DEKF, 2, true, 3_000, ekf).window(40).truncatedDerivatives(true).build();
        TaskTrainer.Result r = new TaskTrainer(new CountingLanguage(3, 10), s).run(null);
        assertTrue(r.pass(), "DEKF with truncated-BPTT derivatives did not fit n <= 10 within 3000 strings");
    }

    @Test
    void rtrlLearnsANbNOnline() {
        TaskTrainer.Result r = new TaskTrainer(new CountingLanguage(2, 5), settings(TrainingAlgorithm.RTRL, 2, true, 30_000, null).build())
                .run(null);
        assertTrue(r.pass(), "RTRL did not fit a^n b^n, n <= 5, within 30000 strings");
    }

    @Test
    void aTaskThatIsNotLearnedIsReportedAsAFailure() {
        // 64 sequences are far too few for the adding problem
        TaskTrainer.Result r = new TaskTrainer(new AddingProblem(100), settings(TrainingAlgorithm.BPTT, 4, false, 64, null).build())
                .run(null);
        assertFalse(r.pass());
        assertEquals(64, r.sequences());
        assertTrue(r.testErrors() > 1000, "the untrained net gets most of the 2560 test sequences wrong: " + r.testErrors());
    }

    @Test
    void theCosineScheduleIsRefusedWhereTheRunsUpdateCountIsUnknown() {
        for (TrainingAlgorithm a : new TrainingAlgorithm[] {TrainingAlgorithm.TBPTT, TrainingAlgorithm.RTRL}) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> settings(a, 2, false, 100, null).cosine(true).build());
            assertTrue(e.getMessage().contains("only for BPTT"), e.getMessage());
        }
        assertTrue(settings(TrainingAlgorithm.BPTT, 2, false, 100, null).cosine(true).build().cosine());
    }
}
