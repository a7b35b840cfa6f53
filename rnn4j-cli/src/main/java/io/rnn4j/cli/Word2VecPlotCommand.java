package io.rnn4j.cli;

import io.rnn4j.text.WordVectors;
import io.rnn4j.word2vec.Pca2d;
import io.rnn4j.word2vec.WordSpace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

/** {@code rnn4j word2vec plot}: chosen words on the first two principal components of their vectors, as a PNG. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw the WORDs at their first two principal components (PCA of their vectors) in an 800x480 PNG.")
final class Word2VecPlotCommand implements Runnable {

    @Option(names = "--vectors", required = true, paramLabel = "FILE", description = "Word vectors, word2vec binary or text.")
    Path vectors;

    @Option(names = "--out", required = true, paramLabel = "PNG", description = "The picture to write.")
    Path out;

    @Parameters(arity = "3..*", paramLabel = "WORD", description = "Three words or more.")
    List<String> words;

    @Option(names = "--json", description = "Print the picture's file and each word's two PCA coordinates as one JSON object"
            + " on stdout.")
    boolean json;

    @Override
    public void run() {
        CliFiles.requireInputFile("--vectors", vectors);
        CliFiles.requireOutputFile("--out", out);
        WordSpace space = new WordSpace(WordVectors.read(vectors), 0);
        float[][] rows = new float[words.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = space.unitVector(Word2VecWords.require(space, words.get(i), vectors));
        }
        double[][] points = Pca2d.project(rows);
        double minX = Double.POSITIVE_INFINITY;
        double maxX = Double.NEGATIVE_INFINITY;
        double minY = Double.POSITIVE_INFINITY;
        double maxY = Double.NEGATIVE_INFINITY;
        for (double[] p : points) {
            minX = Math.min(minX, p[0]);
            maxX = Math.max(maxX, p[0]);
            minY = Math.min(minY, p[1]);
            maxY = Math.max(maxY, p[1]);
        }
        PngChart chart = new PngChart(40, 120, 30, 40);
        chart.text(Color.DARK_GRAY, "PCA of " + words.size() + " word vectors (" + vectors.getFileName() + ")", 40, 20);
        int w = PngChart.WIDTH - chart.left - chart.right;
        int h = PngChart.HEIGHT - chart.top - chart.bottom;
        for (int i = 0; i < points.length; i++) {
            int x = chart.left + (int) Math.round((points[i][0] - minX) / Math.max(maxX - minX, 1e-12) * w);
            int y = chart.top + h - (int) Math.round((points[i][1] - minY) / Math.max(maxY - minY, 1e-12) * h);
            chart.polyline(new Color(31, 119, 180), 1f, new int[]{x}, new int[]{y}, 1, true);
            chart.text(Color.BLACK, words.get(i), x + 5, y - 4);
        }
        try {
            chart.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + out + ": " + CliFiles.describe(e), e);
        }
        if (!json) {
            System.out.println("wrote " + out);
            return;
        }
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        o.addProperty("out", out.toString());
        com.google.gson.JsonObject coordinates = new com.google.gson.JsonObject();
        for (int i = 0; i < points.length; i++) {
            com.google.gson.JsonArray xy = new com.google.gson.JsonArray();
            xy.add(points[i][0]);
            xy.add(points[i][1]);
            coordinates.add(words.get(i), xy);
        }
        o.add("pca", coordinates);
        System.out.println(ClassifyReport.GSON.toJson(o));
    }
}
