package io.rnn4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import io.rnn4j.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * JSON naming each tensor's dtype, shape and byte range, then the raw little-endian data. The
 * optional {@code __metadata__} entry maps strings to strings. F32, F64, F16 and BF16 tensors are handled.
 *
 * <p>Reading treats the file as hostile: every length, offset and shape is checked against the
 * file size and against each other before anything is allocated; the header must be strict JSON
 * with no key twice; and, as the format requires, the tensors' byte ranges must tile the data
 * area exactly (contiguous, no overlap, no gap, ending at the end of the file).
 *
 * <p><b>Checksum.</b> rnn4j adds a {@value #CHECKSUM_KEY} entry to the metadata when it writes:
 * {@code crc32c:} and eight hex digits, the CRC-32C of every other metadata key and value (in
 * file order, each as UTF-8 followed by a zero byte) and then of the whole data area. A reader
 * that finds it verifies it, so a flipped bit in the weights or the manifest is refused instead
 * of loading as a different model. Other safetensors readers ignore the entry.
 */
public final class SafeTensors {

    /** Largest header accepted: 16 MiB, far above any manifest rnn4j writes. */
    static final long MAX_HEADER = 16L << 20;

    /** The metadata entry that holds the checksum. */
    public static final String CHECKSUM_KEY = "checksum";
    private static final String CHECKSUM_PREFIX = "crc32c:";

    /** A file's tensors, in file order, and its metadata. */
    public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private SafeTensors() {
    }

    /** Writes F32 tensors atomically: to a temporary file beside the target, fsync, then rename over it. */
    public static void write(Path path, Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        tensors.forEach((name, t) -> entries.put(name, Entry.f32(t.data(), t.shape())));
        writeEntries(path, entries, metadata);
    }

    /**
     * One tensor of a dtype this class handles: F32, F16 or BF16 ({@code floats}, the half
     * widths widened exactly on reading and rounded to nearest even on writing, see
     * {@link HalfFloats}) or F64 ({@code doubles}); the other array is null.
     */
    public record Entry(int[] shape, float[] floats, double[] doubles, String dtype) {
        public Entry {
            if (!(dtype.equals("F64") ? doubles != null && floats == null
                    : (dtype.equals("F32") || dtype.equals("F16") || dtype.equals("BF16")) && floats != null && doubles == null)) {
                throw new IllegalArgumentException("a safetensors entry of dtype " + dtype + " needs "
                        + (dtype.equals("F64") ? "doubles" : "floats") + " (F32, F64, F16 and BF16 are supported)");
            }
        }

        public static Entry f32(float[] data, int... shape) {
            return new Entry(shape.clone(), data, null, "F32");
        }

        public static Entry f64(double[] data, int... shape) {
            return new Entry(shape.clone(), null, data, "F64");
        }

        /** Stored as IEEE half precision (PyTorch's float16). */
        public static Entry f16(float[] data, int... shape) {
            return new Entry(shape.clone(), data, null, "F16");
        }

        /** Stored as bfloat16. */
        public static Entry bf16(float[] data, int... shape) {
            return new Entry(shape.clone(), data, null, "BF16");
        }

        int width() {
            return width(dtype);
        }

        static int width(String dtype) {
            switch (dtype) {
                case "F64":
                    return 8;
                case "F32":
                    return 4;
                case "F16":
                case "BF16":
                    return 2;
                default:
                    return -1;
            }
        }

        long bytes() {
            return (long) width() * (floats != null ? floats.length : doubles.length);
        }
    }

    /** Writes F32, F64, F16 and BF16 tensors atomically, as {@link #write}. */
    public static void writeEntries(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>(metadata == null ? Map.of() : metadata);
        meta.remove(CHECKSUM_KEY);
        CRC32C crc = new CRC32C();
        updateWithMetadata(crc, meta);
        encode(tensors, (bytes, length) -> crc.update(bytes, 0, length));
        meta.put(CHECKSUM_KEY, checksumText(crc));
        JsonObject header = new JsonObject();
        JsonObject metaJson = new JsonObject();
        meta.forEach(metaJson::addProperty);
        header.add("__metadata__", metaJson);
        long offset = 0;
        for (Map.Entry<String, Entry> e : tensors.entrySet()) {
            Entry t = e.getValue();
            long bytes = t.bytes();
            JsonObject info = new JsonObject();
            info.addProperty("dtype", t.dtype());
            var shape = new com.google.gson.JsonArray();
            for (int d : t.shape()) {
                shape.add(d);
            }
            info.add("shape", shape);
            var offs = new com.google.gson.JsonArray();
            offs.add(offset);
            offs.add(offset + bytes);
            info.add("data_offsets", offs);
            header.add(e.getKey(), info);
            offset += bytes;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int pad = (8 - json.length % 8) % 8; // keep the data 8-byte aligned, as the reference writer does
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length + pad);
        head.write(len.array());
        head.write(json);
        for (int i = 0; i < pad; i++) {
            head.write(' ');
        }
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        removeStaleTemporaries(path);
        // A new file beside the target (created with the usual umask, unlike createTempFile's 0600).
        Path tmp = parent.resolve(TEMPORARY_PREFIX_DOT + path.getFileName() + "." + ProcessHandle.current().pid() + "."
                + System.nanoTime() + TEMPORARY_SUFFIX);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                 OutputStream out = Channels.newOutputStream(ch)) {
                out.write(head.toByteArray());
                encode(tensors, (bytes, length) -> out.write(bytes, 0, length));
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static final String TEMPORARY_PREFIX_DOT = ".";
    private static final String TEMPORARY_SUFFIX = ".tmp";

    /**
     * Removes the temporary files that writes of {@code target} by processes no longer running
     * left beside it ({@code .NAME.PID.N.tmp}, from a write killed before its rename). A live
     * process's temporary is left alone, so two programs writing beside each other are safe.
     *
     * @return how many were removed
     */
    public static int removeStaleTemporaries(Path target) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return 0;
        }
        String prefix = TEMPORARY_PREFIX_DOT + target.getFileName() + ".";
        int removed = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(parent, p -> {
            String n = p.getFileName().toString();
            return n.startsWith(prefix) && n.endsWith(TEMPORARY_SUFFIX);
        })) {
            for (Path p : files) {
                String n = p.getFileName().toString();
                String[] middle = n.substring(prefix.length(), n.length() - TEMPORARY_SUFFIX.length()).split("\\.");
                if (middle.length != 2 || !middle[0].matches("\\d{1,18}") || !middle[1].matches("-?\\d{1,19}")) {
                    continue; // not one of ours
                }
                long pid = Long.parseLong(middle[0]);
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                    continue;
                }
                if (Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    /** Receives encoded data in chunks. */
    @FunctionalInterface
    private interface ByteSink {
        void accept(byte[] bytes, int length) throws IOException;
    }

    /** The data area: every tensor's values, little-endian, in order, handed to {@code sink} in 64 KiB chunks. */
    private static void encode(Map<String, Entry> tensors, ByteSink sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (Entry t : tensors.values()) {
            int n = t.floats != null ? t.floats.length : t.doubles.length;
            for (int i = 0; i < n; i++) {
                if (buf.remaining() < 8) {
                    sink.accept(buf.array(), buf.position());
                    buf.clear();
                }
                if (t.dtype.equals("F32")) {
                    buf.putFloat(t.floats[i]);
                } else if (t.floats != null) {
                    buf.putShort(HalfFloats.encode(t.floats[i], t.dtype.equals("BF16")));
                } else {
                    buf.putDouble(t.doubles[i]);
                }
            }
        }
        sink.accept(buf.array(), buf.position());
    }

    /** The checksum as the metadata holds it: {@code crc32c:} and eight hex digits. */
    private static String checksumText(CRC32C crc) {
        return CHECKSUM_PREFIX + String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    /** Feeds every metadata key and value except the checksum, in order, each followed by a zero byte. */
    private static void updateWithMetadata(CRC32C crc, Map<String, String> metadata) {
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            if (e.getKey().equals(CHECKSUM_KEY)) {
                continue;
            }
            crc.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            crc.update(0);
            crc.update(e.getValue().getBytes(StandardCharsets.UTF_8));
            crc.update(0);
        }
    }

    /** Reads and validates a whole file of F32 tensors. */
    public static Contents read(Path path) throws IOException {
        String where = path.getFileName().toString();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : readEntries(path, metadata).entrySet()) {
            Entry t = e.getValue();
            if (!t.dtype().equals("F32")) {
                throw new ModelFormatException(where + ": tensor '" + e.getKey() + "' has dtype " + t.dtype() + "; only F32 is supported");
            }
            tensors.put(e.getKey(), new Tensor(t.floats, t.shape()));
        }
        return new Contents(tensors, metadata);
    }

    /** Reads and validates a whole file of F32, F64, F16 and BF16 tensors; the metadata goes into {@code metadata}. */
    public static Map<String, Entry> readEntries(Path path, Map<String, String> metadata) throws IOException {
        String where = path.getFileName().toString();
        long size = Files.size(path);
        if (size < 8) {
            throw new ModelFormatException(where + ": truncated (" + size + " bytes, not even a safetensors header length)");
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 2 || headerLen > MAX_HEADER || headerLen > size - 8) {
                throw new ModelFormatException(where + ": header length " + headerLen + " is impossible for a file of "
                        + size + " bytes (limit " + MAX_HEADER + ")");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, 8);
            JsonObject header;
            try {
                header = StrictJson.parseObject(new String(hb.array(), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(where + ": header is not valid: " + e.getMessage());
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, Layout> layouts = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    readMetadata(where, e.getValue(), metadata);
                } else {
                    layouts.put(e.getKey(), layout(where, e.getKey(), e.getValue(), dataLen));
                }
            }
            List<Layout> inFileOrder = checkTiling(where, layouts, dataLen);
            String checksum = metadata.get(CHECKSUM_KEY);
            CRC32C crc = checksum == null ? null : new CRC32C();
            if (crc != null) {
                updateWithMetadata(crc, metadata);
            }
            // In file order, so that the checksum sees the data area from its start to its end.
            Map<String, Entry> read = new HashMap<>();
            for (Layout l : inFileOrder) {
                read.put(l.name, readTensor(ch, l, dataStart, crc));
            }
            if (crc != null) {
                String actual = checksumText(crc);
                if (!actual.equals(checksum)) {
                    throw new ModelFormatException(where + ": checksum mismatch (the file says " + abbreviate(checksum)
                            + ", its contents give " + actual + "): the file is damaged");
                }
            }
            Map<String, Entry> tensors = new LinkedHashMap<>();
            for (String name : layouts.keySet()) {
                tensors.put(name, read.get(name));
            }
            return tensors;
        }
    }

    private static void readMetadata(String where, JsonElement el, Map<String, String> metadata) {
        if (!el.isJsonObject()) {
            throw new ModelFormatException(where + ": __metadata__ must map strings to strings");
        }
        for (Map.Entry<String, JsonElement> m : el.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new ModelFormatException(where + ": __metadata__ must map strings to strings ('" + abbreviate(m.getKey())
                        + "' does not)");
            }
            metadata.put(m.getKey(), v.getAsString());
        }
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Where a tensor's bytes lie, its shape and its element width, as the header declares them (checked). */
    private record Layout(String name, int[] shape, String dtype, int width, long begin, long end) {
    }

    /**
     * Refuses byte ranges that do not tile the data area: sorted by offset, each range must start
     * where the previous one ended, the first at 0 and the last ending at the end of the file.
     *
     * @return the layouts in file order
     */
    private static List<Layout> checkTiling(String where, Map<String, Layout> layouts, long dataLen) {
        List<Layout> sorted = new ArrayList<>(layouts.values());
        sorted.sort(Comparator.comparingLong(Layout::begin).thenComparingLong(Layout::end));
        long at = 0;
        for (Layout l : sorted) {
            if (l.begin != at) {
                throw new ModelFormatException(where + ": tensor '" + l.name + "' starts at data byte " + l.begin + ", but "
                        + (l.begin < at ? "the tensors before it end at " + at + " (byte ranges overlap)"
                        : "the tensors before it end at " + at + " (a gap)"));
            }
            at = l.end;
        }
        if (at != dataLen) {
            throw new ModelFormatException(where + ": the tensors cover " + at + " data bytes, but the file holds " + dataLen
                    + " after its header (wrong header length, or extra bytes)");
        }
        return sorted;
    }

    private static Layout layout(String where, String name, JsonElement el, long dataLen) {
        int[] shape;
        long begin;
        long end;
        int width;
        String dtype;
        try {
            JsonObject info = el.getAsJsonObject();
            dtype = info.get("dtype").getAsString();
            width = Entry.width(dtype);
            if (width < 0) {
                throw new ModelFormatException(where + ": tensor '" + name + "' has dtype " + dtype
                        + "; only F32, F64, F16 and BF16 are supported");
            }
            var sh = info.getAsJsonArray("shape");
            if (sh.size() > 8) {
                throw new ModelFormatException(where + ": tensor '" + name + "' has " + sh.size() + " dimensions");
            }
            shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                long d = wholeNumber(sh.get(i));
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw new ModelFormatException(where + ": tensor '" + name + "' has dimension " + d);
                }
                shape[i] = (int) d;
            }
            var offs = info.getAsJsonArray("data_offsets");
            if (offs.size() != 2) {
                throw new ModelFormatException(where + ": tensor '" + name + "' needs data_offsets [BEGIN, END], got "
                        + offs.size() + " numbers");
            }
            begin = wholeNumber(offs.get(0));
            end = wholeNumber(offs.get(1));
        } catch (ModelFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelFormatException(where + ": entry for tensor '" + name + "' is malformed");
        }
        long count = 1;
        for (int d : shape) {
            count *= d;
            if (count > Integer.MAX_VALUE / width) {
                throw new ModelFormatException(where + ": tensor '" + name + "' is too large");
            }
        }
        if (begin < 0 || end < begin || end > dataLen || end - begin != width * count) {
            throw new ModelFormatException(where + ": tensor '" + name + "' has byte range [" + begin + ", " + end
                    + ") that does not fit its shape or the file (" + dataLen + " data bytes)");
        }
        return new Layout(name, shape, dtype, width, begin, end);
    }

    /** A non-negative whole number written as digits (no sign, fraction or exponent), or -1. */
    private static long wholeNumber(JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            return -1;
        }
        String digits = e.getAsString();
        return digits.matches("\\d{1,18}") ? Long.parseLong(digits) : -1;
    }

    /** Reads one tensor whose layout has been checked, feeding its bytes to {@code crc} when not null. */
    private static Entry readTensor(FileChannel ch, Layout l, long dataStart, CRC32C crc) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) (l.end - l.begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + l.begin);
        buf.flip();
        if (crc != null) {
            crc.update(buf.array(), 0, buf.limit());
        }
        int count = (int) ((l.end - l.begin) / l.width);
        if (l.width == 4) {
            float[] data = new float[count];
            buf.asFloatBuffer().get(data);
            return Entry.f32(data, l.shape);
        }
        if (l.width == 2) {
            boolean bf = l.dtype.equals("BF16");
            float[] data = new float[count];
            for (int i = 0; i < count; i++) {
                data[i] = HalfFloats.decode(buf.getShort(), bf);
            }
            return new Entry(l.shape.clone(), data, null, l.dtype);
        }
        double[] data = new double[count];
        buf.asDoubleBuffer().get(data);
        return Entry.f64(data, l.shape);
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new ModelFormatException("unexpected end of file");
            }
            pos += n;
        }
    }
}
