package io.rnn4j.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code rnn4j export}: an rnn4j model file as ONNX or as a PyTorch state dict. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write an rnn4j model for other runtimes: onnx (ONNX Runtime in Python, C#, C++, JavaScript),"
                + " pytorch (a state dict in safetensors).",
        subcommands = {ExportOnnxCommand.class, ExportPytorchCommand.class})
final class ExportCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
