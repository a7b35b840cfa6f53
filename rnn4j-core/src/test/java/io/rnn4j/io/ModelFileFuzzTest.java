package io.rnn4j.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.rnn4j.data.CharVocabulary;
import io.rnn4j.nn.SequenceModel;
import io.rnn4j.nn.recurrent.RecurrentLayer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Randomly damaged and hostile language model files (with a tokenizer and a saved streaming state),
 * loaded as {@code sample} and {@code eval} load them: the loader either loads a file whose
 * tokenizer fits its model, or refuses it with a one-line {@link ModelFormatException}; no other
 * exception, no OutOfMemoryError. The mutations that must always be refused (a tokenizer of the
 * wrong type or size, byte ranges that no longer tile the data, a duplicate key, data that
 * disagrees with its checksum, headers that claim huge tensors, negative offsets, JSON nested
 * thousands deep, tensor names that are not UTF-8) are checked to be refused, and no file takes
 * the loader more than a second. 1,000 files in the default suite, 100,000 in the slow profile
 * ({@code mvn test -Dslow}).
 */
class ModelFileFuzzTest {

    private static final String CHARS = "abcdefg";

    @TempDir
    Path dir;

    @Test
    void aThousandHostileFiles() throws Exception {
        fuzz(1_000, 7);
    }

    @Test
    @Tag("slow")
    void aHundredThousandHostileFiles() throws Exception {
        fuzz(100_000, 42);
    }

    /** Found by the 100,000-file run: a tensor name with a newline (a JSON escape) broke the message's line. */
    @Test
    void aNameWithALineBreakIsQuotedOnOneLine() throws Exception {
        SequenceModel m = ModelFileTest.charModel();
        Path original = dir.resolve("m.rnn4j");
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", CharVocabulary.of(CHARS).toJson());
        ModelFile.save(original, m, extra, null);
        RawSafeTensors raw = RawSafeTensors.read(original);
        Path t = dir.resolve("newline.rnn4j");
        // the entry renamed to "r<LF><BEL>.weight_hh_l0" (JSON escapes) and given one offset, so the loader quotes its name
        JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
        JsonObject entry = header.getAsJsonObject("rnn.weight_hh_l0").deepCopy();
        JsonArray one = new JsonArray();
        one.add(0);
        entry.add("data_offsets", one);
        String from = "\"rnn.weight_hh_l0\":" + header.get("rnn.weight_hh_l0");
        String to = "\"r\\n\\u0007.weight_hh_l0\":" + entry;
        Files.write(t, raw.withHeader(h -> h.replace(from, to)).bytes());
        ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(ModelFormatException.class, () -> LanguageModelFile.load(t));
        assertFalse(e.getMessage().contains("\n") || e.getMessage().contains("\u0007"), e.getMessage());
        assertTrue(e.getMessage().contains("'r\\n\\u0007.weight_hh_l0'"), e.getMessage());
        assertEquals("a\\nb\\u0007c\\td", new ModelFormatException("a\nb\u0007c\td").getMessage());
    }

    /** The slowest a single file may take to load or be refused. */
    private static final long MAX_NANOS = 1_000_000_000L;

    private enum Kind {
        TRUNCATED(false), HEADER_DIGITS(false), HEADER_LENGTH(false), BYTE_FLIPS(false),
        TOKENIZER_TYPES(false), VOCABULARY_SIZE(true), OFFSETS(true), DUPLICATE_KEY(true), CHECKSUM(true),
        HUGE_TENSOR(true), NEGATIVE_OFFSETS(true), DEEP_NESTING(true), NON_UTF8_NAME(true);

        /** Whether every file of this kind must be refused. */
        final boolean alwaysRefused;

        Kind(boolean alwaysRefused) {
            this.alwaysRefused = alwaysRefused;
        }
    }

    private void fuzz(int files, long seed) throws Exception {
        SequenceModel m = ModelFileTest.charModel();
        var state = ((RecurrentLayer) m.layers().get("rnn")).stack().newStreamingState(2);
        Path original = dir.resolve("m.rnn4j");
        JsonObject extra = new JsonObject();
        extra.add("tokenizer", CharVocabulary.of(CHARS).toJson());
        ModelFile.save(original, m, extra, Map.of("rnn", state));
        byte[] bytes = Files.readAllBytes(original);
        RawSafeTensors raw = RawSafeTensors.read(original);
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, SafeTensors.Entry> entries = SafeTensors.readEntries(original, meta);
        SplittableRandom rng = new SplittableRandom(seed);
        Path t = dir.resolve("x.rnn4j");
        Map<Kind, int[]> refusedOf = new LinkedHashMap<>();
        Kind[] kinds = Kind.values();
        for (int i = 0; i < files; i++) {
            Kind kind = kinds[rng.nextInt(kinds.length)];
            write(kind, t, bytes, raw, entries, meta, rng);
            int[] counts = refusedOf.computeIfAbsent(kind, k -> new int[2]);
            counts[1]++;
            long start = System.nanoTime();
            try {
                LanguageModelFile lm = LanguageModelFile.load(t);
                assertEquals(lm.model().inputSize(), lm.tokenizer().size(), "a loaded file's tokenizer fits its model");
                if (kind.alwaysRefused) {
                    fail("file " + i + " (" + kind + ") was loaded; it must be refused");
                }
            } catch (ModelFormatException e) {
                counts[0]++;
                assertFalse(e.getMessage().contains("\n"), e.getMessage());
            } catch (Throwable e) {
                fail("file " + i + " (" + kind + ") crashed the loader: " + e);
            }
            long took = System.nanoTime() - start;
            assertTrue(took < MAX_NANOS, "file " + i + " (" + kind + ") took " + took / 1e6 + " ms");
        }
        for (Kind kind : kinds) {
            int[] counts = refusedOf.get(kind);
            if (kind.alwaysRefused && counts != null) {
                assertEquals(counts[1], counts[0], kind + ": every file refused");
            }
        }
        // Random byte flips are nearly always caught: by the checksum, or by the header's checks.
        int[] flips = refusedOf.get(Kind.BYTE_FLIPS);
        assertTrue(flips[0] >= 0.98 * flips[1], "byte flips: refused " + flips[0] + " of " + flips[1]);
    }

    private static void write(Kind kind, Path t, byte[] bytes, RawSafeTensors raw, Map<String, SafeTensors.Entry> entries,
                              Map<String, String> meta, SplittableRandom rng) throws IOException {
        switch (kind) {
            case TRUNCATED -> Files.write(t, Arrays.copyOf(bytes, rng.nextInt(bytes.length)));
            case HEADER_DIGITS -> {
                // Digits replaced by other digits, which keeps the JSON valid.
                byte[] b = bytes.clone();
                for (int k = 0; k < 3; k++) {
                    int pos = 8 + rng.nextInt(Math.min(b.length - 8, 4000));
                    if (b[pos] >= '0' && b[pos] <= '9') {
                        b[pos] = (byte) ('0' + rng.nextInt(10));
                    }
                }
                Files.write(t, b);
            }
            case HEADER_LENGTH -> {
                byte[] b = bytes.clone();
                b[rng.nextInt(8)] = (byte) rng.nextInt(256);
                Files.write(t, b);
            }
            case BYTE_FLIPS -> {
                byte[] b = bytes.clone();
                int flips = 1 + rng.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    int pos = rng.nextInt(b.length);
                    b[pos] = (byte) (b[pos] ^ (1 + rng.nextInt(255)));
                }
                Files.write(t, b);
            }
            case TOKENIZER_TYPES -> withManifest(t, entries, meta, m -> m.add("tokenizer", randomTokenizer(rng)));
            case VOCABULARY_SIZE -> {
                int size = rng.nextBoolean() ? 1 + rng.nextInt(6) : 8 + rng.nextInt(60);
                StringBuilder chars = new StringBuilder();
                for (int c = 0; c < size; c++) {
                    chars.appendCodePoint(0x4e00 + c);
                }
                withManifest(t, entries, meta, m -> m.add("tokenizer", CharVocabulary.of(chars.toString()).toJson()));
            }
            case OFFSETS -> {
                JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
                List<String> names = new ArrayList<>(header.keySet());
                names.remove("__metadata__");
                String name = names.get(rng.nextInt(names.size()));
                JsonArray offsets = header.getAsJsonObject(name).getAsJsonArray("data_offsets");
                long shift = rng.nextBoolean() ? 4L * (1 + rng.nextInt(8)) : -4L * (1 + rng.nextInt(8));
                long begin = offsets.get(0).getAsLong();
                long end = offsets.get(1).getAsLong();
                if (begin + shift < 0) {
                    shift = -shift;
                }
                String from = "\"" + name + "\":" + header.get(name);
                JsonObject moved = header.getAsJsonObject(name).deepCopy();
                JsonArray now = new JsonArray();
                now.add(begin + shift);
                now.add(end + shift);
                moved.add("data_offsets", now);
                String to = "\"" + name + "\":" + moved;
                Files.write(t, raw.withHeader(h -> h.replace(from, to)).bytes());
            }
            case DUPLICATE_KEY -> {
                if (rng.nextBoolean()) {
                    JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
                    List<String> names = new ArrayList<>(header.keySet());
                    String name = names.get(rng.nextInt(names.size()));
                    String entry = "\"" + name + "\":" + header.get(name);
                    Files.write(t, raw.withHeader(h -> h.replace(entry, entry + "," + entry)).bytes());
                } else {
                    Map<String, String> copy = new LinkedHashMap<>(meta);
                    String[] keys = {"rnn4j_version", "architecture", "tokenizer"};
                    String key = keys[rng.nextInt(keys.length)];
                    copy.put("manifest", copy.get("manifest").replaceFirst("\\{", "{\"" + key + "\":\"again\","));
                    SafeTensors.writeEntries(t, entries, copy);
                }
            }
            case CHECKSUM -> {
                switch (rng.nextInt(3)) {
                    case 0 -> {
                        byte[] data = raw.data().clone();
                        int pos = rng.nextInt(data.length);
                        data[pos] = (byte) (data[pos] ^ (1 << rng.nextInt(8)));
                        Files.write(t, new RawSafeTensors(raw.header(), data).bytes());
                    }
                    case 1 -> {
                        String other = String.format("%08x", rng.nextInt());
                        Files.write(t, raw.withHeader(h -> h.replaceFirst("crc32c:[0-9a-f]{8}", "crc32c:" + other)).bytes());
                    }
                    default -> Files.write(t, raw.withHeader(h -> h.replaceFirst(",?\"checksum\":\"crc32c:[0-9a-f]{8}\"", "")).bytes());
                }
            }
            case HUGE_TENSOR -> {
                // a tensor that claims billions of elements, its byte range left as it was or stretched to match
                JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
                List<String> names = tensorNames(header);
                String name = names.get(rng.nextInt(names.size()));
                JsonObject entry = header.getAsJsonObject(name).deepCopy();
                JsonArray shape = new JsonArray();
                shape.add(1L << (20 + rng.nextInt(20)));
                shape.add(1L << (10 + rng.nextInt(30)));
                entry.add("shape", shape);
                if (rng.nextBoolean()) {
                    JsonArray offsets = new JsonArray();
                    long begin = entry.getAsJsonArray("data_offsets").get(0).getAsLong();
                    offsets.add(begin);
                    offsets.add(begin + 4 * shape.get(0).getAsLong() * shape.get(1).getAsLong());
                    entry.add("data_offsets", offsets);
                }
                String from = "\"" + name + "\":" + header.get(name);
                Files.write(t, raw.withHeader(h -> h.replace(from, "\"" + name + "\":" + entry)).bytes());
            }
            case NEGATIVE_OFFSETS -> {
                JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
                List<String> names = tensorNames(header);
                String name = names.get(rng.nextInt(names.size()));
                JsonObject entry = header.getAsJsonObject(name).deepCopy();
                JsonArray offsets = new JsonArray();
                long begin = entry.getAsJsonArray("data_offsets").get(0).getAsLong();
                long end = entry.getAsJsonArray("data_offsets").get(1).getAsLong();
                switch (rng.nextInt(3)) {
                    case 0 -> { offsets.add(-begin - 4 * (1 + rng.nextInt(100))); offsets.add(end); }
                    case 1 -> { offsets.add(begin); offsets.add(-end); }
                    default -> { offsets.add(end); offsets.add(begin); } // backwards
                }
                entry.add("data_offsets", offsets);
                String from = "\"" + name + "\":" + header.get(name);
                Files.write(t, raw.withHeader(h -> h.replace(from, "\"" + name + "\":" + entry)).bytes());
            }
            case DEEP_NESTING -> {
                int depth = 1_000 + rng.nextInt(100_000);
                String nested = "[".repeat(depth) + "]".repeat(depth);
                if (rng.nextBoolean()) {
                    // in the safetensors header itself
                    Files.write(t, raw.withHeader(h -> h.replaceFirst("\\{", "{\"deep\":" + nested + ",")).bytes());
                } else {
                    // inside the manifest's JSON, checksummed as a buggy writer would
                    Map<String, String> copy = new LinkedHashMap<>(meta);
                    copy.put("manifest", copy.get("manifest").replaceFirst("\\{", "{\"deep\":" + nested + ","));
                    SafeTensors.writeEntries(t, entries, copy);
                }
            }
            case NON_UTF8_NAME -> {
                JsonObject header = JsonParser.parseString(raw.header()).getAsJsonObject();
                List<String> names = tensorNames(header);
                String name = names.get(rng.nextInt(names.size()));
                byte[] head = raw.header().getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] key = ("\"" + name + "\"").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                int at = indexOf(head, key);
                byte[][] bad = {{(byte) 0xff}, {(byte) 0xc3, 0x28}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80}};
                byte[] insert = bad[rng.nextInt(bad.length)];
                byte[] out = new byte[head.length + insert.length];
                System.arraycopy(head, 0, out, 0, at + 1);
                System.arraycopy(insert, 0, out, at + 1, insert.length);
                System.arraycopy(head, at + 1, out, at + 1 + insert.length, head.length - at - 1);
                Files.write(t, withRawHeader(out, raw.data()));
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    private static List<String> tensorNames(JsonObject header) {
        List<String> names = new ArrayList<>(header.keySet());
        names.remove("__metadata__");
        return names;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }

    /** A safetensors file from header bytes as they are (any encoding) and the data. */
    private static byte[] withRawHeader(byte[] header, byte[] data) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(8 + header.length + data.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data);
        return b.array();
    }

    /** Rewrites the file with an edited manifest and a valid checksum, as a buggy writer could. */
    private static void withManifest(Path t, Map<String, SafeTensors.Entry> entries, Map<String, String> meta,
                                     java.util.function.Consumer<JsonObject> edit) throws IOException {
        Map<String, String> copy = new LinkedHashMap<>(meta);
        JsonObject manifest = JsonParser.parseString(copy.get("manifest")).getAsJsonObject();
        edit.accept(manifest);
        copy.put("manifest", manifest.toString());
        SafeTensors.writeEntries(t, entries, copy);
    }

    /** A tokenizer value of a random shape: wrong types, missing fields, wrong kinds, and now and then a valid one. */
    private static JsonElement randomTokenizer(SplittableRandom rng) {
        JsonElement[] junk = {new JsonPrimitive("x"), new JsonPrimitive(rng.nextInt()), JsonNull.INSTANCE, new JsonArray(),
                new JsonPrimitive(true), new JsonObject()};
        switch (rng.nextInt(4)) {
            case 0:
                return junk[rng.nextInt(junk.length)];
            case 1: {
                JsonObject o = new JsonObject();
                o.add("kind", rng.nextBoolean() ? new JsonPrimitive(rng.nextBoolean() ? "char" : "word") : junk[rng.nextInt(junk.length)]);
                o.add(rng.nextBoolean() ? "vocabulary" : "words", junk[rng.nextInt(junk.length)]);
                return o;
            }
            case 2: {
                JsonObject o = new JsonObject();
                o.addProperty("kind", "word");
                JsonArray words = new JsonArray();
                words.add("<unk>");
                for (int k = 0; k < 6; k++) {
                    words.add(rng.nextInt(4) == 0 ? junk[rng.nextInt(junk.length)] : new JsonPrimitive("w" + k));
                }
                o.add("words", words);
                if (rng.nextBoolean()) {
                    o.add("lowercase", rng.nextBoolean() ? new JsonPrimitive(false) : junk[rng.nextInt(junk.length)]);
                }
                return o;
            }
            default: {
                JsonObject o = new JsonObject();
                o.addProperty("kind", "char");
                StringBuilder v = new StringBuilder(CHARS);
                v.setCharAt(rng.nextInt(v.length()), (char) ('a' + rng.nextInt(26)));
                o.addProperty("vocabulary", v.toString()); // valid only when it still has 7 distinct characters
                return o;
            }
        }
    }
}
