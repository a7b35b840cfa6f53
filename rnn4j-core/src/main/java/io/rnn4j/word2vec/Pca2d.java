package io.rnn4j.word2vec;

/**
 * The first two principal components of a few vectors, to draw them on a page: the rows are
 * centred, the covariance's two leading eigenvectors found by power iteration (the second with
 * the first projected out), and each row projected onto them.
 */
public final class Pca2d {

    private Pca2d() {
    }

    /** Each row of {@code rows} (n × D) as a point (x, y) on the first two principal components. */
    public static double[][] project(float[][] rows) {
        int n = rows.length;
        int d = rows[0].length;
        double[][] x = new double[n][d];
        for (int j = 0; j < d; j++) {
            double mean = 0;
            for (float[] r : rows) {
                mean += r[j];
            }
            mean /= n;
            for (int i = 0; i < n; i++) {
                x[i][j] = rows[i][j] - mean;
            }
        }
        double[] first = leading(x, null);
        double[] second = leading(x, first);
        double[][] points = new double[n][2];
        for (int i = 0; i < n; i++) {
            points[i][0] = dot(x[i], first);
            points[i][1] = dot(x[i], second);
        }
        return points;
    }

    /** The leading eigenvector of XᵀX, orthogonal to {@code not} when given. */
    private static double[] leading(double[][] x, double[] not) {
        int d = x[0].length;
        double[] v = new double[d];
        for (int j = 0; j < d; j++) {
            v[j] = 1.0 / Math.sqrt(d) * (1 + 0.01 * j); // a fixed start not orthogonal to any component in practice
        }
        for (int it = 0; it < 500; it++) {
            double[] w = new double[d];
            for (double[] row : x) {
                double p = dot(row, v);
                for (int j = 0; j < d; j++) {
                    w[j] += p * row[j];
                }
            }
            if (not != null) {
                double p = dot(w, not);
                for (int j = 0; j < d; j++) {
                    w[j] -= p * not[j];
                }
            }
            double norm = Math.sqrt(dot(w, w));
            if (norm == 0) {
                return w;
            }
            for (int j = 0; j < d; j++) {
                w[j] /= norm;
            }
            v = w;
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
