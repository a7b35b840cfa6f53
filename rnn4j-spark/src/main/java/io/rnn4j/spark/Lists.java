package io.rnn4j.spark;

import java.util.Arrays;
import java.util.List;

/** An array value from a Spark row or SQL function argument as a Java list, whatever Spark made of it. */
final class Lists {

    private Lists() {
    }

    /** A Java list, a Scala sequence, or a Java array (primitive double or objects) as a list. */
    @SuppressWarnings("unchecked")
    static List<Object> of(Object o) {
        if (o instanceof List<?> l) {
            return (List<Object>) l;
        }
        if (o instanceof scala.collection.Seq<?> s) {
            return (List<Object>) scala.jdk.javaapi.CollectionConverters.asJava(s);
        }
        if (o instanceof double[] d) {
            return Arrays.stream(d).boxed().map(Object.class::cast).toList();
        }
        if (o instanceof Object[] a) {
            return Arrays.asList(a);
        }
        throw new IllegalArgumentException("expected an array, got a " + o.getClass().getSimpleName());
    }
}
