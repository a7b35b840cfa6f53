package io.rnn4j.spark;

/** A {@link RowScoring} that reads one column. */
abstract class SingleColumnScoring implements RowScoring {

    private static final long serialVersionUID = 1L;

    @Override
    public final int inputs() {
        return 1;
    }
}
