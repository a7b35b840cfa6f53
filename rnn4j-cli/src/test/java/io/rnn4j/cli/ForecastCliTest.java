package io.rnn4j.cli;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.rnn4j.cli.CliRunner.Run;
import io.rnn4j.io.ModelFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code rnn4j forecast} on a generated file of two hourly series with a daily cycle: train writes
 * the model, metrics and plot and scores the test part; eval scores the same part to the same
 * numbers with the stable JSON keys; predict writes the next H hours with intervals; a killed
 * run resumes to the same weights; and each kind of bad input gets one clear line.
 */
class ForecastCliTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final int ROWS = 1200;

    @TempDir
    static Path dir;
    static Path csv;
    static Path model;
    static JsonObject trained;

    /** load = 10 + 3 sin(2πt/24) + noise, temp = 20 + 0.5·load(t − 2) + noise, hourly from 2020-01-01. */
    static String series(int rows, boolean header) {
        SplittableRandom rng = new SplittableRandom(7);
        StringBuilder s = new StringBuilder(header ? "date,load,temp\n" : "");
        LocalDateTime t = LocalDateTime.of(2020, 1, 1, 0, 0);
        double[] load = new double[rows];
        for (int i = 0; i < rows; i++) {
            load[i] = 10 + 3 * Math.sin(2 * Math.PI * i / 24) + 0.2 * rng.nextGaussian();
            double temp = 20 + 0.5 * load[Math.max(0, i - 2)] + 0.1 * rng.nextGaussian();
            s.append(t.plusHours(i).format(TIME)).append(String.format(Locale.ROOT, ",%.4f,%.4f%n", load[i], temp));
        }
        return s.toString();
    }

    static List<String> train(Path out, String... more) {
        List<String> a = new ArrayList<>(List.of("forecast", "train", "--csv", csv.toString(), "--lookback", "48", "--horizon", "24",
                "--split", "800,200,200", "--hidden", "16", "--dropout", "0", "--batch", "32", "--lr", "0.01", "--threads", "1",
                "--out", out.toString(), "--json"));
        a.addAll(List.of(more));
        return a;
    }

    @BeforeAll
    static void trainOnce() throws Exception {
        csv = dir.resolve("plant.csv");
        Files.writeString(csv, series(ROWS, true));
        model = dir.resolve("plant.model");
        Run r = CliRunner.run(train(model, "--max-steps", "150").toArray(String[]::new));
        assertEquals(0, r.code(), r.out() + r.err());
        trained = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String suffix : List.of("", ".metrics.jsonl", ".loss.png")) {
            assertTrue(Files.size(Path.of(model + suffix)) > 0, suffix);
        }
    }

    @Test
    void trainingLearnsTheCycleAndReportsTheTestPart() {
        assertEquals(150, trained.get("updates").getAsInt());
        assertEquals(24, trained.get("horizon").getAsInt());
        assertEquals(200 - 24 + 1, trained.get("windows").getAsInt(), "every test window, the last partial batch included");
        // The seasonal naive forecast (yesterday's value) has a scaled MSE of about 2·noise²/σ²: well above 0.05 here.
        double mse = trained.get("mse").getAsDouble();
        assertTrue(mse < 0.05, "test MSE " + mse);
        double coverage = trained.get("coverage").getAsDouble();
        assertTrue(coverage > 0.75 && coverage <= 1, "90 % intervals cover " + coverage);
        for (String key : List.of("mae", "rmse", "smape", "mase", "interval_width", "interval_level", "lookback", "validation_loss")) {
            assertTrue(trained.has(key), key + " in " + trained);
        }
    }

    @Test
    void evalScoresTheSameTestPartWithStableKeys() throws Exception {
        Path plot = dir.resolve("window.png");
        Run r = CliRunner.run("forecast", "eval", "--model", model.toString(), "--csv", csv.toString(), "--json", "--plot",
                plot.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        assertEquals(trained.get("mse").getAsDouble(), o.get("mse").getAsDouble(), 1e-9);
        assertEquals(trained.get("mae").getAsDouble(), o.get("mae").getAsDouble(), 1e-9);
        assertEquals(24, o.get("horizon").getAsInt());
        assertEquals("test", o.get("part").getAsString());
        assertTrue(Files.size(plot) > 1000);
        Run validation = CliRunner.run("forecast", "eval", "--model", model.toString(), "--csv", csv.toString(), "--json",
                "--part", "validation");
        JsonObject v = JsonParser.parseString(validation.out()).getAsJsonObject();
        assertEquals(trained.get("validation_loss").getAsDouble(), v.get("mae").getAsDouble(), 1e-6,
                "the validation MAE is the kept weights' validation loss (trained by MAE)");
    }

    @Test
    void predictWritesTheNextHoursWithIntervals() throws Exception {
        Path out = dir.resolve("next.csv");
        Run r = CliRunner.run("forecast", "predict", "--model", model.toString(), "--csv", csv.toString(), "--out", out.toString(),
                "--plot", dir.resolve("next.png").toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = Files.readAllLines(out);
        assertEquals("date,load,load_lower,load_upper,temp,temp_lower,temp_upper", lines.get(0));
        assertEquals(25, lines.size());
        LocalDateTime last = LocalDateTime.of(2020, 1, 1, 0, 0).plusHours(ROWS - 1);
        for (int h = 1; h <= 24; h++) {
            String[] f = lines.get(h).split(",");
            assertEquals(last.plusHours(h).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")), f[0]);
            double load = Double.parseDouble(f[1]);
            assertTrue(Double.parseDouble(f[2]) <= load && load <= Double.parseDouble(f[3]), lines.get(h));
            double expected = 10 + 3 * Math.sin(2 * Math.PI * (ROWS - 1 + h) / 24);
            assertEquals(expected, load, 1.0, "hour " + h + " of the cycle");
        }
        // --json: the same forecast as one object on stdout
        Run json = CliRunner.run("forecast", "predict", "--model", model.toString(), "--csv", csv.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        var o = com.google.gson.JsonParser.parseString(json.out()).getAsJsonObject();
        assertEquals(24, o.getAsJsonArray("times").size());
        assertEquals(lines.get(1).split(",")[0], o.getAsJsonArray("times").get(0).getAsString());
        var load = o.getAsJsonObject("series").getAsJsonObject("load");
        for (int h = 1; h <= 24; h++) {
            String[] f = lines.get(h).split(",");
            assertEquals(Double.parseDouble(f[1]), load.getAsJsonArray("point").get(h - 1).getAsDouble(), 1e-3, "hour " + h);
            assertEquals(Double.parseDouble(f[3]), load.getAsJsonArray("upper").get(h - 1).getAsDouble(), 1e-3, "hour " + h);
        }
    }

    @Test
    void probabilisticHeadsGiveTheirOwnIntervals() throws Exception {
        for (List<String> head : List.of(List.of("--head", "gaussian"), List.of("--head", "quantile", "--quantiles", "0.1,0.5,0.9"))) {
            Path m = dir.resolve(head.get(1) + ".model");
            List<String> args = train(m, "--max-steps", "150");
            args.addAll(head);
            Run r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
            assertEquals(0.8 + (head.get(1).equals("gaussian") ? 0.1 : 0), o.get("interval_level").getAsDouble(), 1e-9);
            double coverage = o.get("coverage").getAsDouble();
            assertTrue(coverage > 0.6 && coverage < 1, head + " covers " + coverage);
            assertTrue(o.get("mse").getAsDouble() < 0.05, head + " MSE " + o.get("mse"));
            Path next = dir.resolve(head.get(1) + ".csv");
            assertEquals(0, CliRunner.run("forecast", "predict", "--model", m.toString(), "--csv", csv.toString(), "--out",
                    next.toString()).code());
            for (String line : Files.readAllLines(next).subList(1, 25)) {
                String[] f = line.split(",");
                assertTrue(Double.parseDouble(f[2]) < Double.parseDouble(f[1]) && Double.parseDouble(f[1]) < Double.parseDouble(f[3]),
                        line);
            }
        }
    }

    @Test
    void encoderDecodersForecastDirectlyAndRecursively() throws Exception {
        for (List<String> kind : List.of(List.of("--attention"), List.of("--attention", "--recursive"), List.of("--cell", "gru"))) {
            Path m = dir.resolve("ed" + String.join("", kind) + ".model");
            List<String> args = train(m, "--max-steps", "150", "--model", "encoder-decoder");
            args.addAll(kind);
            Run r = CliRunner.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r.err());
            double mse = JsonParser.parseString(r.out()).getAsJsonObject().get("mse").getAsDouble();
            // the seasonal naive forecast scores about 0.1 here (two noise draws over the scaled variance)
            assertTrue(mse < 0.1, kind + " test MSE " + mse);
            Run eval = CliRunner.run("forecast", "eval", "--model", m.toString(), "--csv", csv.toString(), "--json");
            assertEquals(mse, JsonParser.parseString(eval.out()).getAsJsonObject().get("mse").getAsDouble(), 1e-9);
            Run next = CliRunner.run("forecast", "predict", "--model", m.toString(), "--csv", csv.toString());
            assertEquals(0, next.code(), next.err());
            assertEquals(25, next.out().strip().lines().count());
        }
    }

    /** temp follows load two hours late, so load drives it; DA-RNN reads load through its input attention. */
    @Test
    void daRnnForecastsOneSeriesFromItsDriversAndDrawsItsAttention() throws Exception {
        Path m = dir.resolve("darnn.model");
        Run r = CliRunner.run(train(m, "--max-steps", "150", "--model", "darnn", "--target", "temp").toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonObject out = JsonParser.parseString(r.out()).getAsJsonObject();
        double mse = out.get("mse").getAsDouble();
        assertTrue(mse < 0.1, "DA-RNN test MSE " + mse);
        assertEquals(List.of("temp"), List.of(out.getAsJsonArray("columns").get(0).getAsString()));
        Path picture = dir.resolve("attention.png");
        Run eval = CliRunner.run("forecast", "eval", "--model", m.toString(), "--csv", csv.toString(), "--json",
                "--attention", picture.toString(), "--window", "3");
        assertEquals(0, eval.code(), eval.err());
        assertEquals(mse, JsonParser.parseString(eval.out()).getAsJsonObject().get("mse").getAsDouble(), 1e-9);
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(picture.toFile());
        assertTrue(image.getWidth() > 300 && image.getHeight() > 300, image.getWidth() + "x" + image.getHeight());
        Run next = CliRunner.run("forecast", "predict", "--model", m.toString(), "--csv", csv.toString());
        assertEquals(0, next.code(), next.err());
        assertEquals("date,temp,temp_lower,temp_upper", next.out().lines().findFirst().orElseThrow());
        assertEquals(25, next.out().strip().lines().count());
        // the driver is part of what the model reads: a file without it is refused by name
        Path noLoad = dir.resolve("noload.csv");
        Files.writeString(noLoad, series(ROWS, true).replaceFirst("load", "power"));
        CliRunner.assertRefused(List.of("forecast", "eval", "--model", m.toString(), "--csv", noLoad.toString()),
                "noload.csv:1: no column 'load', which the model reads (it was trained on temp, load)");
        CliRunner.assertRefused(List.of("forecast", "eval", "--model", model.toString(), "--csv", csv.toString(), "--attention",
                picture.toString()), "--attention draws DA-RNN's attention");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", csv.toString(), "--horizon", "24", "--model", "darnn"),
                "--model darnn forecasts one series from the others: give --target COL");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", csv.toString(), "--horizon", "24", "--model", "darnn",
                "--target", "temp", "--drivers", "temp"), "--drivers includes the --target 'temp'");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", csv.toString(), "--horizon", "24", "--drivers", "load"),
                "--drivers is for --model darnn");
    }

    @Test
    void aKilledRunResumedEndsWithTheSameWeights() throws Exception {
        Path reference = dir.resolve("reference.model");
        assertEquals(0, CliRunner.run(train(reference, "--max-steps", "60").toArray(String[]::new)).code());
        Path killed = dir.resolve("killed.model");
        Path checkpoint = Path.of(killed + ".ckpt");
        List<String> options = train(killed, "--max-steps", "60", "--checkpoint-every", "25");
        CliRunner.killAfterFirstCheckpoint(options, checkpoint, dir.resolve("killed.log"));
        Run resumed = CliRunner.run("forecast", "train", "--resume", checkpoint.toString(), "--json");
        assertEquals(0, resumed.code(), resumed.err() + resumed.out());
        assertArrayEquals(ModelFile.load(reference).model().parameters().values(),
                ModelFile.load(killed).model().parameters().values());
        assertFalse(Files.exists(checkpoint));
    }

    @Test
    void badInputGetsOneClearLine() throws Exception {
        String m = model.toString();
        Path noTime = dir.resolve("notime.csv");
        Files.writeString(noTime, "a,b\n1,2\n3,4\n");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", noTime.toString(), "--horizon", "24"), "notime.csv");
        Path badTime = dir.resolve("badtime.csv");
        Files.writeString(badTime, "date,load\n2020-01-01 00:00,1\nyesterday,2\n");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", badTime.toString(), "--horizon", "24"), "badtime.csv:3");
        Path text = dir.resolve("text.csv");
        Files.writeString(text, "date,load\n2020-01-01 00:00,1\n2020-01-01 01:00,lots\n");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", text.toString(), "--horizon", "24"),
                "text.csv:3: column 'load': 'lots' is not a number");
        Path tiny = dir.resolve("tiny.csv");
        Files.writeString(tiny, series(100, true));
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", tiny.toString(), "--lookback", "48", "--horizon", "24",
                "--split", "50,25,25", "--out", dir.resolve("tiny.model").toString()), "hold no window of look-back 48 and horizon 24");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", csv.toString(), "--horizon", "24", "--target", "pressure"),
                "plant.csv:1: no column 'pressure'");
        Path other = dir.resolve("other.csv");
        Files.writeString(other, series(ROWS, true).replaceFirst("temp", "humidity"));
        CliRunner.assertRefused(List.of("forecast", "eval", "--model", m, "--csv", other.toString()),
                "other.csv:1: no column 'temp', which the model reads (it was trained on load, temp)");
        Path gap = dir.resolve("gap.csv");
        List<String> rows = new ArrayList<>(List.of(series(ROWS, true).split("\n")));
        rows.set(500, rows.get(500).replaceAll(",[^,]*$", ",NA"));
        Files.writeString(gap, String.join("\n", rows) + "\n");
        CliRunner.assertRefused(List.of("forecast", "eval", "--model", m, "--csv", gap.toString()),
                "gap.csv:501: column 'temp' has 1 missing value(s)");
        Run filled = CliRunner.run("forecast", "eval", "--model", m, "--csv", gap.toString(), "--fill", "linear", "--json");
        assertEquals(0, filled.code(), filled.err());
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", csv.toString(), "--horizon", "24", "--segment", "10"),
                "must be a whole number of segments");
        CliRunner.assertRefused(List.of("forecast", "train", "--csv", csv.toString(), "--horizon", "24", "--loss", "huber"),
                "--loss takes mse or mae");
        CliRunner.assertRefused(List.of("forecast", "eval", "--model", csv.toString(), "--csv", csv.toString()), "plant.csv");
    }
}
