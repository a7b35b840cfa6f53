package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.train.Metrics;
import io.rnn4j.train.TrainingListener;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Training metrics as JSON lines (one object per update and per validation, flushed as written,
 * so a crashed run keeps what it logged), and the series kept in memory for the loss plot.
 */
final class MetricsLog implements TrainingListener, AutoCloseable {

    /** One point of a loss curve. */
    record Point(long step, double seconds, double loss) {
    }

    private final BufferedWriter out;
    private final Path file;
    final List<Point> train = new ArrayList<>();
    final List<Point> validation = new ArrayList<>();
    /** Counted rows per second of training so far (validation time included), as of the last report; NaN before one. */
    double rowsPerSecond = Double.NaN;

    /** A new log. */
    MetricsLog(Path file) {
        this(file, -1);
    }

    /**
     * A log that continues {@code file} from update {@code keepUpToStep} (a resumed run): lines of
     * later updates, written by the run after its checkpoint, are dropped. A negative step starts
     * a new log.
     */
    MetricsLog(Path file, long keepUpToStep) {
        this.file = file;
        List<String> kept = new ArrayList<>();
        if (keepUpToStep >= 0 && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    JsonObject o;
                    try {
                        o = JsonParser.parseString(line).getAsJsonObject();
                    } catch (RuntimeException torn) {
                        continue; // a line cut by the crash
                    }
                    if (o.has("step") && o.get("step").getAsLong() <= keepUpToStep) {
                        kept.add(line);
                        remember(o);
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read metrics " + file + ": " + e.getMessage());
            }
        }
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            for (String line : kept) {
                out.write(line);
                out.newLine();
            }
            out.flush();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write metrics to " + file + ": " + e.getMessage());
        }
    }

    private void remember(JsonObject o) {
        long step = o.get("step").getAsLong();
        double seconds = o.get("seconds").getAsDouble();
        if (o.has("validation_loss")) {
            validation.add(new Point(step, seconds, o.get("validation_loss").getAsDouble()));
        } else if (o.has("train_loss") && o.get("train_loss").isJsonPrimitive()) {
            train.add(new Point(step, seconds, o.get("train_loss").getAsDouble()));
        }
    }

    @Override
    public void onMetrics(Metrics m) {
        JsonObject o = new JsonObject();
        o.addProperty("step", m.step());
        o.addProperty("epoch", m.epoch());
        o.addProperty("seconds", m.elapsedSeconds());
        if (m.hasValidation()) {
            o.addProperty("validation_loss", m.validationLoss());
            validation.add(new Point(m.step(), m.elapsedSeconds(), m.validationLoss()));
        } else {
            o.addProperty("train_loss", m.trainLoss());
            // a Kalman filter has neither a learning rate nor a gradient norm: the keys are left out
            if (Double.isFinite(m.learningRate())) {
                o.addProperty("learning_rate", m.learningRate());
            }
            if (Double.isFinite(m.gradientNorm())) {
                o.addProperty("gradient_norm", m.gradientNorm());
            }
            o.addProperty("tokens_per_second", m.rowsPerSecond());
            rowsPerSecond = m.rowsPerSecond();
            train.add(new Point(m.step(), m.elapsedSeconds(), m.trainLoss()));
        }
        try {
            out.write(o.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
        if (!Files.exists(file)) {
            // removed while open (its folder deleted during the run, say): the lines went to an
            // unlinked file; the model is written separately, so say what was lost and go on
            System.err.println("rnn4j: warning: " + file + " was removed while the run wrote it; its lines are lost");
        }
    }
}
