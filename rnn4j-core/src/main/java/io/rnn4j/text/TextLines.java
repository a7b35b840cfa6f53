package io.rnn4j.text;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Strict UTF-8 text for the readers: invalid bytes are refused naming the file and line, not
 * replaced by U+FFFD (which would silently become a word of its own). A byte-order mark at the
 * start is dropped; line ends may be LF or CRLF.
 */
final class TextLines {

    private TextLines() {
    }

    /** The lines of a file; {@code where} names it in messages. */
    static List<String> read(Path file, String where) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + where + ": " + e.getMessage());
        }
        return lines(bytes, where);
    }

    /** The lines of UTF-8 bytes, checked. */
    static List<String> lines(byte[] bytes, String where) {
        String text = decode(bytes, where);
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return text.lines().toList();
    }

    /** The whole text of UTF-8 bytes, checked. */
    static String decode(byte[] bytes, String where) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer scratch = CharBuffer.allocate(8192);
        CoderResult r;
        do {
            scratch.clear();
            r = decoder.decode(in, scratch, true);
        } while (r.isOverflow());
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s:%d: not UTF-8 text (invalid byte 0x%02x);"
                    + " convert the file first, e.g. iconv -f LATIN1 -t UTF-8", where, line, bytes[at] & 0xff));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
