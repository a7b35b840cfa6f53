package io.rnn4j.io;

/**
 * A model file that cannot be read: the message is one line naming the file and the problem.
 * Text quoted from the file (a tensor's name, a key) may hold any character; control characters
 * in the message are shown escaped ({@code \n}, {@code \u0007}), so that a hostile file cannot
 * break the line or write to the terminal.
 */
public final class ModelFormatException extends RuntimeException {

    public ModelFormatException(String message) {
        super(oneLine(message));
    }

    public ModelFormatException(String message, Throwable cause) {
        super(oneLine(message), cause);
    }

    /** {@code message} with every control character escaped. */
    static String oneLine(String message) {
        if (message == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(message.length());
        message.codePoints().forEach(c -> {
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || c == 0x2028 || c == 0x2029) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
