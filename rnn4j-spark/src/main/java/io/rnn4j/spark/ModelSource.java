package io.rnn4j.spark;

import io.rnn4j.io.ModelFile;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where executors get a model file from. {@link #broadcast} reads the file on the driver, checks
 * that it loads, and ships its bytes once per executor through a Spark broadcast: nothing has to
 * exist on the executors. {@link #path} has every executor open the file itself, from storage all
 * machines see or from a file shipped with {@code spark-submit --files} (a bare name is looked up
 * with {@link SparkFiles#get}); a file missing there is reported per executor.
 */
public abstract class ModelSource implements Serializable {

    private static final long serialVersionUID = 1L;

    private ModelSource() {
    }

    /**
     * Reads {@code file} on the driver, refuses it with one line if it is not a loadable rnn4j
     * model file, and broadcasts its bytes.
     */
    public static ModelSource broadcast(SparkSession spark, Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("model file " + file + (Files.isDirectory(file) ? " is a directory" : " does not exist"));
        }
        loadable(file); // a broken file is refused here, on the driver, not in every task
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("model file " + file + " cannot be read: " + e.getMessage(), e);
        }
        Broadcast<byte[]> shipped = JavaSparkContext.fromSparkContext(spark.sparkContext()).broadcast(bytes);
        return new Broadcasted(file.getFileName().toString(), sha256(bytes), shipped);
    }

    /** Loads a model file of any kind once, to refuse a broken one with its one-line reason. */
    private static void loadable(Path file) {
        try {
            ModelFile.load(file);
        } catch (io.rnn4j.io.ModelFormatException e) {
            if (!e.getMessage().endsWith("holds an echo state network; load it with ReservoirFile.load")) {
                throw e;
            }
            io.rnn4j.io.ReservoirFile.load(file);
        }
    }

    /** Every executor loads {@code path} itself; a bare file name is one shipped with {@code --files}. */
    public static ModelSource path(String path) {
        if (path == null || path.isBlank()) {
            throw new IllegalArgumentException("give the model file's path");
        }
        return new AtPath(path);
    }

    /** Identifies the model's bytes (or its path) in an executor's cache. */
    abstract String key();

    /** The file's name, for messages. */
    public abstract String name();

    /** The model file on this executor, ready for {@link ModelFile#load}; run on executors. */
    abstract Path localFile();

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Broadcasted extends ModelSource {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String sha256;
        private final Broadcast<byte[]> bytes;

        Broadcasted(String name, String sha256, Broadcast<byte[]> bytes) {
            this.name = name;
            this.sha256 = sha256;
            this.bytes = bytes;
        }

        @Override
        String key() {
            return "sha256:" + sha256;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        Path localFile() {
            try {
                Path dir = Files.createTempDirectory("rnn4j-model-");
                Path f = dir.resolve(name);
                Files.write(f, bytes.value());
                f.toFile().deleteOnExit();
                dir.toFile().deleteOnExit();
                return f;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the broadcast model " + name + " to a temporary file on "
                        + Executors.host() + ": " + e.getMessage(), e);
            }
        }
    }

    private static final class AtPath extends ModelSource {
        private static final long serialVersionUID = 1L;
        private final String path;

        AtPath(String path) {
            this.path = path;
        }

        @Override
        String key() {
            return "path:" + path;
        }

        @Override
        public String name() {
            return Path.of(path).getFileName().toString();
        }

        @Override
        Path localFile() {
            Path p = Path.of(path);
            if (!p.isAbsolute() && p.getParent() == null && !Files.exists(p)) {
                p = Path.of(SparkFiles.get(path)); // shipped with --files
            }
            if (!Files.isRegularFile(p)) {
                throw new IllegalArgumentException("model file " + path + " is missing on executor " + Executors.host()
                        + " (looked at " + p.toAbsolutePath() + "); put it where every executor sees it, ship it with"
                        + " spark-submit --files, or use ModelSource.broadcast");
            }
            return p;
        }
    }
}
