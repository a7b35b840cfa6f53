package io.rnn4j.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The tokenisers BLEU is computed after, as sacreBLEU 2.x (Post 2018) defines them:
 * <ul>
 *   <li>{@link #THIRTEEN_A} ("13a", mteval-v13a as WMT uses it): unescapes {@code &quot; &amp; &lt; &gt;},
 *       splits off punctuation and symbols, and periods and commas unless next to a digit, and a
 *       dash after a digit;</li>
 *   <li>{@link #ZH} ("zh"): every Chinese character (and CJK punctuation, full-width forms and a
 *       few symbol blocks) becomes a token of its own, and the rest is split as 13a splits it;</li>
 *   <li>{@link #NONE}: whitespace only.</li>
 * </ul>
 * The Chinese character ranges are sacreBLEU's, including how its Python comparison reads the
 * two ranges it writes as {@code '\u20000'…'\u2a6d6'} and {@code '\u2f800'…'\u2fa1d'}: as the
 * two-character strings they are, which admit U+2001–U+2A6D and U+2F81–U+2FA1 (general punctuation
 * such as “ ” … — among them) and no character beyond the BMP. Matching sacreBLEU's output is the
 * point, so rnn4j reads them the same way.
 */
public enum MtTokenizer {

    THIRTEEN_A("13a"), ZH("zh"), NONE("none");

    private final String signature;

    MtTokenizer(String signature) {
        this.signature = signature;
    }

    /** sacreBLEU's name for it: 13a, zh or none. */
    public String signature() {
        return signature;
    }

    /** By sacreBLEU's name (13a, zh, none). */
    public static MtTokenizer of(String name) {
        for (MtTokenizer t : values()) {
            if (t.signature.equals(name.toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("unknown BLEU tokeniser '" + name + "'; use 13a, zh or none");
    }

    /** The tokeniser sacreBLEU picks for a target language: zh for Chinese, else 13a. */
    public static MtTokenizer forLanguage(String language) {
        return "zh".equals(language) ? ZH : THIRTEEN_A;
    }

    private static final Pattern SYMBOLS = Pattern.compile("([\\{-\\~\\[-\\` -\\&\\(-\\+\\:-\\@\\/])");
    private static final Pattern PERIOD_AFTER_NON_DIGIT = Pattern.compile("([^0-9])([\\.,])");
    private static final Pattern PERIOD_BEFORE_NON_DIGIT = Pattern.compile("([\\.,])([^0-9])");
    private static final Pattern DASH_AFTER_DIGIT = Pattern.compile("([0-9])(-)");

    private static final int[][] CHINESE = {
            {0x3400, 0x4db5}, {0x4e00, 0x9fa5}, {0x9fa6, 0x9fbb}, {0xf900, 0xfa2d}, {0xfa30, 0xfa6a}, {0xfa70, 0xfad9},
            {0x2001, 0x2a6d}, {0x2f81, 0x2fa1}, // sacreBLEU's two "UTF16" ranges, as Python compares them (see above)
            {0xff00, 0xffef}, {0x2e80, 0x2eff}, {0x3000, 0x303f}, {0x31c0, 0x31ef}, {0x2f00, 0x2fdf}, {0x2ff0, 0x2fff},
            {0x3100, 0x312f}, {0x31a0, 0x31bf}, {0xfe10, 0xfe1f}, {0xfe30, 0xfe4f}, {0x2600, 0x26ff}, {0x2700, 0x27bf},
            {0x3200, 0x32ff}, {0x3300, 0x33ff},
    };

    /** The tokens of one line. */
    public List<String> tokenize(String line) {
        switch (this) {
            case NONE:
                return split(line);
            case THIRTEEN_A: {
                String s = line.replace("<skipped>", "").replace("-\n", "").replace("\n", " ")
                        .replace("&quot;", "\"").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">");
                return split(regexp(" " + s + " "));
            }
            default: {
                String s = strip(line);
                StringBuilder sb = new StringBuilder(s.length() * 2);
                s.codePoints().forEach(cp -> {
                    if (isChinese(cp)) {
                        sb.append(' ').appendCodePoint(cp).append(' ');
                    } else {
                        sb.appendCodePoint(cp);
                    }
                });
                return split(regexp(sb.toString()));
            }
        }
    }

    /** The tokens of one line joined by single spaces, as sacreBLEU's tokenisers return them. */
    public String apply(String line) {
        return String.join(" ", tokenize(line));
    }

    static boolean isChinese(int cp) {
        for (int[] r : CHINESE) {
            if (cp >= r[0] && cp <= r[1]) {
                return true;
            }
        }
        return false;
    }

    private static String regexp(String s) {
        s = SYMBOLS.matcher(s).replaceAll(" $1 ");
        s = PERIOD_AFTER_NON_DIGIT.matcher(s).replaceAll("$1 $2 ");
        s = PERIOD_BEFORE_NON_DIGIT.matcher(s).replaceAll(" $1 $2");
        return DASH_AFTER_DIGIT.matcher(s).replaceAll("$1 $2 ");
    }

    /** Python's {@code str.split()}: runs of Python whitespace separate tokens. */
    static List<String> split(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i < s.length(); i++) {
            boolean space = isPythonSpace(s.charAt(i));
            if (space && start >= 0) {
                out.add(s.substring(start, i));
                start = -1;
            } else if (!space && start < 0) {
                start = i;
            }
        }
        if (start >= 0) {
            out.add(s.substring(start));
        }
        return out;
    }

    /** Python's {@code str.strip()}. */
    static String strip(String s) {
        int a = 0;
        int b = s.length();
        while (a < b && isPythonSpace(s.charAt(a))) {
            a++;
        }
        while (b > a && isPythonSpace(s.charAt(b - 1))) {
            b--;
        }
        return s.substring(a, b);
    }

    /** What Python's {@code str.isspace()} accepts: ASCII and Unicode separators, not U+200B. */
    static boolean isPythonSpace(char c) {
        return (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) || c == 0x85 || c == 0xa0 || c == 0x1680
                || (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 || c == 0x202f || c == 0x205f || c == 0x3000;
    }
}
