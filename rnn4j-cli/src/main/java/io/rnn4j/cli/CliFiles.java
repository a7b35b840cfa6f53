package io.rnn4j.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The files a command reads and writes, checked before any work so that a mistake costs a
 * one-line message rather than a user's data: an input must be a readable regular file (and text
 * must be UTF-8), an output must not be a directory, and no output may be the same file as an
 * input or as another output, whether by the same name, another name for it, or a hard link.
 */
final class CliFiles {

    private CliFiles() {
    }

    /** Refuses anything but an existing, readable regular file, saying which it is. */
    static void requireInputFile(String option, Path path) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(option + " " + path + ": no such file");
        }
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + " is a directory; give a file");
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(option + " " + path + " is not a regular file (a pipe, socket or device);"
                    + " give a file");
        }
        if (!Files.isReadable(path)) {
            throw new IllegalArgumentException(option + " " + path + ": permission denied");
        }
    }

    /** Refuses an output path that names a directory, or sits in a folder that does not exist or is not a folder. */
    static void requireOutputFile(String option, Path path) {
        if (Files.isDirectory(path)) {
            throw new IllegalArgumentException(option + " " + path + " is a directory; give a file name inside it");
        }
        if (Files.exists(path) && !Files.isRegularFile(path)) {
            throw new IllegalArgumentException(option + " " + path + " is not a regular file; give a file name");
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null && Files.exists(parent) && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException(option + " " + path + ": " + parent + " is not a directory");
        }
        if (parent != null && !Files.exists(parent)) {
            // no command creates folders it was not asked to: a typo in a path should not grow a tree
            throw new IllegalArgumentException(option + " " + path + ": the folder " + parent + " does not exist; create it first");
        }
    }

    /**
     * Before a run saves its result: says so when the output's folder was removed while the run
     * went on. The save makes the folder again (the model files do), since losing hours of
     * training is worse than growing a folder the user deleted; the warning tells them why it is back.
     */
    static void noteRemovedFolder(Path output) {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            System.err.println("rnn4j: warning: the folder " + parent + " was removed during the run; making it again to save "
                    + output.getFileName());
        }
    }

    /** An I/O failure in words: "permission denied", "no such file", or the system's reason. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The file's bytes, after {@link #requireInputFile}; read errors as one line. */
    static byte[] readBytes(String option, Path path) {
        requireInputFile(option, path);
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + path + ": " + describe(e));
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(option + " " + path + " does not fit in memory; give the JVM more"
                    + " (RNN4J_JAVA_OPTS=-Xmx...) or use a smaller file");
        }
    }

    /**
     * Decodes UTF-8 strictly, naming the byte offset of the first invalid sequence. The check runs
     * through a small scratch buffer, so a large text costs no more memory than before: its bytes
     * and the one String made from them.
     */
    static String utf8(String option, Path path, byte[] bytes) {
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
            throw new IllegalArgumentException(String.format(Locale.ROOT, "%s %s is not UTF-8 text: invalid byte 0x%02x at byte"
                    + " offset %,d (convert it first, e.g. iconv -f LATIN1 -t UTF-8)", option, path, bytes[at] & 0xff, at));
        }
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reads a UTF-8 text file with every check above. */
    static String readUtf8(String option, Path path) {
        return utf8(option, path, readBytes(option, path));
    }

    /**
     * Refuses any output that is the same file as an input or as another output. Names are
     * compared after making them absolute and normal; existing files also by identity, which
     * catches symbolic and hard links.
     *
     * @param inputs  option (or description) → path, for files the run reads
     * @param outputs option (or description) → path, for files the run writes
     */
    static void refuseClashes(Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Map.Entry<String, Path>> outs = new ArrayList<>(outputs.entrySet());
        for (int i = 0; i < outs.size(); i++) {
            Map.Entry<String, Path> out = outs.get(i);
            for (Map.Entry<String, Path> in : inputs.entrySet()) {
                if (sameFile(out.getValue(), in.getValue())) {
                    throw new IllegalArgumentException(out.getKey() + " " + out.getValue() + " is the same file as "
                            + in.getKey() + " " + in.getValue() + "; writing it would destroy what the run reads."
                            + " Choose another " + out.getKey());
                }
            }
            for (int j = 0; j < i; j++) {
                Map.Entry<String, Path> other = outs.get(j);
                if (sameFile(out.getValue(), other.getValue())) {
                    throw new IllegalArgumentException(out.getKey() + " " + out.getValue() + " is the same file as "
                            + other.getKey() + " " + other.getValue() + "; one would overwrite (or remove) the other."
                            + " Give them different paths");
                }
            }
        }
    }

    static boolean sameFile(Path a, Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The lines of standard input, strictly UTF-8 (an invalid byte is refused with the line it is on). */
    static java.util.List<String> stdinLines() {
        java.util.List<String> lines = new java.util.ArrayList<>();
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(System.in, decoder))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException("standard input is not UTF-8 text (line " + (lines.size() + 1) + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read standard input: " + e.getMessage());
        }
        return lines;
    }
}
