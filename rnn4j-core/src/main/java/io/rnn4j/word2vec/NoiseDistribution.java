package io.rnn4j.word2vec;

/**
 * Draws noise words for negative sampling from the unigram distribution to the 3/4 power,
 * P(w) ∝ count(w)^0.75 (Mikolov et al. 2013), by Walker's alias method (Vose's construction):
 * a draw picks a column uniformly and keeps it or takes its alias by one comparison. The two
 * tables hold 8 bytes per vocabulary word, small enough to stay in the core's cache, where the
 * original tool's table of 10^8 entries (and rnn4j's first, smaller copy of it) missed the cache
 * on nearly every draw; the distribution is exact rather than rounded to table entries.
 */
final class NoiseDistribution {

    /** Keep column i when the draw's fraction is below keep[i] (scaled to 2^31). */
    private final int[] keep;
    private final int[] alias;

    NoiseDistribution(long[] counts) {
        int n = counts.length;
        double[] p = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            p[i] = Math.pow(counts[i], 0.75);
            sum += p[i];
        }
        double[] scaled = new double[n];
        int[] small = new int[n];
        int[] large = new int[n];
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < n; i++) {
            scaled[i] = p[i] / sum * n;
            if (scaled[i] < 1) {
                small[ns++] = i;
            } else {
                large[nl++] = i;
            }
        }
        keep = new int[n];
        alias = new int[n];
        while (ns > 0 && nl > 0) {
            int s = small[--ns];
            int l = large[--nl];
            keep[s] = (int) Math.min(Integer.MAX_VALUE, Math.round(scaled[s] * 0x1p31));
            alias[s] = l;
            scaled[l] -= 1 - scaled[s];
            if (scaled[l] < 1) {
                small[ns++] = l;
            } else {
                large[nl++] = l;
            }
        }
        while (nl > 0) {
            int l = large[--nl];
            keep[l] = Integer.MAX_VALUE;
            alias[l] = l;
        }
        while (ns > 0) { // left over only by rounding: keep them whole
            int s = small[--ns];
            keep[s] = Integer.MAX_VALUE;
            alias[s] = s;
        }
    }

    /** A noise word for two independent uniform draws in [0, 2^31). */
    int draw(int column, int fraction) {
        int i = (int) (((long) column * keep.length) >>> 31); // column·n / 2^31: a multiply where % would divide
        return fraction < keep[i] ? i : alias[i];
    }
}
