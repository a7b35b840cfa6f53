package io.rnn4j.io;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import io.rnn4j.tensor.Tensor;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The safetensors format (Hugging Face): an 8-byte little-endian header length N, N bytes of
 * JSON naming each tensor's dtype, shape and byte range, then the raw little-endian data. The
 * optional {@code __metadata__} entry maps strings to strings. F32 and F64 tensors are handled.
 *
 * <p>Reading treats the file as hostile: every length, offset and shape is checked against the
 * file size and against each other before anything is allocated.
 */
public final class SafeTensors {

    /** Largest header accepted: 16 MiB, far above any manifest rnn4j writes. */
    static final long MAX_HEADER = 16L << 20;

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
     * One tensor of either dtype this class handles: F32 ({@code floats}) or F64 ({@code doubles}),
     * the other array null.
     */
    public record Entry(int[] shape, float[] floats, double[] doubles) {
        public static Entry f32(float[] data, int... shape) {
            return new Entry(shape.clone(), data, null);
        }

        public static Entry f64(double[] data, int... shape) {
            return new Entry(shape.clone(), null, data);
        }

        String dtype() {
            return floats != null ? "F32" : "F64";
        }

        long bytes() {
            return floats != null ? 4L * floats.length : 8L * doubles.length;
        }
    }

    /** Writes F32 and F64 tensors atomically, as {@link #write}. */
    public static void writeEntries(Path path, Map<String, Entry> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (metadata != null && !metadata.isEmpty()) {
            JsonObject meta = new JsonObject();
            metadata.forEach(meta::addProperty);
            header.add("__metadata__", meta);
        }
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
        // A new file beside the target (created with the usual umask, unlike createTempFile's 0600).
        Path tmp = parent.resolve("." + path.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(ch)) {
                out.write(head.toByteArray());
                ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
                for (Entry t : tensors.values()) {
                    int n = t.floats != null ? t.floats.length : t.doubles.length;
                    for (int i = 0; i < n; i++) {
                        if (buf.remaining() < 8) {
                            out.write(buf.array(), 0, buf.position());
                            buf.clear();
                        }
                        if (t.floats != null) {
                            buf.putFloat(t.floats[i]);
                        } else {
                            buf.putDouble(t.doubles[i]);
                        }
                    }
                }
                out.write(buf.array(), 0, buf.position());
                out.flush();
                ch.force(true);
            }
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and validates a whole file of F32 tensors. */
    public static Contents read(Path path) throws IOException {
        String where = path.getFileName().toString();
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, Entry> e : readEntries(path, metadata).entrySet()) {
            Entry t = e.getValue();
            if (t.floats == null) {
                throw new ModelFormatException(where + ": tensor '" + e.getKey() + "' has dtype " + t.dtype() + "; only F32 is supported");
            }
            tensors.put(e.getKey(), new Tensor(t.floats, t.shape()));
        }
        return new Contents(tensors, metadata);
    }

    /** Reads and validates a whole file of F32 and F64 tensors; the metadata goes into {@code metadata}. */
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
                JsonElement el = JsonParser.parseString(new String(hb.array(), StandardCharsets.UTF_8));
                header = el.getAsJsonObject();
            } catch (RuntimeException e) {
                throw new ModelFormatException(where + ": header is not a JSON object");
            }
            long dataStart = 8 + headerLen;
            long dataLen = size - dataStart;
            Map<String, Entry> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> e : header.entrySet()) {
                if (e.getKey().equals("__metadata__")) {
                    try {
                        for (Map.Entry<String, JsonElement> m : e.getValue().getAsJsonObject().entrySet()) {
                            metadata.put(m.getKey(), m.getValue().getAsString());
                        }
                    } catch (RuntimeException ex) {
                        throw new ModelFormatException(where + ": __metadata__ must map strings to strings");
                    }
                    continue;
                }
                tensors.put(e.getKey(), readTensor(ch, where, e.getKey(), e.getValue(), dataStart, dataLen));
            }
            return tensors;
        }
    }

    private static Entry readTensor(FileChannel ch, String where, String name, JsonElement el, long dataStart, long dataLen) throws IOException {
        int[] shape;
        long begin;
        long end;
        int width;
        try {
            JsonObject info = el.getAsJsonObject();
            String dtype = info.get("dtype").getAsString();
            if (dtype.equals("F32")) {
                width = 4;
            } else if (dtype.equals("F64")) {
                width = 8;
            } else {
                throw new ModelFormatException(where + ": tensor '" + name + "' has dtype " + dtype + "; only F32 and F64 are supported");
            }
            var sh = info.getAsJsonArray("shape");
            if (sh.size() > 8) {
                throw new ModelFormatException(where + ": tensor '" + name + "' has " + sh.size() + " dimensions");
            }
            shape = new int[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                long d = sh.get(i).getAsLong();
                if (d < 0 || d > Integer.MAX_VALUE) {
                    throw new ModelFormatException(where + ": tensor '" + name + "' has dimension " + d);
                }
                shape[i] = (int) d;
            }
            var offs = info.getAsJsonArray("data_offsets");
            begin = offs.get(0).getAsLong();
            end = offs.get(1).getAsLong();
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
        ByteBuffer buf = ByteBuffer.allocate((int) (end - begin)).order(ByteOrder.LITTLE_ENDIAN);
        readFully(ch, buf, dataStart + begin);
        buf.flip();
        if (width == 4) {
            float[] data = new float[(int) count];
            buf.asFloatBuffer().get(data);
            return Entry.f32(data, shape);
        }
        double[] data = new double[(int) count];
        buf.asDoubleBuffer().get(data);
        return Entry.f64(data, shape);
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
