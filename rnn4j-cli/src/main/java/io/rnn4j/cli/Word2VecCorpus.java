package io.rnn4j.cli;

import io.rnn4j.text.BrownReader;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The word2vec benchmark corpus, made from the shared data sets in a fixed order, one sentence per
 * line, lower-cased, each word a run of letters and digits (everything else separates words):
 * <ol>
 *   <li>{@code sotu}: every line of the State of the Union addresses, files by name;</li>
 *   <li>{@code brown}: the Brown corpus's sentences (words without their tags), files by name;</li>
 *   <li>{@code movie-reviews}: every line of the 2,000 reviews, entries by name;</li>
 *   <li>{@code fortunes-en}: every line of the fortune files (not the {@code %} separators), files by name;</li>
 *   <li>{@code spam-assassin}: every line of each mail's body (after the headers), read as ISO-8859-1, entries by name.</li>
 * </ol>
 * Lines without a word are left out. Both rnn4j and gensim train on the file this writes.
 */
final class Word2VecCorpus {

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+");

    private final BufferedWriter out;
    private long sentences;
    private long words;

    private Word2VecCorpus(BufferedWriter out) {
        this.out = out;
    }

    /** Writes the corpus made from the data sets under {@code shared} to {@code file}; returns {sentences, words}. */
    static long[] write(Path shared, Path file) throws IOException {
        for (String set : List.of("sotu", "brown/brown.zip", "movie-reviews/movie_reviews.zip", "fortunes-en",
                "spam-assassin/spam-assassin.zip")) {
            if (!Files.exists(shared.resolve(set))) {
                throw new IllegalArgumentException("--shared " + shared + ": " + set + " is missing (the corpus is made from"
                        + " sotu, brown, movie-reviews, fortunes-en and spam-assassin)");
            }
        }
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            Word2VecCorpus c = new Word2VecCorpus(w);
            for (Path f : sorted(shared.resolve("sotu"))) {
                if (f.getFileName().toString().endsWith(".txt")) {
                    Files.readAllLines(f, StandardCharsets.UTF_8).forEach(c::line);
                }
            }
            for (List<String> sentence : BrownReader.read(shared.resolve("brown/brown.zip"), null).words()) {
                c.line(String.join(" ", sentence));
            }
            zipLines(shared.resolve("movie-reviews/movie_reviews.zip"), false, c);
            for (Path f : sorted(shared.resolve("fortunes-en"))) {
                if (!f.getFileName().toString().equals("SOURCE.md")) {
                    for (String line : Files.readAllLines(f, StandardCharsets.ISO_8859_1)) {
                        if (!line.equals("%")) {
                            c.line(line);
                        }
                    }
                }
            }
            zipLines(shared.resolve("spam-assassin/spam-assassin.zip"), true, c);
            w.flush();
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return new long[]{c.sentences, c.words};
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static List<Path> sorted(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }

    /** Every line of the ZIP's files in name order; with {@code bodies}, each file's lines after its first empty line. */
    private static void zipLines(Path zip, boolean bodies, Word2VecCorpus c) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            List<ZipEntry> entries = new ArrayList<>(z.stream().filter(e -> !e.isDirectory()).toList());
            entries.sort(Comparator.comparing(ZipEntry::getName));
            for (ZipEntry e : entries) {
                String text = new String(z.getInputStream(e).readAllBytes(),
                        bodies ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
                boolean inBody = !bodies;
                for (String line : text.split("\r?\n")) {
                    if (inBody) {
                        c.line(line);
                    } else if (line.isEmpty()) {
                        inBody = true;
                    }
                }
            }
        }
    }

    private void line(String text) {
        Matcher m = WORD.matcher(text.toLowerCase(Locale.ROOT));
        StringBuilder sb = new StringBuilder();
        int n = 0;
        while (m.find()) {
            if (n++ > 0) {
                sb.append(' ');
            }
            sb.append(m.group());
        }
        if (n > 0) {
            try {
                out.write(sb.append('\n').toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            sentences++;
            words += n;
        }
    }
}
