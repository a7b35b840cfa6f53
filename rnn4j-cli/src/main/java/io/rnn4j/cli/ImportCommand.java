package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j import}: an ONNX model or a PyTorch state dict as an rnn4j model file. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn a model from elsewhere into an rnn4j model file: onnx (as torch.onnx.export writes RNN, LSTM"
                + " and GRU models), pytorch (a state dict in safetensors plus its layer list).",
        subcommands = {ImportOnnxCommand.class, ImportPytorchCommand.class})
final class ImportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
