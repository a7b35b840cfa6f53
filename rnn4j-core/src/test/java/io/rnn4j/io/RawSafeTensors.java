package io.rnn4j.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A safetensors file taken apart into its header text and its data bytes, so that a test can
 * build the damaged or hostile files a reader must refuse, byte by byte, as no writer of ours would.
 */
record RawSafeTensors(String header, byte[] data) {

    static RawSafeTensors read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        long n = ByteBuffer.wrap(b, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String header = new String(b, 8, (int) n, StandardCharsets.UTF_8);
        return new RawSafeTensors(header, Arrays.copyOfRange(b, 8 + (int) n, b.length));
    }

    RawSafeTensors withHeader(UnaryOperator<String> edit) {
        return new RawSafeTensors(edit.apply(header), data);
    }

    /** The file's bytes with the header length as it really is. */
    byte[] bytes() {
        return bytes(0);
    }

    /** The file's bytes with {@code headerLengthError} added to the true header length. */
    byte[] bytes(long headerLengthError) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length + headerLengthError).array());
        out.writeBytes(h);
        out.writeBytes(data);
        return out.toByteArray();
    }

    void write(Path file) throws IOException {
        Files.write(file, bytes());
    }
}
