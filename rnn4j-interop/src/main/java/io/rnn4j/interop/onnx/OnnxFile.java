package io.rnn4j.interop.onnx;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import io.rnn4j.interop.onnx.proto.Onnx.ModelProto;
import io.rnn4j.interop.onnx.proto.Onnx.OperatorSetIdProto;
import io.rnn4j.interop.onnx.proto.Onnx.StringStringEntryProto;
import io.rnn4j.interop.onnx.proto.Onnx.TensorProto;
import io.rnn4j.io.HalfFloats;
import io.rnn4j.io.ModelFormatException;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads an ONNX file and its tensors, refusing what rnn4j cannot trust or does not read with one
 * line that names the file: an empty, truncated or non-ONNX file, an opset newer than
 * {@value #MAX_OPSET}, tensors whose data do not fit their dimensions, and external data that is
 * missing, outside the model's folder, or shorter than declared.
 */
final class OnnxFile {

    /** The newest default-domain opset whose RNN, LSTM and GRU (and the ops around them) import reads. */
    static final int MAX_OPSET = 21;
    /** Larger files are refused before parsing (protobuf's own limit is 2 GiB). */
    static final long MAX_BYTES = 1L << 30;

    final ModelProto model;
    final int opset;
    final String where;
    private final Path folder;

    private OnnxFile(ModelProto model, int opset, String where, Path folder) {
        this.model = model;
        this.opset = opset;
        this.where = where;
        this.folder = folder;
    }

    static OnnxFile read(Path path) throws IOException {
        String where = path.getFileName().toString();
        long size;
        try {
            size = Files.size(path);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(where + ": no such file");
        }
        if (size == 0) {
            throw new ModelFormatException(where + ": empty file, not an ONNX model");
        }
        if (size > MAX_BYTES) {
            throw new ModelFormatException(where + ": " + size + " bytes, more than the " + MAX_BYTES + " rnn4j reads");
        }
        ModelProto model;
        try {
            CodedInputStream in = CodedInputStream.newInstance(Files.readAllBytes(path));
            in.setSizeLimit(Integer.MAX_VALUE);
            model = ModelProto.parseFrom(in);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(where + ": not an ONNX model, or truncated (" + oneLine(e.getMessage()) + ")");
        }
        if (!model.hasIrVersion() || model.getIrVersion() < 3 || !model.hasGraph() || model.getOpsetImportCount() == 0) {
            throw new ModelFormatException(where + ": not an ONNX model (no IR version >= 3, graph and opset)");
        }
        int opset = -1;
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            if (o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx")) {
                opset = (int) o.getVersion();
            }
        }
        if (opset < 0) {
            throw new ModelFormatException(where + ": imports no default (ai.onnx) opset");
        }
        if (opset > MAX_OPSET) {
            throw new ModelFormatException(where + ": opset " + opset + " is newer than the " + MAX_OPSET
                    + " rnn4j's import reads; export it with opset_version=" + MAX_OPSET + " or lower");
        }
        if (model.getGraph().getSparseInitializerCount() > 0) {
            throw new ModelFormatException(where + ": sparse initializers are not supported");
        }
        return new OnnxFile(model, opset, where, path.toAbsolutePath().getParent());
    }

    /** A tensor's values, as floats or as whole numbers, and its dimensions. */
    record Tensor(String name, long[] dims, float[] floats, long[] longs) {
        long count() {
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            return n;
        }

        String shape() {
            return Arrays.toString(dims);
        }
    }

    /**
     * A name from the file as a message shows it: control characters as '?', and at most 60
     * characters, so that a damaged file's binary garbage never spills over lines.
     */
    static String shown(String name) {
        String s = name.replaceAll("[\\p{Cc}\\p{Cf}\\p{Zl}\\p{Zp}]", "?");
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** Decodes an initializer or constant: FLOAT, DOUBLE, FLOAT16, BFLOAT16 to floats; INT64, INT32 to longs. */
    Tensor tensor(TensorProto t) throws IOException {
        String name = shown(t.getName());
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFormatException(where + ": tensor '" + name + "' has dimension " + d);
            }
            count *= d;
            if (count > Integer.MAX_VALUE / 8) {
                throw new ModelFormatException(where + ": tensor '" + name + "' is too large");
            }
        }
        int n = (int) count;
        ByteString raw = t.getDataLocation() == TensorProto.DataLocation.EXTERNAL ? external(t) : t.hasRawData() ? t.getRawData() : null;
        int type = t.getDataType();
        float[] floats = null;
        long[] longs = null;
        switch (type) {
            case TensorProto.DataType.FLOAT_VALUE:
                floats = raw != null ? floatsOf(raw(name, raw, n, 4), n)
                        : check(name, n, t.getFloatDataCount(), toFloats(t));
                break;
            case TensorProto.DataType.DOUBLE_VALUE: {
                double[] d = raw != null ? fromBuffer(raw(name, raw, n, 8), n) : t.getDoubleDataList().stream().mapToDouble(Double::doubleValue).toArray();
                check(name, n, d.length, null);
                floats = new float[n];
                for (int i = 0; i < n; i++) {
                    floats[i] = (float) d[i];
                }
                break;
            }
            case TensorProto.DataType.FLOAT16_VALUE:
            case TensorProto.DataType.BFLOAT16_VALUE: {
                floats = new float[n];
                boolean bf = type == TensorProto.DataType.BFLOAT16_VALUE;
                if (raw != null) {
                    ByteBuffer b = raw(name, raw, n, 2);
                    for (int i = 0; i < n; i++) {
                        floats[i] = HalfFloats.decode(b.getShort(), bf);
                    }
                } else {
                    check(name, n, t.getInt32DataCount(), null);
                    for (int i = 0; i < n; i++) {
                        floats[i] = HalfFloats.decode((short) t.getInt32Data(i), bf);
                    }
                }
                break;
            }
            case TensorProto.DataType.INT64_VALUE:
                longs = raw != null ? longsOf(raw(name, raw, n, 8), n)
                        : check(name, n, t.getInt64DataCount(), t.getInt64DataList().stream().mapToLong(Long::longValue).toArray());
                break;
            case TensorProto.DataType.INT32_VALUE: {
                longs = new long[n];
                if (raw != null) {
                    ByteBuffer b = raw(name, raw, n, 4);
                    for (int i = 0; i < n; i++) {
                        longs[i] = b.getInt();
                    }
                } else {
                    check(name, n, t.getInt32DataCount(), null);
                    for (int i = 0; i < n; i++) {
                        longs[i] = t.getInt32Data(i);
                    }
                }
                break;
            }
            default:
                throw new ModelFormatException(where + ": tensor '" + name + "' has data type " + typeName(type)
                        + "; rnn4j reads float, double, float16, bfloat16, int32 and int64");
        }
        if (floats != null) {
            for (float f : floats) {
                if (!Float.isFinite(f)) {
                    throw new ModelFormatException(where + ": tensor '" + name + "' holds a non-finite value (" + f + ")");
                }
            }
        }
        return new Tensor(name, dims, floats, longs);
    }

    private ByteBuffer raw(String name, ByteString raw, int n, int width) {
        if (raw.size() != (long) n * width) {
            throw new ModelFormatException(where + ": tensor '" + name + "' has " + raw.size() + " bytes of data, but its dimensions need "
                    + (long) n * width);
        }
        return raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private <T> T check(String name, int n, int have, T values) {
        if (have != n) {
            throw new ModelFormatException(where + ": tensor '" + name + "' holds " + have + " values, but its dimensions need " + n);
        }
        return values;
    }

    private static float[] toFloats(TensorProto t) {
        float[] f = new float[t.getFloatDataCount()];
        for (int i = 0; i < f.length; i++) {
            f[i] = t.getFloatData(i);
        }
        return f;
    }

    private static float[] floatsOf(ByteBuffer b, int n) {
        float[] f = new float[n];
        b.asFloatBuffer().get(f);
        return f;
    }

    private static long[] longsOf(ByteBuffer b, int n) {
        long[] l = new long[n];
        b.asLongBuffer().get(l);
        return l;
    }

    private static double[] fromBuffer(ByteBuffer b, int n) {
        double[] d = new double[n];
        b.asDoubleBuffer().get(d);
        return d;
    }

    /** The bytes an external-data tensor points at: a relative path inside the model's folder. */
    private ByteString external(TensorProto t) throws IOException {
        String location = null;
        long offset = 0;
        long length = -1;
        for (StringStringEntryProto e : t.getExternalDataList()) {
            switch (e.getKey()) {
                case "location" -> location = e.getValue();
                case "offset" -> offset = parseLong(t, e);
                case "length" -> length = parseLong(t, e);
                default -> {
                }
            }
        }
        if (location == null || location.isEmpty()) {
            throw new ModelFormatException(where + ": tensor '" + t.getName() + "' has external data but no location");
        }
        Path file = folder.resolve(location).normalize();
        if (Path.of(location).isAbsolute() || !file.startsWith(folder)) {
            throw new ModelFormatException(where + ": tensor '" + t.getName() + "' points at external data '" + location
                    + "' outside the model's folder; refused");
        }
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(where + ": tensor '" + t.getName() + "' keeps its data in '" + location
                    + "', which is missing (copy it beside the model)");
        }
        long size = Files.size(file);
        if (length < 0) {
            length = size - offset;
        }
        if (offset < 0 || length < 0 || offset + length > size || length > Integer.MAX_VALUE) {
            throw new ModelFormatException(where + ": tensor '" + t.getName() + "' reads bytes " + offset + ".." + (offset + length)
                    + " of '" + location + "', which holds " + size);
        }
        byte[] bytes = new byte[(int) length];
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(offset);
            f.readFully(bytes);
        }
        return ByteString.copyFrom(bytes);
    }

    private long parseLong(TensorProto t, StringStringEntryProto e) {
        try {
            return Long.parseLong(e.getValue());
        } catch (NumberFormatException x) {
            throw new ModelFormatException(where + ": tensor '" + t.getName() + "' has external-data " + e.getKey() + " '"
                    + e.getValue() + "', not a number");
        }
    }

    static String typeName(int type) {
        TensorProto.DataType d = TensorProto.DataType.forNumber(type);
        return d == null ? "#" + type : d.name().toLowerCase();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }
}
