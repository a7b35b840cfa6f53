package io.rnn4j.train.ekf;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One EKF step on problems small enough to compute by hand. */
class ExtendedKalmanFilterTest {

    /** No annealing: r = 0.5, q = 0.01 throughout; P(0) = 2·I. */
    private static final EkfConfig CONFIG = EkfConfig.builder().initialCovariance(2).measurementNoise(0.5, 0.5).processNoise(0.01, 0.01)
            .annealUpdates(1).build();

    @Test
    void globalStepMatchesTheHandComputedUpdate() {
        // H = [1, -0.5], ξ = 0.3:  H·P·Hᵀ = 2·1.25 = 2.5,  A = 1/(0.5 + 2.5) = 1/3
        // K = P·Hᵀ·A = (2/3, -1/3);  Δθ = K·ξ = (0.2, -0.1)
        // P' = 2I − K·H·P + 0.01I = [[2 − 4/3, 2/3], [2/3, 2 − 1/3]] + 0.01I
        ExtendedKalmanFilter ekf = ExtendedKalmanFilter.global(2, CONFIG);
        double[] theta = {1.0, -2.0};
        ekf.update(theta, new double[][] {{1, -0.5}}, new double[] {0.3});
        assertArrayEquals(new double[] {1.2, -2.1}, theta, 1e-14);
        assertArrayEquals(new double[] {2 - 4.0 / 3 + 0.01, 2.0 / 3, 2.0 / 3, 2 - 1.0 / 3 + 0.01}, ekf.covariance(0), 1e-14);
    }

    @Test
    void decoupledStepKeepsOneBlockPerGroup() {
        // groups {0}, {1}: A = 1/(0.5 + 2·1 + 2·0.25) = 1/3, the same gains, but no cross terms:
        // P_0' = 2 − 2·1·2/3 + 0.01,  P_1' = 2 − 2·0.25·2/3 + 0.01
        ExtendedKalmanFilter ekf = ExtendedKalmanFilter.decoupled(2, new int[][] {{0}, {1}}, CONFIG);
        double[] theta = {1.0, -2.0};
        ekf.update(theta, new double[][] {{1, -0.5}}, new double[] {0.3});
        assertArrayEquals(new double[] {1.2, -2.1}, theta, 1e-14);
        assertArrayEquals(new double[] {2 - 4.0 / 3 + 0.01}, ekf.covariance(0), 1e-14);
        assertArrayEquals(new double[] {2 - 1.0 / 3 + 0.01}, ekf.covariance(1), 1e-14);
    }

    @Test
    void twoOutputsShareOneInnovationCovariance() {
        // P = I (p0 = 1), R = I, Q = 0, H = I (2x2): A = (I + I)⁻¹ = I/2, K = I/2,
        // Δθ = ξ/2, P' = I − I/2 = I/2. A coupled H = [[1, 1], [0, 1]] checks the off-diagonals:
        // H·Hᵀ = [[2, 1], [1, 1]], A = [[3, 1], [1, 2]]⁻¹ = [[2, -1], [-1, 3]]/5, K = Hᵀ·A = [[2, -1], [1, 2]]/5
        EkfConfig c = EkfConfig.builder().initialCovariance(1).measurementNoise(1, 1).processNoise(0, 0).annealUpdates(1).build();
        ExtendedKalmanFilter ekf = ExtendedKalmanFilter.global(2, c);
        double[] theta = {0, 0};
        ekf.update(theta, new double[][] {{1, 1}, {0, 1}}, new double[] {1, 1});
        assertArrayEquals(new double[] {0.2, 0.6}, theta, 1e-14);
        // P' = I − K·H = I − [[2, 1], [1, 3]]/5
        assertArrayEquals(new double[] {0.6, -0.2, -0.2, 0.4}, ekf.covariance(0), 1e-14);
    }

    @Test
    void noiseIsAnnealedGeometricallyThenHeld() {
        EkfConfig c = EkfConfig.builder().annealUpdates(100).build();
        assertEquals(100, c.measurementNoise(0), 1e-12);
        assertEquals(Math.sqrt(100 * 3), c.measurementNoise(50), 1e-9);
        assertEquals(3, c.measurementNoise(100), 1e-12);
        assertEquals(3, c.measurementNoise(1000), 1e-12);
        assertEquals(1e-4, c.processNoise(50), 1e-15);
    }

    @Test
    void badSettingsAndGroupsAreRefusedByName() {
        assertThrows(IllegalArgumentException.class, () -> new EkfConfig(0, 1, 1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new EkfConfig(1, 1, 1, 0, 1e-3, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExtendedKalmanFilter.decoupled(3, new int[][] {{0, 1}, {1, 2}}, CONFIG));
        assertEquals("EKF groups must be disjoint indices in [0, 3), got 1 twice or out of range", e.getMessage());
        // a global EKF over 10^6 weights would need 8 TB of covariance
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class,
                () -> ExtendedKalmanFilter.global(1_000_000, CONFIG));
        assertTrue(big.getMessage().contains("MiB") && big.getMessage().contains("dekf"), big.getMessage());
    }
}
