package io.rnn4j.forecast;

/**
 * Train, validation and test parts in time order: rows [0, train), [train, train + validation),
 * [train + validation, train + validation + test). Written {@code TRAIN,VAL,TEST} as row counts
 * ({@code 8640,2880,2880}, the ETT protocol) or as fractions of the rows ({@code 0.7,0.1,0.2},
 * DLinear's default, where the validation part takes what the other two leave, as in its code).
 *
 * <p>A window belongs to the part its forecast targets fall in; its look-back may reach into the
 * part before, as in the Informer, DLinear and SegRNN data loaders.
 */
public record TimeSplit(int train, int validation, int test) {

    public TimeSplit {
        if (train < 1 || validation < 0 || test < 0) {
            throw new IllegalArgumentException("a split needs a training part of >= 1 row and parts of >= 0, got " + train + ", "
                    + validation + ", " + test);
        }
    }

    /** DLinear's default: 70 % train, 20 % test, the rest validation. */
    public static final String DEFAULT = "0.7,0.1,0.2";

    /** Parses {@code TRAIN,VAL,TEST} for a series of {@code rows} rows. */
    public static TimeSplit parse(String text, int rows) {
        String[] p = text.split(",");
        if (p.length != 3) {
            throw new IllegalArgumentException("--split takes TRAIN,VAL,TEST (row counts or fractions), got '" + text + "'");
        }
        double[] v = new double[3];
        for (int i = 0; i < 3; i++) {
            try {
                v[i] = Double.parseDouble(p[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--split " + text + ": '" + p[i].trim() + "' is not a number");
            }
            if (!(v[i] >= 0) || Double.isInfinite(v[i])) {
                throw new IllegalArgumentException("--split " + text + ": parts must be >= 0");
            }
        }
        boolean fractions = v[0] != Math.rint(v[0]) || v[1] != Math.rint(v[1]) || v[2] != Math.rint(v[2]);
        if (fractions && (v[0] >= 1 || v[1] >= 1 || v[2] >= 1)) {
            throw new IllegalArgumentException("--split " + text + ": mix of row counts and fractions");
        }
        TimeSplit s;
        if (fractions) {
            if (v[0] + v[1] + v[2] > 1 + 1e-9) {
                throw new IllegalArgumentException("--split " + text + ": fractions add up to more than 1");
            }
            int train = (int) (rows * v[0]);
            int test = (int) (rows * v[2]);
            int validation = v[0] + v[1] + v[2] > 1 - 1e-9 ? rows - train - test : (int) (rows * v[1]);
            s = new TimeSplit(train, validation, test);
        } else {
            s = new TimeSplit((int) v[0], (int) v[1], (int) v[2]);
        }
        if ((long) s.train + s.validation + s.test > rows) {
            throw new IllegalArgumentException("--split " + text + " needs " + ((long) s.train + s.validation + s.test)
                    + " rows, but the series has " + rows);
        }
        return s;
    }

    public int validationStart() {
        return train;
    }

    public int testStart() {
        return train + validation;
    }

    public int end() {
        return train + validation + test;
    }

    @Override
    public String toString() {
        return train + "," + validation + "," + test;
    }
}
