package io.rnn4j.cli;

import com.google.gson.JsonObject;
import io.rnn4j.Version;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.io.ModelFile;
import io.rnn4j.io.SafeTensors;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.train.TrainingAlgorithm;
import io.rnn4j.train.TrainingResult;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files of an {@code rnn4j train} run: checked before anything is read or written, then the
 * model with its provenance, the loss plot and the closing line written when it ends, and a run
 * that trained nothing or diverged failed with exit code 3.
 */
final class TrainingOutputs {

    private final TrainCommand o;
    private final TrainingAlgorithm algo;

    TrainingOutputs(TrainCommand options, TrainingAlgorithm algo) {
        this.o = options;
        this.algo = algo;
    }

    /**
     * Writes the plot and the model, says how the run ended and returns it as the summary
     * {@code train --json} prints; a BPTT run's {@code checkpointFile} (null for online runs) is
     * removed. {@link #requireTrained} then decides the exit code.
     */
    JsonObject finish(TrainingResult r, SequenceModel model, Tokenizer tok, String dataDigest, MetricsLog metrics,
                        Path checkpointFile) {
        Path metricsFile = metricsFile();
        Path plotFile = plotFile();
        LossPlot.writeOrWarn(plotFile, metrics);

        JsonObject extra = new JsonObject();
        extra.add("tokenizer", tok.toJson());
        JsonObject prov = provenance(r, o.data, dataDigest, o.seed);
        prov.addProperty("rnn4j_version", Version.get());
        prov.addProperty("command", provenanceCommand());
        extra.add("provenance", prov);
        try {
            CliFiles.noteRemovedFolder(o.out);
            ModelFile.save(o.out, model, extra, null);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot write " + o.out + ": " + e.getMessage());
        }
        if (r.interrupted() && algo.online()) {
            System.out.printf(Locale.ROOT, "stopped at update %d; the model trained so far is saved (online runs write no"
                    + " checkpoint and cannot be resumed)%n", r.steps());
        } else if (r.interrupted()) {
            System.out.printf(Locale.ROOT, "stopped at update %d: checkpoint %s written; continue with: rnn4j train --resume %s%n",
                    r.steps(), checkpointFile, checkpointFile);
        } else if (checkpointFile != null) {
            try {
                Files.deleteIfExists(checkpointFile);
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot remove " + checkpointFile + ": " + e.getMessage());
            }
        }
        System.out.printf(Locale.ROOT, "%s: %d updates in %.1f s; train loss %.3f; best validation loss %s; saved %s "
                        + "(metrics %s, plot %s)%n",
                r.interrupted() ? "interrupted" : "done", r.steps(), r.seconds(), r.lastTrainLoss(),
                Double.isNaN(r.bestValidationLoss()) ? "-" : String.format(Locale.ROOT, "%.3f nats/token at update %d",
                        r.bestValidationLoss(), r.bestStep()), o.out, metricsFile.getFileName(), plotFile.getFileName());
        JsonObject summary = new JsonObject();
        summary.addProperty("status", r.interrupted() ? "interrupted" : "done");
        summary.addProperty("updates", r.steps());
        summary.addProperty("skipped_updates", r.skippedSteps());
        summary.addProperty("seconds", r.seconds());
        summary.addProperty("train_loss", r.lastTrainLoss());
        if (!Double.isNaN(r.bestValidationLoss())) {
            summary.addProperty("best_validation_loss", r.bestValidationLoss());
            summary.addProperty("best_validation_update", r.bestStep());
        }
        summary.addProperty("tokens", tok.kind());
        summary.addProperty("vocabulary", tok.size());
        summary.addProperty("parameters", model.parameters().size());
        summary.addProperty("model", o.out.toString());
        summary.addProperty("metrics", metricsFile.toString());
        summary.addProperty("plot", plotFile.toString());
        if (r.interrupted() && checkpointFile != null) {
            summary.addProperty("checkpoint", checkpointFile.toString());
        }
        return summary;
    }

    /** Exit code 3 for a finished run that trained nothing or diverged, judged from its {@link #finish} summary. */
    static void requireTrained(JsonObject summary) {
        if (summary.get("status").getAsString().equals("interrupted")) {
            return;
        }
        long applied = summary.get("updates").getAsLong(); // the trainer counts applied updates only
        long skipped = summary.get("skipped_updates").getAsLong();
        double trainLoss = summary.get("train_loss").getAsDouble();
        if (applied == 0 && skipped > 0) {
            throw new RunFailedException("every one of the " + skipped + " updates was skipped because its gradient"
                    + " was not finite; nothing was trained (lower --lr, keep --clip on, or check the data)");
        }
        if (!Double.isFinite(trainLoss)) {
            throw new RunFailedException("the training loss ended " + trainLoss + " after " + applied + " updates ("
                    + skipped + " more skipped for non-finite gradients): the run diverged (lower --lr, keep --clip on,"
                    + " or check the data)");
        }
    }

    /** What a finished run records about itself in its model file: data, seed, updates, time and losses. */
    static JsonObject provenance(TrainingResult r, Path data, String dataDigest, long seed) {
        JsonObject prov = new JsonObject();
        prov.addProperty("data_file", data.getFileName().toString());
        prov.addProperty("data_sha256", dataDigest);
        prov.addProperty("seed", seed);
        prov.addProperty("steps", r.steps());
        prov.addProperty("seconds", r.seconds());
        prov.addProperty("train_loss", r.lastTrainLoss());
        if (!Double.isNaN(r.bestValidationLoss())) {
            prov.addProperty("validation_loss", r.bestValidationLoss());
            prov.addProperty("validation_step", r.bestStep());
        }
        return prov;
    }

    Path metricsFile() {
        return Path.of(o.out + ".metrics.jsonl");
    }

    Path plotFile() {
        return Path.of(o.out + ".loss.png");
    }

    /**
     * Checks the files of the run before anything is read or written: the text is a readable
     * file; no output is a directory, or the same file as the text, the checkpoint resumed from
     * (except the checkpoint file itself, which a resumed run rewrites) or another output; and
     * temporaries left by a killed write of the model or the checkpoint are removed.
     */
    void checkFiles(Path resumedFrom, Path metricsFile, Path plotFile, Path checkpointFile) {
        checkFiles(o.data, o.out, resumedFrom, metricsFile, plotFile, checkpointFile,
                o.checkpoint != null ? "--checkpoint" : "the checkpoint (--out + .ckpt)");
    }

    /**
     * The checks of {@link #checkFiles(Path, Path, Path, Path, Path, Path, String)} for a run whose
     * {@code --data} is a folder (images, captioned pictures): no output may be written inside it,
     * where it could overwrite a picture or be read as one next time.
     */
    static void checkFilesBesideFolder(Path dataDir, Path out, Path resumedFrom, Path metricsFile, Path plotFile,
                                       Path checkpointFile) {
        checkOutputs(Map.of(), List.of(dataDir), out, resumedFrom, metricsFile, plotFile, checkpointFile,
                "the checkpoint (--out + .ckpt)");
    }

    /**
     * The checks for a run that reads several inputs, files or folders, by option name ("--data",
     * "--test"): a file must be readable, and no output may be one of the files or lie inside one of
     * the folders.
     */
    static void checkFilesReading(Map<String, Path> inputs, Path out, Path resumedFrom, Path metricsFile, Path plotFile,
                                  Path checkpointFile) {
        Map<String, Path> files = new LinkedHashMap<>();
        List<Path> folders = new java.util.ArrayList<>();
        for (Map.Entry<String, Path> e : inputs.entrySet()) {
            if (Files.isDirectory(e.getValue())) {
                folders.add(e.getValue());
            } else {
                CliFiles.requireInputFile(e.getKey(), e.getValue());
                files.put(e.getKey(), e.getValue());
            }
        }
        checkOutputs(files, folders, out, resumedFrom, metricsFile, plotFile, checkpointFile, "the checkpoint (--out + .ckpt)");
    }

    /** The checks of {@link #checkFiles(Path, Path, Path, Path)} for any training command's files. */
    static void checkFiles(Path data, Path out, Path resumedFrom, Path metricsFile, Path plotFile, Path checkpointFile,
                           String checkpointLabel) {
        CliFiles.requireInputFile("--data", data);
        checkOutputs(Map.of("--data", data), List.of(), out, resumedFrom, metricsFile, plotFile, checkpointFile, checkpointLabel);
    }

    /**
     * No output may be an input or another output, or lie inside one of {@code folders};
     * each must be writable; temporaries left beside the model or checkpoint by a killed write are
     * removed.
     */
    private static void checkOutputs(Map<String, Path> inputs, List<Path> folders, Path out, Path resumedFrom, Path metricsFile,
                                     Path plotFile, Path checkpointFile, String checkpointLabel) {
        Map<String, Path> outputs = new LinkedHashMap<>();
        outputs.put("--out", out);
        outputs.put("the metrics log (--out + .metrics.jsonl)", metricsFile);
        outputs.put("the loss plot (--out + .loss.png)", plotFile);
        if (resumedFrom != null) {
            // before the checkpoint joins the outputs: a resumed run rewrites the file it resumed from
            CliFiles.refuseClashes(Map.of("--resume", resumedFrom), outputs);
        }
        if (checkpointFile != null) {
            outputs.put(checkpointLabel, checkpointFile);
        }
        CliFiles.refuseClashes(inputs, outputs);
        for (Map.Entry<String, Path> e : outputs.entrySet()) {
            CliFiles.requireOutputFile(e.getKey(), e.getValue());
            for (Path folder : folders) {
                if (e.getValue().toAbsolutePath().normalize().startsWith(folder.toAbsolutePath().normalize())) {
                    throw new IllegalArgumentException(e.getKey() + " " + e.getValue() + " is inside --data " + folder
                            + "; write the model elsewhere");
                }
            }
        }
        for (Path written : checkpointFile == null ? List.of(out) : List.of(out, checkpointFile)) {
            try {
                int removed = SafeTensors.removeStaleTemporaries(written);
                if (removed > 0) {
                    System.err.printf(Locale.ROOT, "rnn4j: removed %d temporary file(s) left beside %s by an interrupted write%n",
                            removed, written);
                }
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot look for stale temporary files beside " + written + ": "
                        + CliFiles.describe(e));
            }
        }
    }

    /** The options that define the run, as a command line, for the model's provenance. */
    String provenanceCommand() {
        String common = "train --algorithm " + o.algorithm + " --tokens " + o.tokens + " --cell " + o.cell + " --layers " + o.layers
                + " --hidden " + o.hidden;
        String stop = (o.maxSteps > 0 ? " --max-steps " + o.maxSteps : "") + (o.maxTime != null ? " --max-time " + o.maxTime : "");
        if (algo.online()) {
            String rule = algo == TrainingAlgorithm.RTRL
                    ? " --lr " + o.lr + " --optimizer " + o.optimizer + " --schedule " + o.schedule + " --warmup " + o.warmup + " --clip " + o.clip
                    : " " + o.ekf.describe();
            return common + rule + " --seed " + o.seed + stop;
        }
        return common + " --embed " + o.embed + " --dropout " + o.dropout + " --seq-len " + o.seqLen + " --batch " + o.batch + " --lr " + o.lr
                + " --optimizer " + o.optimizer + " --schedule " + o.schedule + " --warmup " + o.warmup + " --clip " + o.clip
                + " --seed " + o.seed + stop;
    }


    /**
     * After a run has saved its model: an interrupted run says how to continue from its
     * checkpoint ({@code rnn4j COMMAND --resume}); a finished one removes the checkpoint.
     */
    static void settleCheckpoint(TrainingResult r, Path checkpointFile, String command) {
        if (r.interrupted()) {
            System.out.printf(Locale.ROOT, "stopped at update %d: checkpoint %s written; continue with: rnn4j %s"
                    + " --resume %s%n", r.steps(), checkpointFile, command, checkpointFile);
        } else {
            try {
                Files.deleteIfExists(checkpointFile);
            } catch (IOException e) {
                System.err.println("rnn4j: warning: cannot remove " + checkpointFile + ": " + e.getMessage());
            }
        }
    }

    /** Ends a finished run in which every update was skipped for a non-finite gradient. */
    static void refuseIfNothingTrained(TrainingResult r) {
        if (!r.interrupted() && r.steps() == 0 && r.skippedSteps() > 0) {
            throw new RunFailedException("every one of the " + r.skippedSteps() + " updates was skipped because its gradient"
                    + " was not finite; nothing was trained (lower --lr, keep --clip on, or check the data)");
        }
    }

    static String abbreviate(String digest) {
        return digest.length() > 12 ? digest.substring(0, 12) + "..." : digest;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
