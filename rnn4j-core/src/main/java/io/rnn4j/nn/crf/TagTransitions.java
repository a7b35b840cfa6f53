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
        String misfit = misfit(tags);
        if (misfit != null) {
            throw new IllegalArgumentException(whyMisfit(misfit));
        }
        if (!hasChunkTags(tags)) {
            return Scheme.NONE;
        }
        return tags.stream().anyMatch(t -> prefix(t).equals("E") || prefix(t).equals("S")) ? Scheme.IOBES : Scheme.BIO;
    }

    /**
     * The first tag that fits no scheme in a set that has chunk tags (neither O nor B-, I-, E- or
     * S- with a type), or null when there is none or the set has no chunk tags at all.
     */
    public static String misfit(List<String> tags) {
        if (!hasChunkTags(tags)) {
            return null;
        }
        for (String t : tags) {
            String p = prefix(t);
            boolean ok = t.equals("O") || (type(t).length() > 0 && (p.equals("B") || p.equals("I") || p.equals("E")
                    || p.equals("S")));
            if (!ok) {
                return t;
            }
        }
        return null;
    }

    /** Why {@code tag} (a {@link #misfit}) is refused, in words. */
    public static String whyMisfit(String tag) {
        return "tag '" + tag + "' fits neither the BIO nor the IOBES scheme of the other tags (O, or B-, I-, E-, S- and a type)";
    }

    private static boolean hasChunkTags(List<String> tags) {
        for (String t : tags) {
            String p = prefix(t);
            if (p.equals("B") || p.equals("I") || p.equals("E") || p.equals("S")) {
                return true;
            }
        }
        return false;
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
