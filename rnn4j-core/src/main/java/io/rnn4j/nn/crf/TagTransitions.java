package io.rnn4j.nn.crf;

import java.util.List;

/**
 * Which tag may follow which under the BIO (IOB2) and IOBES chunk schemes, so a CRF never
 * proposes a chunk that does not parse ({@code O → I-NP}, {@code B-NP → I-VP}):
 * <ul>
 *   <li>{@code I-X} and {@code E-X} only after {@code B-X} or {@code I-X} of the same type;</li>
 *   <li>after {@code B-X} or {@code I-X} in IOBES only {@code I-X} or {@code E-X};</li>
 *   <li>a sentence does not start with {@code I-X}/{@code E-X}, nor end (IOBES) in
 *       {@code B-X}/{@code I-X}.</li>
 * </ul>
 * Tags without a scheme prefix (part-of-speech tags) allow everything.
 */
public final class TagTransitions {

    private TagTransitions() {
    }

    /** The scheme a tag set follows: BIO when it has B-/I- tags, IOBES when it also has E- or S- tags, else none. */
    public enum Scheme { NONE, BIO, IOBES }

    /**
     * The scheme of {@code tags}, or an exception naming the first tag that fits no scheme in a
     * set that has chunk tags (an "X-NP" among "B-NP"/"I-NP"/"O").
     */
    public static Scheme schemeOf(List<String> tags) {
        boolean chunks = false;
        boolean iobes = false;
        for (String t : tags) {
            String p = prefix(t);
            if (p.equals("B") || p.equals("I")) {
                chunks = true;
            } else if (p.equals("E") || p.equals("S")) {
                chunks = true;
                iobes = true;
            }
        }
        if (!chunks) {
            return Scheme.NONE;
        }
        for (String t : tags) {
            String p = prefix(t);
            boolean ok = t.equals("O") || (type(t).length() > 0 && (p.equals("B") || p.equals("I") || p.equals("E")
                    || p.equals("S")));
            if (!ok) {
                throw new IllegalArgumentException("tag '" + t + "' fits neither the BIO nor the IOBES scheme of the other tags"
                        + " (O, or B-, I-, E-, S- and a type)");
            }
        }
        return iobes ? Scheme.IOBES : Scheme.BIO;
    }

    /** allowed[i][j]: tag j may follow tag i. */
    public static boolean[][] allowed(List<String> tags) {
        Scheme scheme = schemeOf(tags);
        int k = tags.size();
        boolean[][] a = new boolean[k][k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                a[i][j] = scheme == Scheme.NONE || follows(tags.get(i), tags.get(j), scheme);
            }
        }
        return a;
    }

    /** Whether a sentence may start with each tag. */
    public static boolean[] allowedStart(List<String> tags) {
        Scheme scheme = schemeOf(tags);
        boolean[] a = new boolean[tags.size()];
        for (int j = 0; j < a.length; j++) {
            String p = prefix(tags.get(j));
            a[j] = scheme == Scheme.NONE || !(p.equals("I") || p.equals("E"));
        }
        return a;
    }

    /** Whether a sentence may end with each tag. */
    public static boolean[] allowedEnd(List<String> tags) {
        Scheme scheme = schemeOf(tags);
        boolean[] a = new boolean[tags.size()];
        for (int i = 0; i < a.length; i++) {
            String p = prefix(tags.get(i));
            a[i] = scheme != Scheme.IOBES || !(p.equals("B") || p.equals("I"));
        }
        return a;
    }

    private static boolean follows(String from, String to, Scheme scheme) {
        String pf = prefix(from);
        String pt = prefix(to);
        boolean inside = pt.equals("I") || pt.equals("E");
        boolean open = pf.equals("B") || pf.equals("I");
        if (inside) {
            return open && type(from).equals(type(to));
        }
        // O, B- or S- may follow anything in BIO; in IOBES an open chunk must close first
        return scheme != Scheme.IOBES || !open;
    }

    static String prefix(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? tag : tag.substring(0, dash);
    }

    static String type(String tag) {
        int dash = tag.indexOf('-');
        return dash < 0 ? "" : tag.substring(dash + 1);
    }
}
