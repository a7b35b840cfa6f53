package io.rnn4j.cli;

import io.rnn4j.data.Tokenizer;
import io.rnn4j.interop.pytorch.ArchitectureSpec;
import io.rnn4j.interop.pytorch.StateDictImport;
import io.rnn4j.nn.SequenceModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** {@code rnn4j import pytorch}: a PyTorch state dict (safetensors) and its layer list as an rnn4j model file. */
@Command(name = "pytorch", mixinStandardHelpOptions = true,
        description = {"Build an rnn4j model file from a PyTorch state dict saved with safetensors (F32, F64, F16 or BF16).",
                "--arch lists the layers in forward order by their state-dict names; sizes, layer counts and directions are read"
                        + " from the weights. Example: --arch embed:embedding,rnn:lstm,drop:dropout,head:linear"})
final class ImportPytorchCommand implements Runnable {

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "The state dict, as .safetensors.")
    Path weights;

    @Option(names = "--arch", required = true, paramLabel = "SPEC",
            description = "NAME:KIND,... with kinds embedding, onehot=V, linear, rnn, rnn-relu, lstm, gru, dropout, tanh, relu,"
                    + " sigmoid; or the same as JSON ([{\"name\": ..., \"kind\": ...}]), inline or in a .json file.")
    String arch;

    @Option(names = "--out", required = true, paramLabel = "MODEL", description = "The rnn4j model file to write.")
    Path out;

    @Option(names = "--tokenizer-text", paramLabel = "TEXT",
            description = "Make a character language model: token i is the i-th distinct character of this text, in code-point"
                    + " order (Python's sorted(set(text))).")
    Path tokenizerText;

    @picocli.CommandLine.Option(names = "--json", description = "Print what was written as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        ApplicationTraining.reporting(json, this::importModel);
    }

    private com.google.gson.JsonObject importModel() {
        CliFiles.requireInputFile("--weights", weights);
        CliFiles.requireOutputFile("--out", out);
        CliFiles.refuseClashes(Map.of("--weights", weights), Map.of("--out", out));
        String specText = arch;
        if (arch.endsWith(".json")) {
            specText = CliFiles.readUtf8("--arch", Path.of(arch));
        }
        ArchitectureSpec spec = ArchitectureSpec.parse(specText);
        Tokenizer tok = ImportedModels.tokenizerFromText(tokenizerText);
        SequenceModel model;
        try {
            model = StateDictImport.read(weights, spec);
        } catch (IOException e) {
            throw new IllegalArgumentException("--weights " + weights + ": " + CliFiles.describe(e));
        }
        ImportedModels.checkTokenizer(tok, model, "--tokenizer-text " + tokenizerText);
        return ImportedModels.save(out, model, tok == null ? null : tok.toJson(), weights.getFileName().toString(), "pytorch");
    }
}
