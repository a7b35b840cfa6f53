package io.rnn4j.cli;

import io.rnn4j.text.BrownReader;
import io.rnn4j.text.ConllReader;
import io.rnn4j.text.TaggedSentences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the tagged sentences a {@code tag} command names: CoNLL column files, or the Brown corpus
 * (a ZIP or folder of word/tag files) with an optional tag map; several files are read one after
 * another as one set.
 */
final class TagData {

    private TagData() {
    }

    static TaggedSentences read(List<Path> paths, String format, Path tagMap) {
        Map<String, String> map = tagMap == null ? null : BrownReader.readTagMap(tagMap);
        TaggedSentences all = null;
        for (Path p : paths) {
            if (!Files.exists(p)) {
                throw new IllegalArgumentException(p + " does not exist");
            }
            TaggedSentences s = switch (resolve(format, p)) {
                case "brown" -> BrownReader.read(p, map);
                case "conll" -> {
                    if (map != null) {
                        throw new IllegalArgumentException("--tag-map maps Brown tags; " + p + " is read as CoNLL columns");
                    }
                    yield ConllReader.read(p);
                }
                default -> throw new UsageException("--format must be auto, conll or brown, got '" + format + "'");
            };
            all = all == null ? s : all.concat(s);
        }
        if (all == null) {
            throw new UsageException("--data is required");
        }
        return all;
    }

    /** auto: a ZIP or a folder is the Brown corpus, a file CoNLL columns. */
    private static String resolve(String format, Path p) {
        if (!format.equals("auto")) {
            return format;
        }
        return Files.isDirectory(p) || p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip") ? "brown" : "conll";
    }
}
