package io.rnn4j.interop.pytorch;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The layers of a PyTorch model, in the order its {@code forward} applies them, by the
 * attribute names its {@code state_dict} uses. Sizes, layer counts and directions are not
 * written: they are read off the weights' shapes.
 *
 * <p>Written as flags, {@code NAME:KIND[=ARG]} separated by commas:
 * <pre>  embed:embedding,rnn:lstm,drop:dropout,head:linear</pre>
 * or as JSON, {@code [{"name": "embed", "kind": "embedding"}, …]}. Kinds:
 * <ul>
 *   <li>{@code embedding} ({@code nn.Embedding}), {@code onehot=V} (no weights: V classes);</li>
 *   <li>{@code linear} ({@code nn.Linear});</li>
 *   <li>{@code rnn} ({@code nn.RNN}, tanh), {@code rnn-relu}, {@code lstm}, {@code gru}: layers
 *       from {@code weight_ih_lK}, bidirectional from {@code _reverse};</li>
 *   <li>{@code dropout}, {@code tanh}, {@code relu}, {@code sigmoid}: no weights.</li>
 * </ul>
 */
public record ArchitectureSpec(List<Entry> layers) {

    /** One layer: the state-dict prefix, the kind and its argument (0 when it takes none). */
    public record Entry(String name, String kind, int argument) {
    }

    static final List<String> KINDS = List.of("embedding", "onehot", "linear", "rnn", "rnn-relu", "lstm", "gru", "dropout", "tanh",
            "relu", "sigmoid");

    public ArchitectureSpec {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the architecture names no layers");
        }
        layers = List.copyOf(layers);
    }

    /** Parses the flag form, or JSON when the text starts with '[' or '{' (an object holding "layers"). */
    public static ArchitectureSpec parse(String text) {
        String t = text.trim();
        if (t.startsWith("[") || t.startsWith("{")) {
            return parseJson(t);
        }
        List<Entry> out = new ArrayList<>();
        for (String part : t.split(",")) {
            String p = part.trim();
            int colon = p.indexOf(':');
            if (colon <= 0 || colon == p.length() - 1) {
                throw new IllegalArgumentException("architecture entry '" + p + "' must be NAME:KIND, e.g. rnn:lstm");
            }
            String name = p.substring(0, colon);
            String kind = p.substring(colon + 1);
            int argument = 0;
            int eq = kind.indexOf('=');
            if (eq >= 0) {
                argument = number(kind.substring(eq + 1), p);
                kind = kind.substring(0, eq);
            }
            out.add(entry(name, kind, argument, p));
        }
        return new ArchitectureSpec(out);
    }

    private static ArchitectureSpec parseJson(String t) {
        JsonElement root;
        try {
            root = JsonParser.parseString(t);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the architecture is not valid JSON: " + e.getMessage().replace('\n', ' '));
        }
        JsonArray array = root.isJsonArray() ? root.getAsJsonArray()
                : root.isJsonObject() && root.getAsJsonObject().has("layers") && root.getAsJsonObject().get("layers").isJsonArray()
                ? root.getAsJsonObject().getAsJsonArray("layers") : null;
        if (array == null) {
            throw new IllegalArgumentException("the architecture JSON must be an array of layers, or an object with a \"layers\" array");
        }
        List<Entry> out = new ArrayList<>();
        for (JsonElement e : array) {
            if (!e.isJsonObject()) {
                throw new IllegalArgumentException("each architecture layer must be an object with \"name\" and \"kind\"");
            }
            JsonObject o = e.getAsJsonObject();
            String name = string(o, "name");
            String kind = string(o, "kind");
            int argument = o.has("classes") ? number(o.get("classes").getAsString(), name) : 0;
            out.add(entry(name, kind, argument, name));
        }
        return new ArchitectureSpec(out);
    }

    private static Entry entry(String name, String kind, int argument, String where) {
        String k = kind.toLowerCase(Locale.ROOT);
        if (!KINDS.contains(k)) {
            throw new IllegalArgumentException("architecture entry '" + where + "': unknown kind '" + kind + "' (one of "
                    + String.join(", ", KINDS) + ")");
        }
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            throw new IllegalArgumentException("architecture entry '" + where + "': the name must be a Python attribute name, got '"
                    + name + "'");
        }
        if (k.equals("onehot") && argument < 1) {
            throw new IllegalArgumentException("architecture entry '" + where + "': onehot needs its class count, e.g. x:onehot=65");
        }
        return new Entry(name, k, argument);
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new IllegalArgumentException("architecture layer needs a string \"" + key + "\"");
        }
        return e.getAsString();
    }

    private static int number(String s, String where) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("architecture entry '" + where + "': '" + s + "' is not a whole number");
        }
    }
}
