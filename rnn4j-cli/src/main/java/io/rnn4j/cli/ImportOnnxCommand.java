package io.rnn4j.cli;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.interop.onnx.OnnxImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** {@code rnn4j import onnx}: an ONNX file of RNN/LSTM/GRU models as an rnn4j model file. */
@Command(name = "onnx", mixinStandardHelpOptions = true,
        description = {"Build an rnn4j model file from an ONNX model: RNN, LSTM and GRU (stacks, bidirectional),"
                + " embeddings, linear layers and activations, as torch.onnx.export writes them (opsets up to 21).",
                "Unsupported operators and attributes are refused by name."})
final class ImportOnnxCommand implements Runnable {

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "The .onnx file.")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The rnn4j model file to write.")
    Path out;

    @Option(names = "--tokenizer-text", paramLabel = "TEXT",
            description = "Make a character language model: token i is the i-th distinct character of this text, in code-point"
                    + " order (Python's sorted(set(text))). Not needed for files rnn4j exported, which carry their tokenizer.")
    Path tokenizerText;

    @picocli.CommandLine.Option(names = "--json", description = "Print what was written as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::importModel);
    }

    private com.google.gson.JsonObject importModel() {
        CliFiles.requireInputFile("--in", in);
        CliFiles.requireOutputFile("--out", out);
        CliFiles.refuseClashes(Map.of("--in", in), Map.of("--out", out));
        Tokenizer fromText = ImportedModels.tokenizerFromText(tokenizerText);
        OnnxImport.Result r;
        try {
            r = OnnxImport.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("--in " + in + ": " + CliFiles.describe(e));
        }
        JsonElement tokenizer = null;
        if (fromText != null) {
            ImportedModels.checkTokenizer(fromText, r.model(), "--tokenizer-text " + tokenizerText);
            tokenizer = fromText.toJson();
        } else if (r.metadata().containsKey("rnn4j.tokenizer")) {
            tokenizer = JsonParser.parseString(r.metadata().get("rnn4j.tokenizer"));
            ImportedModels.checkTokenizer(Tokenizer.fromJson(tokenizer), r.model(), in.getFileName() + "'s tokenizer");
        }
        com.google.gson.JsonObject summary = ImportedModels.save(out, r.model(), tokenizer, in.getFileName().toString(), "onnx");
        r.stateInputs().forEach((name, b) -> System.out.printf("  state input %s -> %s %s, slots %d..%d%n", name, b.node(),
                b.kind() == 0 ? "h" : "c", b.fromSlot(), b.toSlot() - 1));
        for (String d : r.dropped()) {
            System.out.println("  left out output " + d + " (a softmax: rnn4j models output logits)");
        }
        return summary;
    }
}
