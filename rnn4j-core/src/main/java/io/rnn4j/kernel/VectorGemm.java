package io.rnn4j.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * A packed single-precision GEMM on 512-bit vectors ({@code jdk.incubator.vector}), for the
 * products of convolutions and of recurrent steps. It exists because the system OpenBLAS must
 * run its AVX2 ("Haswell") kernels on CPUs it does not know (see the README's "GEMM backends"),
 * which leaves half of an AVX-512 core's multiply-add width unused; this kernel uses all of it.
 *
 * <p>The layout is the classic one of Goto and van de Geijn (2008, "Anatomy of high-performance
 * matrix multiplication"): {@code op(B)} is packed in blocks of {@value #KC} rows by
 * {@value #NC} columns into column panels {@value #NR} wide, {@code op(A)} into row panels
 * {@value #MR} high, and a register-blocked micro-kernel adds an {@value #MR} × {@value #NR} tile
 * of C from one panel of each: 16 vector accumulators, two vector loads and eight broadcasts per
 * step of k. Packing absorbs the transposes, so all four {@code op} combinations run the same
 * kernel. Tiles that stick out of C are computed in a scratch tile and copied back. An operand
 * that many products share can be packed once: the left one ({@link #pack}, a convolution's
 * weights) or the right one ({@link #packRight}, a recurrent layer's W_hhᵀ).
 *
 * <p>Runs on the calling thread (callers split work over images or rows themselves). Load this
 * class only through {@link Blas#packed()} ({@link VectorKernels}): it links against an
 * incubator module that the JVM has only when started with {@code --add-modules jdk.incubator.vector}.
 */
final class VectorGemm implements PackingGemm {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int LANES = 16;
    static final int MR = 8;
    static final int NR = 2 * LANES;
    /** One row of zeros as wide as the widest tile (4 panels): the start tile of a product with beta 0, read with row stride 0. */
    private static final float[] ZEROS = new float[4 * NR];
    static final int KC = 256;
    static final int NC = 512;
    static final int MC = 128;

    /** Packing buffers and the edge tile, one set per thread. */
    private static final class Workspace {
        float[] a = new float[KC * MC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private final ThreadLocal<Workspace> workspaces = ThreadLocal.withInitial(Workspace::new);

    VectorGemm() {
    }

    /** True when this JVM runs 512-bit float vectors in hardware (C2 with AVX-512). */
    static boolean hardwareSupported() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize() >= 512;
    }

    @Override
    public int columnPanel() {
        return NR;
    }

    @Override
    public String name() {
        return "rnn4j packed AVX-512 (Vector API)";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        multiply(packedInWorkspace(transA, a, aOff, lda, alpha, m, k), m, k, transB, n, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** alpha·op(A) packed into this thread's workspace, which grows to fit. */
    private float[] packedInWorkspace(boolean transA, float[] a, int aOff, int lda, float alpha, int m, int k) {
        Workspace w = workspaces.get();
        int size = packedSize(m, k);
        if (w.a.length < size) {
            w.a = new float[size];
        }
        packA(transA, a, aOff, lda, alpha, m, k, w.a);
        return w.a;
    }

    @Override
    public int packedSize(int m, int k) {
        return roundUp(m) * k;
    }

    @Override
    public void pack(boolean transA, int m, int k, float[] a, int aOff, int lda, float[] into) {
        packA(transA, a, aOff, lda, 1f, m, k, into);
    }

    @Override
    public void multiply(float[] packedA, int m, int k, boolean transB, int n,
                         float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        if (nothingToMultiply(m, n, k, beta, c, cOff, ldc)) {
            return;
        }
        Workspace w = workspaces.get();
        int rows = roundUp(m);
        int depth = blockDepth(k);
        for (int j0 = 0; j0 < n; j0 += NC) {
            int nc = Math.min(NC, n - j0);
            for (int p0 = 0; p0 < k; p0 += depth) {
                int kc = Math.min(depth, k - p0);
                // Where beta is 0, the first block starts its tiles from zeros instead of reading C.
                boolean fromZero = beta == 0f && p0 == 0;
                // A row-major op(B) is read in place: its rows are already NR-wide runs. Only
                // a transposed one, and the ragged last panel, are packed.
                boolean direct = !transB;
                packB(transB, b, bOff, ldb, p0, kc, j0, nc, w.b, 0, direct);
                for (int i0 = 0; i0 < m; i0 += MC) {
                    int mc = Math.min(MC, m - i0);
                    // One B panel stays in L1 while the A panels stream past it from L2.
                    for (int jr = 0; jr < nc; jr += NR) {
                        int width = Math.min(NR, nc - jr);
                        boolean inPlace = direct && width == NR;
                        float[] bData = inPlace ? b : w.b;
                        int bPanel = inPlace ? bOff + p0 * ldb + j0 + jr : jr * kc;
                        int bStride = inPlace ? ldb : NR;
                        for (int ir = i0; ir < i0 + mc; ir += MR) {
                            int h = Math.min(MR, m - ir);
                            int aPanel = p0 * rows + ir * kc;
                            addTile(kc, packedA, aPanel, bData, bPanel, bStride, w.tile, fromZero,
                                    c, cOff + ir * ldc + j0 + jr, ldc, h, width);
                        }
                    }
                }
            }
        }
    }

    @Override
    public int packedRightSize(int k, int n) {
        return roundUpColumns(n) * k;
    }

    @Override
    public void packRight(boolean transB, int k, int n, float[] b, int bOff, int ldb, float[] into) {
        int cols = roundUpColumns(n);
        int depth = blockDepth(k);
        for (int p0 = 0; p0 < k; p0 += depth) {
            packB(transB, b, bOff, ldb, p0, Math.min(depth, k - p0), 0, n, into, p0 * cols, false);
        }
    }

    /**
     * {@code C = op(A)·B + beta·C} with B from {@link #packRight}: for products whose right operand
     * stays fixed over many calls and whose left one is a few rows (a recurrent step: h·W_hhᵀ).
     * Each B panel is read once per call and serves every row of A.
     */
    @Override
    public void multiplyRight(boolean transA, int m, int k, int n, float[] a, int aOff, int lda,
                              float[] packedB, float beta, float[] c, int cOff, int ldc) {
        multiplyRight(transA, m, k, n, a, aOff, lda, packedB, 0, n, beta, c, cOff, ldc);
    }

    /**
     * As {@link #multiplyRight(boolean, int, int, int, float[], int, int, float[], float, float[], int, int)}
     * on the columns [from, to) of B and C only (from a multiple of {@value #NR}; C's column j
     * still at {@code cOff + j}): how threads share one packed B, each reading only its panels.
     */
    @Override
    public void multiplyRight(boolean transA, int m, int k, int n, float[] a, int aOff, int lda,
                              float[] packedB, int from, int to, float beta, float[] c, int cOff, int ldc) {
        if (from % NR != 0 || from < 0 || to > n || from > to) {
            throw new IllegalArgumentException("columns [" + from + ", " + to + ") of " + n + " must start at a multiple of " + NR);
        }
        if (nothingToMultiply(m, to - from, k, beta, c, cOff + from, ldc)) {
            return;
        }
        float[] packedA = packedInWorkspace(transA, a, aOff, lda, 1f, m, k);
        float[] edge = workspaces.get().tile;
        int rows = roundUp(m);
        int cols = roundUpColumns(n);
        int depth = blockDepth(k);
        int fullRows = m / MR * MR;
        for (int p0 = 0; p0 < k; p0 += depth) {
            int kc = Math.min(depth, k - p0);
            boolean fromZero = beta == 0f && p0 == 0;
            for (int jr = from; jr < to; jr += NR) {
                int width = Math.min(NR, to - jr);
                int bPanel = p0 * cols + jr * kc;
                for (int ir = 0; ir < fullRows; ir += MR) {
                    int aPanel = p0 * rows + ir * kc;
                    addTile(kc, packedA, aPanel, packedB, bPanel, NR, edge, fromZero, c, cOff + ir * ldc + jr, ldc, MR, width);
                }
            }
            if (fullRows < m) {
                lastRows(kc, packedA, p0 * rows + fullRows * kc, m - fullRows, packedB, p0 * cols, from, to, edge, fromZero,
                        c, cOff + fullRows * ldc, ldc);
            }
        }
    }

    /**
     * The last h &lt; {@value #MR} rows of A (one partly filled panel) against the packed B panels
     * of columns [from, to): as tiles of 4, 2 and 1 rows (4 rows × 2 panels, 2 × 4, 1 × 4; 16, 16
     * and 8 accumulators), so that no multiply-adds go to empty rows and each B vector loaded
     * serves every row. Columns past the last whole group of 4 panels use the 8-row edge tile.
     *
     * @param bBlock start of this k block in the packed B (panel of column j at bBlock + j·kc)
     * @param cRows  C's element (first of these rows, column 0)
     */
    private static void lastRows(int kc, float[] ap, int aPanel, int h, float[] packedB, int bBlock, int from, int to,
                                 float[] edge, boolean fromZero, float[] c, int cRows, int ldc) {
        int group = 4 * NR;
        int grouped = from + (to - from) / group * group;
        float[] cIn = fromZero ? ZEROS : c;
        int ldcIn = fromZero ? 0 : ldc;
        int panelStep = NR * kc;
        for (int jr = from; jr < grouped; jr += group) {
            int bPanel = bBlock + jr * kc;
            int r = 0;
            if (h - r >= 4) {
                for (int q = 0; q < 4; q += 2) {
                    int ct = cRows + r * ldc + jr + q * NR;
                    tile4(kc, ap, aPanel + r, packedB, bPanel + q * panelStep, panelStep, cIn, fromZero ? 0 : ct, ldcIn, c, ct, ldc);
                }
                r += 4;
            }
            if (h - r >= 2) {
                int ct = cRows + r * ldc + jr;
                tile2(kc, ap, aPanel + r, packedB, bPanel, panelStep, cIn, fromZero ? 0 : ct, ldcIn, c, ct, ldc);
                r += 2;
            }
            if (h - r >= 1) {
                int ct = cRows + r * ldc + jr;
                tile1(kc, ap, aPanel + r, packedB, bPanel, panelStep, cIn, fromZero ? 0 : ct, c, ct);
            }
        }
        for (int jr = grouped; jr < to; jr += NR) {
            addTile(kc, ap, aPanel, packedB, bBlock + jr * kc, NR, edge, fromZero, c, cRows + jr, ldc, h, Math.min(NR, to - jr));
        }
    }

    private static int roundUpColumns(int n) {
        return (n + NR - 1) / NR * NR;
    }

    private static int roundUp(int m) {
        return (m + MR - 1) / MR * MR;
    }

    /** The depth of the k blocks: k split evenly into blocks of at most KC (a short last block wastes C traffic). */
    private static int blockDepth(int k) {
        if (k == 0) {
            return 1;
        }
        int blocks = (k + KC - 1) / KC;
        return (k + blocks - 1) / blocks;
    }

    /**
     * Handles the products with no multiply-adds to do (an empty C, or k = 0, where C = beta·C) and
     * scales C for a beta other than 0 and 1, which the tiles cannot fold in; true when done.
     */
    private static boolean nothingToMultiply(int m, int n, int k, float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || (beta != 0f && beta != 1f)) {
            scale(m, n, beta, c, cOff, ldc);
        }
        return k == 0;
    }

    /** C = beta·C (beta 0 writes zeros, so NaNs in C do not survive, as in BLAS). */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) {
            return;
        }
        for (int i = 0; i < m; i++) {
            int row = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, row, row + n, 0f);
            } else {
                for (int j = row; j < row + n; j++) {
                    c[j] *= beta;
                }
            }
        }
    }

    /**
     * Packs op(B)[p0 .. p0+kc, j0 .. j0+nc] into NR-wide column panels: panel q holds, for each of
     * the kc rows in turn, its NR values (zero past column nc).
     */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int nc, float[] packed,
                              int into, boolean onlyRagged) {
        for (int jr = 0; jr < nc; jr += NR) {
            int width = Math.min(NR, nc - jr);
            if (onlyRagged && width == NR) {
                continue;
            }
            int panel = into + jr * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int dst = panel + p * NR;
                    System.arraycopy(b, bOff + (p0 + p) * ldb + j0 + jr, packed, dst, width);
                    java.util.Arrays.fill(packed, dst + width, dst + NR, 0f);
                }
            } else {
                // op(B)[p, j] = b[j·ldb + p]: each stored row j is one column of the panel.
                for (int q = 0; q < NR; q++) {
                    if (q < width) {
                        int src = bOff + (j0 + jr + q) * ldb + p0;
                        for (int p = 0; p < kc; p++) {
                            packed[panel + p * NR + q] = b[src + p];
                        }
                    } else {
                        for (int p = 0; p < kc; p++) {
                            packed[panel + p * NR + q] = 0f;
                        }
                    }
                }
            }
        }
    }

    /**
     * Packs alpha·op(A) (m × k) whole: for each block of {@link #blockDepth} columns p0, the MR-high row panels of
     * all m rows in turn, each holding for every column of the block its MR values (zero past row
     * m). Panel (p0, ir) starts at p0·roundUp(m) + ir·kc.
     */
    private static void packA(boolean transA, float[] a, int aOff, int lda, float alpha, int m, int k, float[] packed) {
        int rows = roundUp(m);
        int depth = blockDepth(k);
        for (int p0 = 0; p0 < k; p0 += depth) {
            int kc = Math.min(depth, k - p0);
            for (int ir = 0; ir < m; ir += MR) {
                int h = Math.min(MR, m - ir);
                int panel = p0 * rows + ir * kc;
                if (transA) {
                    // op(A)[i, p] = a[p·lda + i]: the MR values of one p are adjacent in memory.
                    for (int p = 0; p < kc; p++) {
                        int src = aOff + (p0 + p) * lda + ir;
                        int dst = panel + p * MR;
                        for (int r = 0; r < h; r++) {
                            packed[dst + r] = alpha * a[src + r];
                        }
                        for (int r = h; r < MR; r++) {
                            packed[dst + r] = 0f;
                        }
                    }
                } else {
                    for (int r = 0; r < MR; r++) {
                        if (r < h) {
                            int src = aOff + (ir + r) * lda + p0;
                            for (int p = 0; p < kc; p++) {
                                packed[panel + p * MR + r] = alpha * a[src + p];
                            }
                        } else {
                            for (int p = 0; p < kc; p++) {
                                packed[panel + p * MR + r] = 0f;
                            }
                        }
                    }
                }
            }
        }
    }

    /**
     * Adds the h × width tile of C at cTile (h ≤ MR, width ≤ NR) from one A and one B panel,
     * starting from zeros instead of C when {@code fromZero}.
     */
    private static void addTile(int kc, float[] ap, int aPanel, float[] bData, int bPanel, int bStride, float[] edge,
                                boolean fromZero, float[] c, int cTile, int ldc, int h, int width) {
        if (h == MR && width == NR) {
            tile(kc, ap, aPanel, bData, bPanel, bStride, fromZero ? ZEROS : c, fromZero ? 0 : cTile, fromZero ? 0 : ldc, c, cTile, ldc);
        } else {
            edgeTile(kc, ap, aPanel, bData, bPanel, bStride, edge, fromZero, c, cTile, ldc, h, width);
        }
    }

    /** A tile that sticks out of C: computed on a zero-padded copy, then the valid part copied back. */
    private static void edgeTile(int kc, float[] ap, int aOff, float[] bData, int bPanel, int bStride, float[] t,
                                 boolean fromZero, float[] c, int cTile, int ldc, int h, int width) {
        java.util.Arrays.fill(t, 0f);
        if (!fromZero) {
            for (int r = 0; r < h; r++) {
                System.arraycopy(c, cTile + r * ldc, t, r * NR, width);
            }
        }
        tile(kc, ap, aOff, bData, bPanel, bStride, t, 0, NR, t, 0, NR);
        for (int r = 0; r < h; r++) {
            System.arraycopy(t, r * NR, c, cTile + r * ldc, width);
        }
    }

    /**
     * C[MR × NR tile at cOff] = start tile + A panel (kc × MR) · B panel (kc × NR), where the start
     * tile is read from {@code cIn} (C itself, or a row of zeros with stride 0). The accumulators are
     * loaded and stored once, with no branch between: a branch that merges vectors makes C2 box them.
     */
    private static void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, int bStride,
                             float[] cIn, int cInOff, int ldcIn, float[] c, int cOff, int ldc) {
        int s1 = cInOff + ldcIn;
        int s2 = s1 + ldcIn;
        int s3 = s2 + ldcIn;
        int s4 = s3 + ldcIn;
        int s5 = s4 + ldcIn;
        int s6 = s5 + ldcIn;
        int s7 = s6 + ldcIn;
        int r1 = cOff + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        int r6 = r5 + ldc;
        int r7 = r6 + ldc;
        FloatVector c00 = FloatVector.fromArray(S, cIn, cInOff);
        FloatVector c01 = FloatVector.fromArray(S, cIn, cInOff + LANES);
        FloatVector c10 = FloatVector.fromArray(S, cIn, s1);
        FloatVector c11 = FloatVector.fromArray(S, cIn, s1 + LANES);
        FloatVector c20 = FloatVector.fromArray(S, cIn, s2);
        FloatVector c21 = FloatVector.fromArray(S, cIn, s2 + LANES);
        FloatVector c30 = FloatVector.fromArray(S, cIn, s3);
        FloatVector c31 = FloatVector.fromArray(S, cIn, s3 + LANES);
        FloatVector c40 = FloatVector.fromArray(S, cIn, s4);
        FloatVector c41 = FloatVector.fromArray(S, cIn, s4 + LANES);
        FloatVector c50 = FloatVector.fromArray(S, cIn, s5);
        FloatVector c51 = FloatVector.fromArray(S, cIn, s5 + LANES);
        FloatVector c60 = FloatVector.fromArray(S, cIn, s6);
        FloatVector c61 = FloatVector.fromArray(S, cIn, s6 + LANES);
        FloatVector c70 = FloatVector.fromArray(S, cIn, s7);
        FloatVector c71 = FloatVector.fromArray(S, cIn, s7 + LANES);
        for (int p = 0; p < kc; p++) {
            int bRow = bOff + p * bStride;
            FloatVector b0 = FloatVector.fromArray(S, bp, bRow);
            FloatVector b1 = FloatVector.fromArray(S, bp, bRow + LANES);
            int a0 = aOff + p * MR;
            FloatVector x = FloatVector.broadcast(S, ap[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a0 + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a0 + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            x = FloatVector.broadcast(S, ap[a0 + 6]);
            c60 = x.fma(b0, c60);
            c61 = x.fma(b1, c61);
            x = FloatVector.broadcast(S, ap[a0 + 7]);
            c70 = x.fma(b0, c70);
            c71 = x.fma(b1, c71);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + LANES);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + LANES);
        c60.intoArray(c, r6);
        c61.intoArray(c, r6 + LANES);
        c70.intoArray(c, r7);
        c71.intoArray(c, r7 + LANES);
    }

    /**
     * 4 rows of the A panel (from {@code aOff}, stride {@value #MR}) × two B panels
     * ({@code panelStep} apart; C's columns {@value #NR} apart): 16 accumulators, as many as the
     * 8-row {@link #tile}, for a last panel of 4 to 7 rows.
     */
    private static void tile4(int kc, float[] ap, int aOff, float[] bp, int bOff, int panelStep,
                              float[] cIn, int cInOff, int ldcIn, float[] c, int cOff, int ldc) {
        int s1 = cInOff + ldcIn;
        int s2 = s1 + ldcIn;
        int s3 = s2 + ldcIn;
        int r1 = cOff + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        FloatVector c00 = FloatVector.fromArray(S, cIn, cInOff);
        FloatVector c01 = FloatVector.fromArray(S, cIn, cInOff + LANES);
        FloatVector c02 = FloatVector.fromArray(S, cIn, cInOff + 2 * LANES);
        FloatVector c03 = FloatVector.fromArray(S, cIn, cInOff + 3 * LANES);
        FloatVector c10 = FloatVector.fromArray(S, cIn, s1);
        FloatVector c11 = FloatVector.fromArray(S, cIn, s1 + LANES);
        FloatVector c12 = FloatVector.fromArray(S, cIn, s1 + 2 * LANES);
        FloatVector c13 = FloatVector.fromArray(S, cIn, s1 + 3 * LANES);
        FloatVector c20 = FloatVector.fromArray(S, cIn, s2);
        FloatVector c21 = FloatVector.fromArray(S, cIn, s2 + LANES);
        FloatVector c22 = FloatVector.fromArray(S, cIn, s2 + 2 * LANES);
        FloatVector c23 = FloatVector.fromArray(S, cIn, s2 + 3 * LANES);
        FloatVector c30 = FloatVector.fromArray(S, cIn, s3);
        FloatVector c31 = FloatVector.fromArray(S, cIn, s3 + LANES);
        FloatVector c32 = FloatVector.fromArray(S, cIn, s3 + 2 * LANES);
        FloatVector c33 = FloatVector.fromArray(S, cIn, s3 + 3 * LANES);
        int bOff2 = bOff + panelStep;
        for (int p = 0; p < kc; p++) {
            int bRow = bOff + p * NR;
            int bRow2 = bOff2 + p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bRow);
            FloatVector b1 = FloatVector.fromArray(S, bp, bRow + LANES);
            FloatVector b2 = FloatVector.fromArray(S, bp, bRow2);
            FloatVector b3 = FloatVector.fromArray(S, bp, bRow2 + LANES);
            int a0 = aOff + p * MR;
            FloatVector x = FloatVector.broadcast(S, ap[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(S, ap[a0 + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(S, ap[a0 + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + LANES);
        c02.intoArray(c, cOff + 2 * LANES);
        c03.intoArray(c, cOff + 3 * LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c12.intoArray(c, r1 + 2 * LANES);
        c13.intoArray(c, r1 + 3 * LANES);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + LANES);
        c22.intoArray(c, r2 + 2 * LANES);
        c23.intoArray(c, r2 + 3 * LANES);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + LANES);
        c32.intoArray(c, r3 + 2 * LANES);
        c33.intoArray(c, r3 + 3 * LANES);
    }

    /** 2 rows of the A panel × four B panels ({@code panelStep} apart; C's columns {@value #NR} apart): 16 accumulators. */
    private static void tile2(int kc, float[] ap, int aOff, float[] bp, int bOff, int panelStep,
                              float[] cIn, int cInOff, int ldcIn, float[] c, int cOff, int ldc) {
        int s1 = cInOff + ldcIn;
        int r1 = cOff + ldc;
        FloatVector c00 = FloatVector.fromArray(S, cIn, cInOff);
        FloatVector c01 = FloatVector.fromArray(S, cIn, cInOff + LANES);
        FloatVector c02 = FloatVector.fromArray(S, cIn, cInOff + 2 * LANES);
        FloatVector c03 = FloatVector.fromArray(S, cIn, cInOff + 3 * LANES);
        FloatVector c04 = FloatVector.fromArray(S, cIn, cInOff + 4 * LANES);
        FloatVector c05 = FloatVector.fromArray(S, cIn, cInOff + 5 * LANES);
        FloatVector c06 = FloatVector.fromArray(S, cIn, cInOff + 6 * LANES);
        FloatVector c07 = FloatVector.fromArray(S, cIn, cInOff + 7 * LANES);
        FloatVector c10 = FloatVector.fromArray(S, cIn, s1);
        FloatVector c11 = FloatVector.fromArray(S, cIn, s1 + LANES);
        FloatVector c12 = FloatVector.fromArray(S, cIn, s1 + 2 * LANES);
        FloatVector c13 = FloatVector.fromArray(S, cIn, s1 + 3 * LANES);
        FloatVector c14 = FloatVector.fromArray(S, cIn, s1 + 4 * LANES);
        FloatVector c15 = FloatVector.fromArray(S, cIn, s1 + 5 * LANES);
        FloatVector c16 = FloatVector.fromArray(S, cIn, s1 + 6 * LANES);
        FloatVector c17 = FloatVector.fromArray(S, cIn, s1 + 7 * LANES);
        int bOff2 = bOff + panelStep;
        int bOff3 = bOff2 + panelStep;
        int bOff4 = bOff3 + panelStep;
        for (int p = 0; p < kc; p++) {
            int row = p * NR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bOff + row);
            FloatVector b1 = FloatVector.fromArray(S, bp, bOff + row + LANES);
            FloatVector b2 = FloatVector.fromArray(S, bp, bOff2 + row);
            FloatVector b3 = FloatVector.fromArray(S, bp, bOff2 + row + LANES);
            FloatVector b4 = FloatVector.fromArray(S, bp, bOff3 + row);
            FloatVector b5 = FloatVector.fromArray(S, bp, bOff3 + row + LANES);
            FloatVector b6 = FloatVector.fromArray(S, bp, bOff4 + row);
            FloatVector b7 = FloatVector.fromArray(S, bp, bOff4 + row + LANES);
            int a0 = aOff + p * MR;
            FloatVector x = FloatVector.broadcast(S, ap[a0]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            c04 = x.fma(b4, c04);
            c05 = x.fma(b5, c05);
            c06 = x.fma(b6, c06);
            c07 = x.fma(b7, c07);
            x = FloatVector.broadcast(S, ap[a0 + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            c14 = x.fma(b4, c14);
            c15 = x.fma(b5, c15);
            c16 = x.fma(b6, c16);
            c17 = x.fma(b7, c17);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + LANES);
        c02.intoArray(c, cOff + 2 * LANES);
        c03.intoArray(c, cOff + 3 * LANES);
        c04.intoArray(c, cOff + 4 * LANES);
        c05.intoArray(c, cOff + 5 * LANES);
        c06.intoArray(c, cOff + 6 * LANES);
        c07.intoArray(c, cOff + 7 * LANES);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + LANES);
        c12.intoArray(c, r1 + 2 * LANES);
        c13.intoArray(c, r1 + 3 * LANES);
        c14.intoArray(c, r1 + 4 * LANES);
        c15.intoArray(c, r1 + 5 * LANES);
        c16.intoArray(c, r1 + 6 * LANES);
        c17.intoArray(c, r1 + 7 * LANES);
    }

    /**
     * 1 row of the A panel × four B panels ({@code panelStep} apart; C's columns {@value #NR}
     * apart): eight independent accumulators, enough to keep both multiply-add pipes busy
     * through their latency when each B value serves a single row.
     */
    private static void tile1(int kc, float[] ap, int aOff, float[] bp, int bOff, int panelStep,
                              float[] cIn, int cInOff, float[] c, int cOff) {
        FloatVector c0 = FloatVector.fromArray(S, cIn, cInOff);
        FloatVector c1 = FloatVector.fromArray(S, cIn, cInOff + LANES);
        FloatVector c2 = FloatVector.fromArray(S, cIn, cInOff + 2 * LANES);
        FloatVector c3 = FloatVector.fromArray(S, cIn, cInOff + 3 * LANES);
        FloatVector c4 = FloatVector.fromArray(S, cIn, cInOff + 4 * LANES);
        FloatVector c5 = FloatVector.fromArray(S, cIn, cInOff + 5 * LANES);
        FloatVector c6 = FloatVector.fromArray(S, cIn, cInOff + 6 * LANES);
        FloatVector c7 = FloatVector.fromArray(S, cIn, cInOff + 7 * LANES);
        int bOff2 = bOff + panelStep;
        int bOff3 = bOff2 + panelStep;
        int bOff4 = bOff3 + panelStep;
        for (int p = 0; p < kc; p++) {
            int row = p * NR;
            FloatVector x = FloatVector.broadcast(S, ap[aOff + p * MR]);
            c0 = x.fma(FloatVector.fromArray(S, bp, bOff + row), c0);
            c1 = x.fma(FloatVector.fromArray(S, bp, bOff + row + LANES), c1);
            c2 = x.fma(FloatVector.fromArray(S, bp, bOff2 + row), c2);
            c3 = x.fma(FloatVector.fromArray(S, bp, bOff2 + row + LANES), c3);
            c4 = x.fma(FloatVector.fromArray(S, bp, bOff3 + row), c4);
            c5 = x.fma(FloatVector.fromArray(S, bp, bOff3 + row + LANES), c5);
            c6 = x.fma(FloatVector.fromArray(S, bp, bOff4 + row), c6);
            c7 = x.fma(FloatVector.fromArray(S, bp, bOff4 + row + LANES), c7);
        }
        c0.intoArray(c, cOff);
        c1.intoArray(c, cOff + LANES);
        c2.intoArray(c, cOff + 2 * LANES);
        c3.intoArray(c, cOff + 3 * LANES);
        c4.intoArray(c, cOff + 4 * LANES);
        c5.intoArray(c, cOff + 5 * LANES);
        c6.intoArray(c, cOff + 6 * LANES);
        c7.intoArray(c, cOff + 7 * LANES);
    }
}
