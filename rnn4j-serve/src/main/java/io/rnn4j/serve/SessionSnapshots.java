package io.rnn4j.serve;

import io.rnn4j.io.SafeTensors;
import io.rnn4j.nn.RecurrentState;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Tensor;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Session snapshots: one safetensors file per session, {@code <id>.session} in the snapshot
 * directory, holding the state of every stateful layer ({@code state.<layer>.<slot>.<kind>}, 1 × H),
 * the next-token logits, and in the metadata the model's name, the steps taken and the last
 * token. Written atomically (a temporary file, then a rename), so a crash mid-write leaves the old
 * snapshot. At start the server restores every snapshot whose model it serves.
 */
final class SessionSnapshots {

    static final String SUFFIX = ".session";

    private SessionSnapshots() {
    }

    static Path save(Path dir, Session s) throws IOException {
        Files.createDirectories(dir);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, RecurrentState> e : s.states().entrySet()) {
            RecurrentState st = e.getValue();
            for (int l = 0; l < st.layers(); l++) {
                for (int k = 0; k < st.stateCount(); k++) {
                    tensors.put("state." + e.getKey() + "." + l + "." + k, new Tensor(st.get(l, k), 1, st.hidden()));
                }
            }
        }
        if (s.next() != null) {
            tensors.put("next", new Tensor(s.next().clone(), s.next().length));
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("rnn4j.session", "1");
        meta.put("id", s.id);
        meta.put("model", s.served.name);
        meta.put("steps", Long.toString(s.steps()));
        meta.put("last_token", Integer.toString(s.lastToken()));
        Path file = dir.resolve(s.id + SUFFIX);
        SafeTensors.write(file, tensors, meta);
        return file;
    }

    /**
     * Restores every snapshot in {@code dir} into the store; a snapshot that is damaged, of a
     * model not served, or does not fit its model is skipped, and {@code warn} says why.
     *
     * @return sessions restored
     */
    static int restoreAll(Path dir, Map<String, ServedModel> models, SessionStore store, Consumer<String> warn) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int restored = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                try {
                    restore(f, models, store);
                    restored++;
                } catch (IOException | RuntimeException e) {
                    warn.accept("snapshot " + f.getFileName() + " not restored: " + Requests.firstLine(e));
                }
            }
        }
        return restored;
    }

    private static void restore(Path file, Map<String, ServedModel> models, SessionStore store) throws IOException {
        SafeTensors.Contents c = SafeTensors.read(file);
        Map<String, String> meta = c.metadata();
        if (!"1".equals(meta.get("rnn4j.session"))) {
            throw new IOException("not a session snapshot");
        }
        String id = meta.get("id");
        if (id == null || !(id + SUFFIX).equals(file.getFileName().toString())) {
            throw new IOException("its id does not match its file name");
        }
        ServedModel model = models.get(meta.get("model"));
        if (model == null) {
            throw new IOException("model '" + meta.get("model") + "' is not served");
        }
        Map<String, RecurrentState> states = new StreamingModel(model.model, 1).states();
        for (Map.Entry<String, RecurrentState> e : states.entrySet()) {
            RecurrentState st = e.getValue();
            for (int l = 0; l < st.layers(); l++) {
                for (int k = 0; k < st.stateCount(); k++) {
                    String key = "state." + e.getKey() + "." + l + "." + k;
                    Tensor t = c.tensors().get(key);
                    if (t == null) {
                        throw new IOException("it has no " + key);
                    }
                    st.set(l, k, t.data());
                }
            }
        }
        Tensor next = c.tensors().get("next");
        if (next != null && next.data().length != model.tokenizer.size()) {
            throw new IOException("its next-token logits have " + next.data().length + " values, the model has "
                    + model.tokenizer.size() + " tokens");
        }
        long steps = Long.parseLong(meta.getOrDefault("steps", "0"));
        int last = Integer.parseInt(meta.getOrDefault("last_token", "-1"));
        if (last < -1 || last >= model.tokenizer.size() || steps < 0) {
            throw new IOException("its step count or last token is out of range");
        }
        Session s = new Session(id, model, states);
        s.restore(steps, last, next == null ? null : next.data().clone());
        store.add(id, model, s);
    }
}
