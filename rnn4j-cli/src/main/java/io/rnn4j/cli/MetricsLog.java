package io.rnn4j.cli;

import com.google.gson.JsonObject;
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
    final List<Point> train = new ArrayList<>();
    final List<Point> validation = new ArrayList<>();

    MetricsLog(Path file) {
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write metrics to " + file + ": " + e.getMessage());
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
            o.addProperty("learning_rate", m.learningRate());
            o.addProperty("gradient_norm", m.gradientNorm());
            o.addProperty("tokens_per_second", m.rowsPerSecond());
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
    }
}
