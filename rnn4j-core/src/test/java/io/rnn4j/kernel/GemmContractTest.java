package io.rnn4j.kernel;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every GEMM path against the plain double reference: each backend available on this machine,
 * and the threaded {@link Blas} facade, over all transpose combinations, odd sizes, sizes 0 and 1,
 * offsets, padded leading dimensions and alpha/beta.
 */
class GemmContractTest {

    static List<Gemm> backends() {
        List<Gemm> gs = new ArrayList<>();
        gs.add(new JavaGemm());
        Gemm selected = GemmBackends.select();
        if (!(selected instanceof JavaGemm)) {
            gs.add(selected);
        }
        if (Blas.packed() != null) {
            gs.add(Blas.packed());
        }
        // the bundled OpenBLAS (org.bytedeco, on the test class path with its Linux native jar):
        // the path macOS and Windows take, checked here by the same contract
        Gemm bundled = GemmBackends.tryBundledOpenBlas();
        if (bundled != null && !(selected instanceof BundledOpenBlasGemm)) {
            gs.add(bundled);
        }
        return gs;
    }

    @Test
    void packedGemmCrossesItsBlocksAndEdges() {
        Gemm packed = Blas.packed();
        org.junit.jupiter.api.Assumptions.assumeTrue(packed != null, "no 512-bit Vector API on this JVM/CPU");
        // More than one KC block of k, more than one NC block of n, rows and columns past whole tiles.
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                check(packed.name(), packed::gemm, ta, tb, 21, 530, 270, 1f, 0f);
                check(packed.name(), packed::gemm, ta, tb, 64, 248, 800, -0.5f, 1f);
            }
        }
    }

    @Test
    void aPreparedOperandGivesTheSameProductsOnAndOffThePackedPath() {
        onAndOffThePackedPath(new int[][] {{64, 248, 800}, {21, 530, 270}, {13, 17, 19}, {7, 40, 1}},
                (ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) -> {
                    // alpha is 1 on this path: scale A into a copy instead.
                    // a recycled buffer holds old values: packing must overwrite all of it that it reads
                    float[] recycled = new float[Blas.preparedSize(m, k)];
                    java.util.Arrays.fill(recycled, Float.NaN);
                    PackedOperand op = Blas.prepare(ta, m, k, scaled(a, alpha), aOff, lda, recycled);
                    Blas.packedGemm(op, tb, n, b, bOff, ldb, beta, c, cOff, ldc);
                });
    }

    @Test
    void aPreparedRightOperandGivesTheSameProductsOnAndOffThePackedPath() {
        // recurrent steps (M rows of h times W_hhᵀ), ragged tiles, blocks of k, tiny sizes, last
        // panels of 1-7 rows in 4-, 2- and 1-row tiles (7, 13 = 8 + 5, 2)
        onAndOffThePackedPath(new int[][] {{16, 1024, 256}, {1, 512, 128}, {21, 70, 300}, {8, 32, 1}, {3, 5, 7}, {7, 300, 40}, {13, 256, 270}, {2, 128, 3}},
                (ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) -> {
                    // a recycled buffer holds old values: packing must overwrite all of it that it reads
                    float[] recycled = new float[Blas.preparedRightSize(k, n)];
                    java.util.Arrays.fill(recycled, Float.NaN);
                    PackedOperand op = Blas.prepareRight(tb, k, n, scaled(b, alpha), bOff, ldb, recycled);
                    Blas.packedGemm(ta, m, a, aOff, lda, op, beta, c, cOff, ldc);
                });
    }

    /**
     * A product with a prepared right operand done in column ranges, as threads share it: every
     * column computed once, by the range that holds it (a range that also wrote its neighbours
     * would add their product twice), ragged last ranges included.
     */
    @Test
    void aPreparedRightOperandMultipliesByColumnRanges() {
        onAndOffThePackedPath(new int[][] {{64, 1024, 256}, {2, 200, 64}, {5, 70, 300}, {3, 33, 7}},
                (ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc) -> {
                    PackedOperand op = Blas.prepareRight(tb, k, n, scaled(b, alpha), bOff, ldb, null);
                    int step = 2 * Blas.PACKED_COLUMN_BLOCK;
                    for (int from = 0; from < n; from += step) {
                        Blas.packedGemm(ta, m, a, aOff, lda, op, from, Math.min(n, from + step), beta, c, cOff, ldc);
                    }
                });
    }

    @Test
    void aColumnRangeOffThePanelsIsRefused() {
        PackedOperand right = Blas.prepareRight(false, 4, 64, new float[256], 0, 64, null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Blas.packedGemm(false, 2, new float[8], 0, 4, right, 16, 64, 0f, new float[128], 0, 64));
        assertTrue(e.getMessage().contains("multiple of " + Blas.PACKED_COLUMN_BLOCK), e.getMessage());
        if (Blas.packed() != null) {
            assertEquals(0, Blas.PACKED_COLUMN_BLOCK % ((PackingGemm) Blas.packed()).columnPanel(), "ranges start on the kernel's panels");
        }
    }

    /** Checks a prepared-operand product over every transpose and the given sizes, with the packed GEMM on and off. */
    private static void onAndOffThePackedPath(int[][] sizes, FloatGemm product) {
        boolean wasOn = Blas.packed() != null;
        try {
            for (boolean on : new boolean[] {true, false}) {
                Blas.usePacked(on);
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        for (int[] s : sizes) {
                            check("prepared, packed=" + on, product, ta, tb, s[0], s[1], s[2], 0.5f, 1f);
                        }
                    }
                }
            }
        } finally {
            Blas.usePacked(wasOn);
        }
    }

    private static float[] scaled(float[] x, float alpha) {
        float[] y = x.clone();
        for (int i = 0; i < y.length; i++) {
            y[i] *= alpha;
        }
        return y;
    }

    @Test
    void anOperandPreparedForOneSideIsRefusedOnTheOther() {
        float[] w = new float[12];
        PackedOperand right = Blas.prepareRight(false, 3, 4, w, 0, 4, null);
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Blas.packedGemm(right, false, 4, w, 0, 4, 0f, new float[12], 0, 4));
        assertTrue(e.getMessage().contains("right"), e.getMessage());
    }

    @Test
    void packedGemmIsOnWhereTheCpuHasAvx512() throws java.io.IOException {
        java.nio.file.Path cpuinfo = java.nio.file.Path.of("/proc/cpuinfo");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(cpuinfo), "no /proc/cpuinfo");
        boolean avx512 = java.nio.file.Files.readString(cpuinfo).contains(" avx512f");
        // The tests run as the launcher does (with the Vector API module), so this is what users get.
        assertEquals(avx512, Blas.packed() != null, "packed GEMM present iff the CPU has AVX-512F");
    }

    @Test
    void everyBackendMatchesTheReference() {
        for (Gemm g : backends()) {
            checkAll(g.name(), (ta, tb, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc) ->
                    g.gemm(ta, tb, m, n, k, al, a, ao, lda, b, bo, ldb, be, c, co, ldc));
        }
    }

    @Test
    void everyBackendsDoublePrecisionProductMatchesTheReference() {
        int[][] sizes = {{0, 3, 4}, {3, 4, 0}, {1, 1, 1}, {1, 7, 5}, {7, 1, 5}, {13, 17, 19}, {65, 33, 129}};
        for (Gemm g : backends()) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    for (int[] sz : sizes) {
                        int m = sz[0];
                        int n = sz[1];
                        int k = sz[2];
                        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
                        int lda = (ta ? m : k) + 3;
                        int ldb = (tb ? k : n) + 1;
                        int ldc = n + 2;
                        double[] a = toDouble(random(r, 5 + (ta ? k : m) * lda));
                        double[] b = toDouble(random(r, 2 + (tb ? n : k) * ldb));
                        double[] c = toDouble(random(r, 7 + m * ldc));
                        double[] expected = c.clone();
                        g.dgemm(ta, tb, m, n, k, -0.5, a, 5, lda, b, 2, ldb, 0.25, c, 7, ldc);
                        Blas.gemm(ta, tb, m, n, k, -0.5, a, 5, lda, b, 2, ldb, 0.25, expected, 7, ldc);
                        for (int i = 0; i < c.length; i++) {
                            if (Math.abs(c[i] - expected[i]) > 1e-12 * Math.max(1, Math.abs(expected[i])) * Math.max(1, k)) {
                                fail(g.name() + " dgemm ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                                        + ": c[" + i + "] = " + c[i] + ", reference " + expected[i]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void threadedFacadeMatchesTheReference() {
        int before = Parallel.threads();
        try {
            for (int threads : new int[] {1, 2, 3}) {
                Parallel.setThreads(threads);
                checkAll("Blas threads=" + threads, Blas::gemm);
                // Large enough to be split across threads, both along rows and along columns.
                check("Blas split rows", Blas::gemm, false, true, 301, 67, 150, 1f, 0f);
                check("Blas split cols", Blas::gemm, true, false, 33, 517, 260, 0.5f, 1f);
            }
        } finally {
            Parallel.setThreads(before);
        }
    }

    @Test
    void facadeIsDeterministicForAThreadCount() {
        int before = Parallel.threads();
        try {
            Parallel.setThreads(2);
            SplittableRandom r = new SplittableRandom(3);
            float[] a = random(r, 200 * 300);
            float[] b = random(r, 300 * 250);
            float[] c1 = new float[200 * 250];
            float[] c2 = new float[200 * 250];
            Blas.gemm(false, false, 200, 250, 300, 1f, a, 0, 300, b, 0, 250, 0f, c1, 0, 250);
            Blas.gemm(false, false, 200, 250, 300, 1f, a, 0, 300, b, 0, 250, 0f, c2, 0, 250);
            org.junit.jupiter.api.Assertions.assertArrayEquals(c1, c2);
        } finally {
            Parallel.setThreads(before);
        }
    }

    interface FloatGemm {
        void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                  float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);
    }

    private static void checkAll(String name, FloatGemm g) {
        int[][] sizes = {{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {1, 1, 1}, {1, 7, 5}, {7, 1, 5}, {5, 7, 1}, {13, 17, 19}, {32, 64, 48}, {65, 33, 129}};
        for (boolean ta : new boolean[] {false, true}) {
            for (boolean tb : new boolean[] {false, true}) {
                for (int[] s : sizes) {
                    check(name, g, ta, tb, s[0], s[1], s[2], 1f, 0f);
                    check(name, g, ta, tb, s[0], s[1], s[2], -0.5f, 1f);
                    check(name, g, ta, tb, s[0], s[1], s[2], 2f, 0.25f);
                }
            }
        }
    }

    private static void check(String name, FloatGemm g, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
        SplittableRandom r = new SplittableRandom(m * 31L + n * 7L + k);
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = aCols + 3;
        int ldb = bCols + 1;
        int ldc = n + 2;
        int aOff = 5;
        int bOff = 2;
        int cOff = 7;
        float[] a = random(r, aOff + aRows * lda);
        float[] b = random(r, bOff + bRows * ldb);
        float[] c = random(r, cOff + m * ldc);
        double[] ad = toDouble(a);
        double[] bd = toDouble(b);
        double[] cd = toDouble(c);
        g.gemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        Blas.gemm(ta, tb, m, n, k, alpha, ad, aOff, lda, bd, bOff, ldb, beta, cd, cOff, ldc);
        for (int i = 0; i < c.length; i++) {
            double tol = 1e-5 * Math.max(1, Math.abs(cd[i])) * Math.max(1, Math.sqrt(k));
            if (Math.abs(c[i] - cd[i]) > tol) {
                fail(name + " ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k + " alpha=" + alpha + " beta=" + beta
                        + ": c[" + i + "] = " + c[i] + ", reference " + cd[i]);
            }
        }
        assertEquals(c.length, cd.length);
    }

    static float[] random(SplittableRandom r, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) (r.nextDouble() * 2 - 1);
        }
        return a;
    }

    private static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
