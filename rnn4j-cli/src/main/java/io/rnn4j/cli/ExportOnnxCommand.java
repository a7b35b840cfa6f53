package io.rnn4j.cli;

import io.rnn4j.interop.onnx.OnnxExport;
import io.rnn4j.interop.onnx.proto.Onnx;
import io.rnn4j.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code rnn4j export onnx}: writes a model file as an ONNX model and says what its inputs and outputs are. */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Write a model file as ONNX (opset " + OnnxExport.OPSET + "), to run in ONNX Runtime.",
                "Inputs are time-major: token ids int64 (T, B) or features float (T, B, F), and lengths int32 (B) when the"
                        + " model has layers that read across time (NAME.lengths per input for models of several inputs)."
                        + " The model's manifest (vocabularies, classes, tags) goes into the file's metadata (rnn4j.manifest);"
                        + " a language model's tokenizer also beside it, as FILE.tokenizer.json. A CRF's scores become outputs;"
                        + " a decoder, a Jordan layer or a Clockwork RNN becomes an ONNX Scan loop. A layer the export does"
                        + " not write is refused by name."})
final class ExportOnnxCommand implements Runnable {

    @Option(names = "--model", required = true, paramLabel = "MODEL", description = "An rnn4j model file.")
    Path model;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The .onnx file to write.")
    Path out;

    @Option(names = "--softmax", description = "Also output NAME.probabilities, the softmax of each output.")
    boolean softmax;

    @Option(names = "--streaming", description = "Declare each recurrent layer's initial state as inputs NODE.h0 (NODE.c0),"
            + " so a client can run step by step, feeding NODE.hN (NODE.cN) back; zeros to start.")
    boolean streaming;

    @Option(names = "--json", description = "Print what was written (files, opset, inputs and outputs) as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::export);
    }

    private com.google.gson.JsonObject export() {
        com.google.gson.JsonObject summary = new com.google.gson.JsonObject();
        CliFiles.requireInputFile("--model", model);
        CliFiles.requireOutputFile("--out", out);
        CliFiles.refuseClashes(Map.of("--model", model), Map.of("--out", out));
        ModelFile.Loaded loaded = ModelFile.load(model);
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("rnn4j.source", model.getFileName().toString());
        // Vocabularies, class names, tags, feature settings: what a client needs around the numbers.
        metadata.put("rnn4j.manifest", loaded.manifest().toString());
        if (loaded.manifest().has("tokenizer")) {
            metadata.put("rnn4j.tokenizer", loaded.manifest().get("tokenizer").toString());
        }
        Onnx.ModelProto onnx = OnnxExport.export(loaded.model(),
                OnnxExport.Options.defaults().withSoftmax(softmax).withStreaming(streaming).withMetadata(metadata));
        try {
            io.rnn4j.interop.AtomicFiles.write(out, onnx.toByteArray());
            System.out.printf(Locale.ROOT, "wrote %s: ONNX opset %d, %,d bytes%n", out, OnnxExport.OPSET, Files.size(out));
            summary.addProperty("out", out.toString());
            summary.addProperty("opset", OnnxExport.OPSET);
            summary.addProperty("bytes", Files.size(out));
            if (metadata.containsKey("rnn4j.tokenizer")) {
                // Also in the file's metadata_props, but not every runtime's API reads those (onnxruntime-node does not).
                Path sidecar = tokenizerFile(out);
                io.rnn4j.interop.AtomicFiles.write(sidecar, metadata.get("rnn4j.tokenizer").getBytes(java.nio.charset.StandardCharsets.UTF_8));
                System.out.println("wrote " + sidecar + ": the tokenizer (token id <-> text)");
                summary.addProperty("tokenizer", sidecar.toString());
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + out + ": " + CliFiles.describe(e));
        }
        com.google.gson.JsonArray inputs = new com.google.gson.JsonArray();
        for (Onnx.ValueInfoProto v : onnx.getGraph().getInputList()) {
            System.out.println("  input  " + describe(v));
            inputs.add(describe(v));
        }
        com.google.gson.JsonArray outputs = new com.google.gson.JsonArray();
        for (Onnx.ValueInfoProto v : onnx.getGraph().getOutputList()) {
            System.out.println("  output " + describe(v));
            outputs.add(describe(v));
        }
        summary.add("inputs", inputs);
        summary.add("outputs", outputs);
        return summary;
    }

    /** Where the tokenizer of {@code onnx} goes: beside it, {@code NAME.tokenizer.json}. */
    static Path tokenizerFile(Path onnx) {
        return onnx.resolveSibling(onnx.getFileName() + ".tokenizer.json");
    }

    /** "name float32 (T, B, 65)". */
    static String describe(Onnx.ValueInfoProto v) {
        var t = v.getType().getTensorType();
        StringBuilder sb = new StringBuilder(v.getName()).append(' ')
                .append(Onnx.TensorProto.DataType.forNumber(t.getElemType()).name().toLowerCase(Locale.ROOT)).append(" (");
        for (int i = 0; i < t.getShape().getDimCount(); i++) {
            var d = t.getShape().getDim(i);
            sb.append(i > 0 ? ", " : "").append(d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam());
        }
        return sb.append(')').toString();
    }
}
