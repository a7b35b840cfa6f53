package io.rnn4j.video;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes a {@link Video} as a NumPy {@code .npy} file (format versions 1.0 and 2.0):
 * the magic {@code \x93NUMPY}, the version, a little-endian header length, a Python-literal header
 * {@code {'descr': '|u1', 'fortran_order': False, 'shape': (F, N, H, W), }} padded with spaces to
 * a multiple of 64 bytes and ended by a newline, then the bytes. So {@code numpy.load} opens what
 * rnn4j writes, and rnn4j opens the shared Moving MNIST test file. Anything else (another dtype,
 * Fortran order, not four dimensions, a short file) is refused naming the file.
 */
public final class VideoNpy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern ORDER = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    private VideoNpy() {
    }

    /** Writes atomically (a temporary file beside it, then a rename). */
    public static void write(Path file, Video v) throws IOException {
        String dict = "{'descr': '|u1', 'fortran_order': False, 'shape': (" + v.frames() + ", " + v.count() + ", " + v.height()
                + ", " + v.width() + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp))) {
            out.write(MAGIC);
            out.write(new byte[] {1, 0});
            out.write(header.length() & 0xff);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            out.write(v.pixels());
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Video read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        }
    }

    /** Reads a whole .npy stream (a caller may hash it on the way); {@code name} names it in messages. */
    public static Video read(InputStream in, String name) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new IOException(name + " is not a NumPy .npy file (it does not start with \\x93NUMPY)");
        }
        int major = in.read();
        in.read();
        long headerLength;
        if (major == 1) {
            headerLength = in.read() | (long) in.read() << 8;
        } else if (major == 2 || major == 3) {
            headerLength = in.read() | (long) in.read() << 8 | (long) in.read() << 16 | (long) in.read() << 24;
        } else {
            throw new IOException(name + ": unknown .npy format version " + major);
        }
        if (headerLength < 0 || headerLength > 65_536) {
            throw new IOException(name + ": implausible .npy header length " + headerLength);
        }
        byte[] h = in.readNBytes((int) headerLength);
        if (h.length != headerLength) {
            throw new IOException(name + " ends inside its .npy header");
        }
        String header = new String(h, StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, name, "descr");
        if (!descr.equals("|u1") && !descr.equals("u1") && !descr.equals("<u1") && !descr.equals(">u1")) {
            throw new IOException(name + " holds '" + descr + "' values; a video file holds unsigned bytes ('|u1', 0-255)");
        }
        if (find(ORDER, header, name, "fortran_order").equals("True")) {
            throw new IOException(name + " is in Fortran order; save it in C order (numpy.ascontiguousarray)");
        }
        String[] dims = find(SHAPE, header, name, "shape").split(",");
        int[] shape = new int[4];
        int k = 0;
        for (String d : dims) {
            if (d.isBlank()) {
                continue;
            }
            if (k == 4) {
                throw new IOException(name + " has more than 4 dimensions; a video file is (frames, sequences, height, width)");
            }
            try {
                shape[k++] = Integer.parseInt(d.strip());
            } catch (NumberFormatException e) {
                throw new IOException(name + ": bad .npy shape '" + d.strip() + "'");
            }
        }
        if (k != 4) {
            throw new IOException(name + " has " + k + " dimensions; a video file is (frames, sequences, height, width)");
        }
        long size = (long) shape[0] * shape[1] * shape[2] * shape[3];
        if (size <= 0 || size > Integer.MAX_VALUE - 8) {
            throw new IOException(name + ": a video set of " + size + " pixels cannot be read");
        }
        byte[] pixels = in.readNBytes((int) size);
        if (pixels.length != size) {
            throw new IOException(name + " is truncated: its header promises " + size + " pixels, it holds " + pixels.length);
        }
        return new Video(shape[0], shape[1], shape[2], shape[3], pixels);
    }

    private static String find(Pattern p, String header, String name, String key) throws IOException {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IOException(name + ": the .npy header has no '" + key + "'");
        }
        return m.group(1);
    }
}
