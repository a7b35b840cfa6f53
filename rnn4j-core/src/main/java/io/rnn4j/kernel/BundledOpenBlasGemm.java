package io.rnn4j.kernel;

import org.bytedeco.openblas.global.openblas_nolapack;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;

/**
 * GEMM through the OpenBLAS that {@code org.bytedeco:openblas} bundles in its platform jars
 * (JavaCPP), for machines without a system OpenBLAS that rnn4j can reach, such as macOS and
 * Windows: add {@code org.bytedeco:openblas-platform} (or the one platform's classifier jar) to
 * the class path. rnn4j declares it as an optional dependency, so it is never pulled in unasked.
 *
 * <p>CBLAS takes row-major operands directly. Operands with an offset are passed as wrapped
 * heap buffers, which JavaCPP reads from their position. The JNI array access may copy, so this
 * path is slower than the system one (1.14–1.37× in the README's GEMM table); it runs the
 * kernels OpenBLAS picks for the CPU.
 */
final class BundledOpenBlasGemm implements Gemm {

    /** Loads the native library (once; JavaCPP caches it) and fails when it cannot. */
    BundledOpenBlasGemm() {
        org.bytedeco.javacpp.Loader.load(openblas_nolapack.class);
    }

    @Override
    public String name() {
        return "openblas (bundled: org.bytedeco:openblas through JavaCPP)";
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float alpha, float[] a, int aOff, int lda,
                     float[] b, int bOff, int ldb,
                     float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            ScaleOnly.scale(m, n, beta, c, cOff, ldc);
            return;
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int la = Math.max(1, lda);
        int lb = Math.max(1, ldb);
        int lc = Math.max(1, ldc);
        if (aOff == 0 && bOff == 0 && cOff == 0) {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha, a, la, b, lb, beta, c, lc);
        } else {
            openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha,
                    FloatBuffer.wrap(a, aOff, a.length - aOff), la, FloatBuffer.wrap(b, bOff, b.length - bOff), lb, beta,
                    FloatBuffer.wrap(c, cOff, c.length - cOff), lc);
        }
    }

    @Override
    public void dgemm(boolean transA, boolean transB, int m, int n, int k,
                      double alpha, double[] a, int aOff, int lda,
                      double[] b, int bOff, int ldb,
                      double beta, double[] c, int cOff, int ldc) {
        if (m == 0 || n == 0 || k == 0) {
            Gemm.super.dgemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int ta = transA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        int tb = transB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans;
        openblas_nolapack.cblas_dgemm(openblas_nolapack.CblasRowMajor, ta, tb, m, n, k, alpha,
                DoubleBuffer.wrap(a, aOff, a.length - aOff), Math.max(1, lda), DoubleBuffer.wrap(b, bOff, b.length - bOff),
                Math.max(1, ldb), beta, DoubleBuffer.wrap(c, cOff, c.length - cOff), Math.max(1, ldc));
    }
}
