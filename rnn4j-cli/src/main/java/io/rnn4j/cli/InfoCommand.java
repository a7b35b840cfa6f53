package io.rnn4j.cli;

import io.rnn4j.Version;
import io.rnn4j.data.Tokenizer;
import io.rnn4j.kernel.Blas;
import io.rnn4j.kernel.Parallel;
import picocli.CommandLine.Command;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.io.ModelFile;
import io.rnn4j.nn.Layer;
import io.rnn4j.nn.Parameter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/** {@code rnn4j info}: what this installation runs on. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Print the version, the JDK, the GEMM backend in use and the thread count;",
                "with --model, a model file's architecture, parameter count, vocabulary and training provenance."})
final class InfoCommand implements Runnable {

    @Mixin
    ThreadsOption threads;

    @Option(names = "--model", paramLabel = "MODEL", description = "Describe this model file instead.")
    Path model;

    @Option(names = "--json", description = "Print the same as one JSON object on stdout.")
    boolean json;

    @Override
    public void run() {
        threads.apply();
        if (json) {
            System.out.println(ClassifyReport.GSON.toJson(model != null ? describeJson(model) : installationJson()));
            return;
        }
        if (model != null) {
            describe(model);
            return;
        }
        String blasThreads = System.getenv("OPENBLAS_NUM_THREADS");
        System.out.println("rnn4j    " + Version.get());
        System.out.println("jdk      " + System.getProperty("java.vm.vendor") + " " + Runtime.version());
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        System.out.println("gemm     " + Blas.backend().name() + "; OpenBLAS kernels: "
                + (coreType == null ? "its own choice" : coreType + " (OPENBLAS_CORETYPE)"));
        System.out.println("packed   " + (Blas.packed() != null ? Blas.packed().name() + ", for convolutions and recurrent steps"
                : "off: convolutions and recurrent steps use the gemm above (the packed AVX-512 GEMM needs a CPU with AVX-512"
                        + " and java --add-modules jdk.incubator.vector)"));
        System.out.println("threads  " + Parallel.threads() + " (rnn4j pool; OPENBLAS_NUM_THREADS="
                + (blasThreads == null ? "unset" : blasThreads) + ")");
        System.out.println("cpu      " + Runtime.getRuntime().availableProcessors() + " cores, "
                + System.getProperty("os.arch") + ", " + System.getProperty("os.name"));
    }

    private static void describe(Path path) {
        ModelFile.Loaded loaded = ModelFile.load(path);
        var ps = loaded.model().parameters();
        System.out.printf(Locale.ROOT, "model      %s (written by rnn4j %s)%n", path.getFileName(),
                writtenBy(loaded.manifest().get("rnn4j_version")));
        System.out.printf(Locale.ROOT, "parameters %,d%n", ps.size());
        for (Map.Entry<String, Layer> e : loaded.model().layers().entrySet()) {
            System.out.printf(Locale.ROOT, "layer      %-8s %s%n", e.getKey(), e.getValue().getClass().getSimpleName());
        }
        for (String name : ps.names()) {
            Parameter p = ps.get(name);
            System.out.printf(Locale.ROOT, "  %-32s %s%n", name, Arrays.toString(p.shape()));
        }
        if (loaded.manifest().has("tokenizer")) {
            Tokenizer tok = LanguageModelFile.of(loaded, path.getFileName().toString()).tokenizer();
            System.out.printf(Locale.ROOT, "vocabulary %s tokens, %,d entries%n", tok.kind(), tok.size());
        }
        System.out.println("checksum   " + (loaded.checksummed() ? "CRC-32C, verified"
                : "none (a format-1 file: damage to it cannot be detected; save it again to add one)"));
        if (!loaded.streamingStates().isEmpty()) {
            loaded.streamingStates().forEach((layer, st) -> System.out.printf(Locale.ROOT,
                    "state      %s: %d streams saved%n", layer, st.batch()));
        }
        if (loaded.manifest().has("provenance")) {
            System.out.println("provenance " + new GsonBuilder().setPrettyPrinting().create()
                    .toJson(loaded.manifest().get("provenance")).replace("\n", "\n           "));
        }
        System.out.println("architecture " + loaded.manifest().get("architecture"));
    }

    /** What {@code info --json} prints without --model: the installation. */
    private static JsonObject installationJson() {
        JsonObject o = new JsonObject();
        o.addProperty("rnn4j", Version.get());
        o.addProperty("jdk", System.getProperty("java.vm.vendor") + " " + Runtime.version());
        o.addProperty("gemm", Blas.backend().name());
        String coreType = System.getenv("OPENBLAS_CORETYPE");
        if (coreType != null) {
            o.addProperty("openblas_coretype", coreType);
        }
        o.addProperty("packed_gemm", Blas.packed() != null ? Blas.packed().name() : null);
        o.addProperty("threads", Parallel.threads());
        o.addProperty("openblas_num_threads", System.getenv("OPENBLAS_NUM_THREADS"));
        o.addProperty("cores", Runtime.getRuntime().availableProcessors());
        o.addProperty("arch", System.getProperty("os.arch"));
        o.addProperty("os", System.getProperty("os.name"));
        return o;
    }

    /** What {@code info --model M --json} prints: the model file's description. */
    private static JsonObject describeJson(Path path) {
        ModelFile.Loaded loaded = ModelFile.load(path);
        var ps = loaded.model().parameters();
        JsonObject o = new JsonObject();
        o.addProperty("model", path.getFileName().toString());
        o.addProperty("written_by", writtenBy(loaded.manifest().get("rnn4j_version")));
        o.addProperty("parameters", ps.size());
        JsonObject layers = new JsonObject();
        loaded.model().layers().forEach((name, layer) -> layers.addProperty(name, layer.getClass().getSimpleName()));
        o.add("layers", layers);
        JsonObject shapes = new JsonObject();
        for (String name : ps.names()) {
            JsonArray shape = new JsonArray();
            for (int d : ps.get(name).shape()) {
                shape.add(d);
            }
            shapes.add(name, shape);
        }
        o.add("parameter_shapes", shapes);
        if (loaded.manifest().has("tokenizer")) {
            Tokenizer tok = LanguageModelFile.of(loaded, path.getFileName().toString()).tokenizer();
            o.addProperty("tokens", tok.kind());
            o.addProperty("vocabulary", tok.size());
        }
        o.addProperty("checksum", loaded.checksummed() ? "crc32c" : "none");
        JsonObject states = new JsonObject();
        loaded.streamingStates().forEach((layer, st) -> states.addProperty(layer, st.batch()));
        o.add("streaming_states", states);
        if (loaded.manifest().has("provenance")) {
            o.add("provenance", loaded.manifest().get("provenance"));
        }
        o.add("architecture", loaded.manifest().get("architecture"));
        return o;
    }

    /** The version that wrote the file, or "?" when the manifest does not say it as a string. */
    private static String writtenBy(com.google.gson.JsonElement version) {
        return version != null && version.isJsonPrimitive() && version.getAsJsonPrimitive().isString() ? version.getAsString() : "?";
    }
}
