package io.rnn4j.cli;

import io.rnn4j.interop.pytorch.StateDictExport;
import io.rnn4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code rnn4j export pytorch}: a model file's weights as a PyTorch state dict. */
@Command(name = "pytorch", mixinStandardHelpOptions = true,
        description = {"Write a model file's weights as a PyTorch state dict in safetensors, for",
                "model.load_state_dict(safetensors.torch.load_file(FILE)) into the same PyTorch architecture."})
final class ExportPytorchCommand implements Runnable {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "An rnn4j model file.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .safetensors file to write.")
    Path out;

    @Option(names = "--dtype", paramLabel = "TYPE", defaultValue = "F32",
            description = "F32 (default), F64, F16 or BF16.")
    String dtype;

    @Option(names = "--json", description = "Print what was written (file, dtype, tensors and shapes) as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::export);
    }

    private com.google.gson.JsonObject export() {
        StateDictExport.DType type = StateDictExport.dtype(dtype);
        CliFiles.requireInputFile("--model", model);
        CliFiles.requireOutputFile("--out", out);
        CliFiles.refuseClashes(Map.of("--model", model), Map.of("--out", out));
        ModelFile.Loaded loaded = ModelFile.load(model);
        var entries = StateDictExport.entries(loaded.model(), type);
        try {
            io.rnn4j.io.SafeTensors.writeEntries(out, entries, Map.of("format", "pt"));
            System.out.printf(Locale.ROOT, "wrote %s: %d tensors (%s), %,d bytes%n", out, entries.size(), type, Files.size(out));
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": " + CliFiles.describe(e));
        }
        com.google.gson.JsonObject tensors = new com.google.gson.JsonObject();
        entries.forEach((name, e) -> {
            System.out.println("  " + name + " " + java.util.Arrays.toString(e.shape()));
            com.google.gson.JsonArray shape = new com.google.gson.JsonArray();
            for (long d : e.shape()) {
                shape.add(d);
            }
            tensors.add(name, shape);
        });
        com.google.gson.JsonObject summary = new com.google.gson.JsonObject();
        summary.addProperty("out", out.toString());
        summary.addProperty("dtype", type.toString());
        summary.add("tensors", tensors);
        return summary;
    }
}
