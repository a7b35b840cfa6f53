package io.rnn4j.text;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the Brown corpus as NLTK ships it ({@code brown.zip}, or the unzipped folder): files
 * {@code ca01} … {@code cr09}, one sentence per non-blank line of {@code word/tag} tokens. The tag
 * is what follows the last "/"; with a tag map (the universal tagset's {@code en-brown.map},
 * Petrov, Das &amp; McDonald 2012) each Brown tag, upper-cased, becomes its universal tag, and a tag
 * the map lacks becomes {@code X}, as NLTK's {@code map_tag} does. Files are read in name order,
 * so sentence numbers (and a split by them) are the same on every machine.
 */
public final class BrownReader {

    private BrownReader() {
    }

    /** Reads the corpus at {@code path} (ZIP or folder), mapping tags with {@code tagMap} when it is not null. */
    public static TaggedSentences read(Path path, Map<String, String> tagMap) {
        if (Files.isDirectory(path)) {
            return readFolder(path, path.toString(), tagMap);
        }
        try (FileSystem zip = FileSystems.newFileSystem(path)) {
            Path root = zip.getRootDirectories().iterator().next();
            Path inner = root.resolve("brown");
            return readFolder(Files.isDirectory(inner) ? inner : root, path + "!", tagMap);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + path + " as a ZIP file: " + e.getMessage());
        }
    }

    private static TaggedSentences readFolder(Path folder, String where, Map<String, String> tagMap) {
        List<Path> files;
        try (Stream<Path> s = Files.list(folder)) {
            files = s.filter(p -> p.getFileName().toString().replace("/", "").matches("c[a-r]\\d\\d"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + where + ": " + e.getMessage());
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException(where + " holds no Brown corpus files (ca01 ... cr09)");
        }
        List<List<String>> words = new ArrayList<>();
        List<List<String>> tags = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (Path f : files) {
            String name = f.getFileName().toString().replace("/", "");
            List<String> lines = TextLines.read(f, where + "/" + name);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty()) {
                    continue;
                }
                List<String> w = new ArrayList<>();
                List<String> t = new ArrayList<>();
                for (String token : line.split("\\s+")) {
                    int slash = token.lastIndexOf('/');
                    if (slash <= 0 || slash == token.length() - 1) {
                        throw new IllegalArgumentException(where + "/" + name + ":" + (i + 1) + ": '" + token
                                + "' is not word/tag");
                    }
                    w.add(token.substring(0, slash));
                    String tag = token.substring(slash + 1);
                    t.add(tagMap == null ? tag : tagMap.getOrDefault(tag.toUpperCase(Locale.ROOT), "X"));
                }
                words.add(w);
                tags.add(t);
                origins.add(name + ":" + (i + 1));
            }
        }
        return new TaggedSentences(words, tags, origins);
    }

    /** Reads a tag map: "fine_tag TAB universal_tag" per line (the universal tagset's .map files). */
    public static Map<String, String> readTagMap(Path file) {
        Map<String, String> map = new HashMap<>();
        List<String> lines = TextLines.read(file, file.toString());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.strip().split("\t");
            if (parts.length != 2) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected fine_tag<TAB>universal_tag");
            }
            map.put(parts[0].toUpperCase(Locale.ROOT), parts[1]);
        }
        if (map.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no tag mappings");
        }
        return map;
    }
}
