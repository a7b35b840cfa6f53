package io.rnn4j.reservoir;

import io.rnn4j.io.ModelFormatException;
import io.rnn4j.io.ReservoirFile;
import io.rnn4j.tasks.MackeyGlass;
import io.rnn4j.tasks.MackeyGlassTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EchoStateNetworkTest {

    @Test
    void theRecurrentMatrixIsScaledToTheRequestedSpectralRadius() {
        for (double rho : new double[] {0.5, 0.95, 1.25}) {
            Reservoir r = new Reservoir(ReservoirConfig.builder(120, 2, 1).spectralRadius(rho).connectivity(0.1).seed(3).build());
            assertEquals(rho, r.measuredSpectralRadius(), 1e-9 * rho);
            assertTrue(r.connections() > 120 * 120 * 0.07 && r.connections() < 120 * 120 * 0.13, "about 10 % connectivity");
        }
    }

    @Test
    void largeReservoirsEstimateTheRadiusByPowerIterationWithinOnePercent() {
        for (double connectivity : new double[] {0.02, 1.0}) {
            Reservoir r = new Reservoir(ReservoirConfig.builder(500, 1, 1).spectralRadius(1.1).connectivity(connectivity).seed(5).build());
            assertTrue(500 > Reservoir.EXACT_RADIUS_LIMIT, "this size takes the estimate");
            assertEquals(1.1, r.measuredSpectralRadius(), 0.011, "connectivity " + connectivity);
        }
    }

    @Test
    void oneUpdateFollowsTheLeakyIntegratorEquation() {
        ReservoirConfig c = ReservoirConfig.builder(2, 1, 1).spectralRadius(0.9).inputScaling(1.0).biasScaling(0.5).connectivity(1.0)
                .leakRate(0.3).feedbackScaling(0.4).seed(7).build();
        Reservoir r = new Reservoir(c);
        double[] win = r.inputWeights();
        double[] w = r.recurrentWeights();
        double[] wfb = r.feedbackWeights();
        double[] x0 = {0.2, -0.1};
        System.arraycopy(x0, 0, r.state(), 0, 2);
        double u = 0.7;
        double y = -0.3;
        double[] x = r.step(new double[] {u}, new double[] {y}).clone();
        for (int i = 0; i < 2; i++) {
            double pre = win[i * 2] + win[i * 2 + 1] * u + w[i * 2] * x0[0] + w[i * 2 + 1] * x0[1] + wfb[i] * y;
            assertEquals(0.7 * x0[i] + 0.3 * Math.tanh(pre), x[i], 1e-15);
        }
    }

    @Test
    void ridgeRegressionRecoversALinearMapAndRlsAgreesWithIt() {
        SplittableRandom r = new SplittableRandom(1);
        int d = 6;
        int l = 2;
        double[] truth = new double[l * d];
        for (int i = 0; i < truth.length; i++) {
            truth[i] = r.nextDouble() * 2 - 1;
        }
        RidgeRegression ridge = new RidgeRegression(d, l);
        RidgeRegression streaming = RidgeRegression.streaming(d, l);
        RlsReadout rls = new RlsReadout(d, l, 1.0, 1e-6);
        for (int n = 0; n < 400; n++) {
            double[] x = new double[d];
            x[0] = 1;
            for (int i = 1; i < d; i++) {
                x[i] = r.nextDouble() * 2 - 1;
            }
            double[] y = new double[l];
            for (int o = 0; o < l; o++) {
                for (int i = 0; i < d; i++) {
                    y[o] += truth[o * d + i] * x[i];
                }
                y[o] += 0.01 * (r.nextDouble() - 0.5); // noise: the two must agree on a least-squares fit, not just the truth
            }
            ridge.add(x, y);
            streaming.add(x, y);
            rls.update(x, y);
        }
        double[] fit = ridge.solve(1e-6);
        assertArrayEquals(truth, fit, 2e-3);
        assertArrayEquals(fit, rls.weights(), 1e-6);
        assertArrayEquals(fit, streaming.solve(1e-6), 1e-9, "QR and the normal equations agree on a well-posed fit");
    }

    @Test
    void mackeyGlassIntegrationConvergesAsTheStepShrinks() {
        double[] coarse = MackeyGlass.series(300, 17, 100, 10);
        double[] fine = MackeyGlass.series(300, 17, 100, 40);
        double[] finer = MackeyGlass.series(300, 17, 100, 80);
        double coarseError = 0;
        double fineError = 0;
        for (int i = 0; i < 300; i++) {
            coarseError = Math.max(coarseError, Math.abs(coarse[i] - fine[i]));
            fineError = Math.max(fineError, Math.abs(fine[i] - finer[i]));
            assertTrue(coarse[i] > 0.2 && coarse[i] < 1.4, "the attractor lies in (0.2, 1.4)");
        }
        assertTrue(coarseError < 2e-4, "step 0.1 is within 2e-4 of step 0.025: " + coarseError);
        assertTrue(fineError < coarseError / 10, "halving the step again gains at least 10x: " + fineError + " vs " + coarseError);
    }

    @Test
    void aSmallReservoirPredictsMackeyGlassFreeRunning() {
        ReservoirConfig c = ReservoirConfig.builder(200, 1, 1).spectralRadius(1.25).inputScaling(1.0).biasScaling(1.0).connectivity(1.0)
                .leakRate(0.3).seed(2).build();
        MackeyGlassTask.Result r = MackeyGlassTask.builder(c).trainSteps(2000).warmup(100).ridge(1e-8).inputNoise(0)
                .starts(20).spacing(20).horizon(84).build().run(null);
        assertTrue(r.nrmse() < 0.05, "NRMSE84 of a 200-unit reservoir: " + r.nrmse());
    }

    /** The published criterion itself (Jaeger &amp; Haas 2004: NRMSE₈₄ ≈ 10^−4.2), about 3 s. */
    @Test
    void theStandardThousandUnitReservoirMeetsThePublishedMackeyGlassAccuracy() {
        MackeyGlassTask.Result r = MackeyGlassTask.standard(1).run(null);
        assertTrue(r.nrmse() <= 1e-4, "NRMSE84 of the standard 1000-unit ESN: " + r.nrmse());
    }

    /**
     * Why the readout is solved by QR: on Mackey–Glass states X·Xᵀ has a condition number near
     * 1e16, so the normal equations lose the small directions the closed loop depends on.
     */
    @Test
    void theQrReadoutStaysAccurateWhereTheNormalEquationsDoNot() {
        ReservoirConfig c = MackeyGlassTask.standard(3).reservoir();
        double[] d = MackeyGlass.series(3200, 17, 1000);
        Reservoir reservoir = new Reservoir(c);
        RidgeRegression qr = new RidgeRegression(c.extendedSize(), 1);
        RidgeRegression normal = RidgeRegression.streaming(c.extendedSize(), 1);
        double[] ext = new double[c.extendedSize()];
        java.util.List<double[]> rows = new java.util.ArrayList<>();
        for (int n = 0; n < 3100; n++) {
            double[] x = reservoir.step(new double[] {d[n]}, null);
            if (n >= 100) {
                ext[0] = 1;
                ext[1] = d[n];
                System.arraycopy(x, 0, ext, 2, x.length);
                qr.add(ext, new double[] {d[n + 1]});
                normal.add(ext, new double[] {d[n + 1]});
                rows.add(ext.clone());
            }
        }
        double[] wQr = qr.solve(1e-14);
        double[] wNormal = normal.solve(1e-14);
        double errQr = 0;
        double errNormal = 0;
        for (int i = 0; i < rows.size(); i++) {
            double yq = 0;
            double yn = 0;
            for (int j = 0; j < ext.length; j++) {
                yq += wQr[j] * rows.get(i)[j];
                yn += wNormal[j] * rows.get(i)[j];
            }
            errQr += Math.pow(yq - d[i + 101], 2);
            errNormal += Math.pow(yn - d[i + 101], 2);
        }
        double rmsQr = Math.sqrt(errQr / rows.size());
        double rmsNormal = Math.sqrt(errNormal / rows.size());
        assertTrue(rmsQr < 1e-6, "QR fits the training data to " + rmsQr);
        assertTrue(rmsQr * 10 < rmsNormal, "QR " + rmsQr + " should beat the normal equations " + rmsNormal + " by 10x");
    }

    @Test
    void aSavedNetworkLoadsAndContinuesIdentically(@TempDir Path dir) throws IOException {
        double[] series = MackeyGlass.series(600, 17, 300);
        double[][] in = new double[500][];
        double[][] out = new double[500][];
        for (int i = 0; i < 500; i++) {
            in[i] = new double[] {series[i]};
            out[i] = new double[] {series[i + 1]};
        }
        EchoStateNetwork esn = new EchoStateNetwork(ReservoirConfig.builder(50, 1, 1).spectralRadius(0.9).inputScaling(1).biasScaling(0.2).connectivity(0.2)
                .leakRate(0.5).feedbackScaling(0.1).seed(4).build());
        esn.fit(in, out, 50, 1e-8);
        Path file = dir.resolve("esn.rnn4j");
        ReservoirFile.save(file, esn, null);
        EchoStateNetwork loaded = ReservoirFile.load(file).network();
        assertArrayEquals(esn.readout(), loaded.readout());
        double[][] a = esn.generate(30);
        double[][] b = loaded.generate(30);
        for (int i = 0; i < 30; i++) {
            assertArrayEquals(a[i], b[i], "step " + i);
        }
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> io.rnn4j.io.ModelFile.load(file));
        assertTrue(e.getMessage().contains("echo state network"), e.getMessage());
    }

    @Test
    void misuseIsRefusedClearly() {
        EchoStateNetwork esn = new EchoStateNetwork(ReservoirConfig.of(10, 2, 1));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> esn.run(new double[][] {{1, 2}}));
        assertTrue(e.getMessage().contains("not trained"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> esn.fit(new double[][] {{1}}, new double[][] {{1}}, 0, 1e-6));
        assertTrue(e2.getMessage().contains("expected 2 inputs"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReservoirConfig.builder(10, 1, 1).leakRate(0).build());
    }
}
