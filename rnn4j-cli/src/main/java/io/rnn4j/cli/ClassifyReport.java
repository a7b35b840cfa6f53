package io.rnn4j.cli;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.eval.ConfusionMatrix;
import io.rnn4j.text.ClassifierEvaluation;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * How {@code classify train} and {@code classify eval} show an evaluation: one line of accuracy
 * and macro scores, a line per class, ROC AUC for two classes; as JSON with stable keys. Scores
 * are in percent, ROC AUC in [0, 1].
 */
final class ClassifyReport {

    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create();

    private ClassifyReport() {
    }

    static void print(ClassifierEvaluation e, PrintStream out) {
        ConfusionMatrix m = e.confusion();
        out.printf(Locale.ROOT, "  accuracy %.2f%% (%,d of %,d); macro precision %.2f, recall %.2f, F1 %.2f%s%n",
                100 * m.accuracy(), Math.round(m.accuracy() * m.total()), m.total(), 100 * m.macroPrecision(), 100 * m.macroRecall(),
                100 * m.macroF1(), Double.isNaN(e.rocAuc()) ? "" : String.format(Locale.ROOT, "; ROC AUC %.4f (positive: %s)",
                        e.rocAuc(), m.classes().get(e.positive())));
        List<String> classes = m.classes();
        for (int c = 0; c < classes.size(); c++) {
            out.printf(Locale.ROOT, "  %-12s precision %6.2f  recall %6.2f  F1 %6.2f  (%,d)%n", classes.get(c), 100 * m.precision(c),
                    100 * m.recall(c), 100 * m.f1(c), m.support(c));
        }
    }

    static JsonObject toJson(ClassifierEvaluation e, int examples) {
        ConfusionMatrix m = e.confusion();
        JsonObject o = new JsonObject();
        o.addProperty("accuracy", 100 * m.accuracy());
        o.addProperty("macro_f1", 100 * m.macroF1());
        o.addProperty("macro_precision", 100 * m.macroPrecision());
        o.addProperty("macro_recall", 100 * m.macroRecall());
        o.addProperty("examples", examples);
        if (!Double.isNaN(e.rocAuc())) {
            o.addProperty("roc_auc", e.rocAuc());
            o.addProperty("positive_class", m.classes().get(e.positive()));
        }
        JsonObject perClass = new JsonObject();
        for (int c = 0; c < m.classes().size(); c++) {
            JsonObject s = new JsonObject();
            s.addProperty("precision", 100 * m.precision(c));
            s.addProperty("recall", 100 * m.recall(c));
            s.addProperty("f1", 100 * m.f1(c));
            s.addProperty("support", m.support(c));
            perClass.add(m.classes().get(c), s);
        }
        o.add("per_class", perClass);
        JsonArray classes = new JsonArray();
        m.classes().forEach(classes::add);
        o.add("classes", classes);
        JsonArray matrix = new JsonArray();
        for (long[] row : m.counts()) {
            JsonArray r = new JsonArray();
            for (long v : row) {
                r.add(v);
            }
            matrix.add(r);
        }
        o.add("confusion", matrix);
        return o;
    }

    /** The counts as ints, for the confusion picture. */
    static int[][] counts(ConfusionMatrix m) {
        long[][] c = m.counts();
        int[][] out = new int[c.length][c.length];
        for (int i = 0; i < c.length; i++) {
            for (int j = 0; j < c.length; j++) {
                out[i][j] = (int) Math.min(Integer.MAX_VALUE, c[i][j]);
            }
        }
        return out;
    }
}
