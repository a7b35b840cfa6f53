package io.rnn4j.word2vec;

/**
 * The binary Huffman tree over the vocabulary that hierarchical softmax walks (Morin &amp; Bengio
 * 2005; built as the original word2vec tool builds it): frequent words get short paths. Word
 * {@code w}'s path from the root is {@code points(w)[j]}, the inner nodes (0..V-2, the root
 * V-2), with {@code codes(w)[j]} the branch taken at each (0 or 1); then
 * {@code P(w | h) = Π_j σ((1 − 2·code_j)·h·u_{point_j})}.
 */
final class HuffmanTree {

    private final byte[][] codes;
    private final int[][] points;

    /** The tree over words counted {@code counts}, most frequent first. */
    HuffmanTree(long[] counts) {
        int v = counts.length;
        codes = new byte[v][];
        points = new int[v][];
        if (v == 1) {
            codes[0] = new byte[0];
            points[0] = new int[0];
            return;
        }
        long[] count = new long[2 * v - 1];
        int[] parent = new int[2 * v - 1];
        byte[] branch = new byte[2 * v - 1];
        System.arraycopy(counts, 0, count, 0, v);
        java.util.Arrays.fill(count, v, count.length, Long.MAX_VALUE);
        int leaf = v - 1; // the least frequent leaf not yet merged
        int inner = v;    // the least frequent inner node not yet merged
        for (int a = 0; a < v - 1; a++) {
            int first;
            if (leaf >= 0 && count[leaf] < count[inner]) {
                first = leaf--;
            } else {
                first = inner++;
            }
            int second;
            if (leaf >= 0 && count[leaf] < count[inner]) {
                second = leaf--;
            } else {
                second = inner++;
            }
            count[v + a] = count[first] + count[second];
            parent[first] = v + a;
            parent[second] = v + a;
            branch[second] = 1;
        }
        int root = 2 * v - 2;
        int[] path = new int[v];
        byte[] bits = new byte[v];
        for (int w = 0; w < v; w++) {
            int length = 0;
            for (int node = w; node != root; node = parent[node]) {
                bits[length] = branch[node];
                path[length] = node;
                length++;
            }
            byte[] code = new byte[length];
            int[] point = new int[length];
            point[0] = v - 2;
            for (int b = 0; b < length; b++) {
                code[length - b - 1] = bits[b];
                if (b > 0) {
                    point[length - b] = path[b] - v;
                }
            }
            codes[w] = code;
            points[w] = point;
        }
    }

    byte[] codes(int word) {
        return codes[word];
    }

    int[] points(int word) {
        return points[word];
    }
}
