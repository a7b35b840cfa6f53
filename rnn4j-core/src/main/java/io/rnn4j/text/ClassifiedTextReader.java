package io.rnn4j.text;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads labelled texts in the three layouts the classic data sets ship in, chosen by what the
 * path is:
 * <ul>
 *   <li><b>a folder of class files</b>, one example per line, the class named by the file
 *       ({@code sentence-polarity}: {@code rt-polarity.pos}, {@code rt-polarity.neg}). The class is
 *       the file name without a {@code .txt} ending, or, when all class files share one stem and
 *       differ in their ending, the ending ({@code pos}, {@code neg}). Blank lines are skipped.</li>
 *   <li><b>a folder of class folders</b>, one document per file ({@code movie-reviews}:
 *       {@code neg/cv000_29416.txt}); a document's lines are joined with spaces. A ZIP file holding
 *       such a folder (at its root or under one top folder) is read the same way.</li>
 *   <li><b>a TSV file</b>, one example per line: {@code label<TAB>text} ({@code sms-spam}).</li>
 * </ul>
 * Files whose names start with "." or "README", {@code SOURCE.md} and {@code LICENSE*} are not
 * data. Classes are sorted by name. Every problem (no examples, a class with none, invalid UTF-8,
 * a TSV line without a tab) is refused naming the file and line.
 */
public final class ClassifiedTextReader {

    private ClassifiedTextReader() {
    }

    /** Reads {@code path} in whichever layout it has. */
    public static LabelledTexts read(Path path) {
        if (Files.isDirectory(path)) {
            return readFolder(path, path.toString());
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException(path + " does not exist (give a folder of class files or class folders, a ZIP of"
                    + " class folders, or a TSV file)");
        }
        if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
            try (FileSystem zip = FileSystems.newFileSystem(path)) {
                Path root = zip.getRootDirectories().iterator().next();
                List<Path> top = entries(root);
                if (top.size() == 1 && Files.isDirectory(top.get(0))) {
                    root = top.get(0);
                }
                return readFolder(root, path + "!" + root);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + path + " as a ZIP file: " + e.getMessage());
            }
        }
        return readTsv(path);
    }

    private static LabelledTexts readFolder(Path folder, String where) {
        List<Path> entries = entries(folder);
        List<Path> folders = entries.stream().filter(Files::isDirectory).toList();
        List<Path> files = entries.stream().filter(Files::isRegularFile).toList();
        if (!folders.isEmpty() && !files.isEmpty()) {
            throw new IllegalArgumentException(where + " holds both files (" + name(files.get(0)) + ") and folders ("
                    + name(folders.get(0)) + "): give either one file per class or one folder per class");
        }
        if (folders.isEmpty() && files.isEmpty()) {
            throw new IllegalArgumentException(where + " holds no class files or class folders");
        }
        return folders.isEmpty() ? readClassFiles(files) : readClassFolders(folders, where);
    }

    private static LabelledTexts readClassFiles(List<Path> files) {
        if (files.size() < 2) {
            throw new IllegalArgumentException(files.get(0) + " is the only class file; a classifier needs two classes or more");
        }
        List<String> classes = classNames(files);
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (int c = 0; c < files.size(); c++) {
            Path f = files.get(c);
            List<String> lines = TextLines.read(f, f.toString());
            int before = texts.size();
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).isBlank()) {
                    texts.add(lines.get(i).strip());
                    labels.add(c);
                    origins.add(name(f) + ":" + (i + 1));
                }
            }
            if (texts.size() == before) {
                throw new IllegalArgumentException(f + " is empty: class '" + classes.get(c) + "' has no examples");
            }
        }
        return new LabelledTexts(texts, labels.stream().mapToInt(Integer::intValue).toArray(), classes, origins);
    }

    /** File names as classes: the ending when all share one stem, else the name less ".txt". */
    static List<String> classNames(List<Path> files) {
        List<String> names = files.stream().map(ClassifiedTextReader::name).toList();
        String stem = null;
        boolean sharedStem = true;
        for (String n : names) {
            int dot = n.lastIndexOf('.');
            String s = dot <= 0 ? null : n.substring(0, dot);
            if (s == null || (stem != null && !stem.equals(s))) {
                sharedStem = false;
                break;
            }
            stem = s;
        }
        List<String> classes = new ArrayList<>();
        for (String n : names) {
            classes.add(sharedStem ? n.substring(n.lastIndexOf('.') + 1)
                    : n.toLowerCase(Locale.ROOT).endsWith(".txt") ? n.substring(0, n.length() - 4) : n);
        }
        return classes;
    }

    private static LabelledTexts readClassFolders(List<Path> folders, String where) {
        if (folders.size() < 2) {
            throw new IllegalArgumentException(where + " holds one class folder (" + name(folders.get(0))
                    + "); a classifier needs two classes or more");
        }
        List<String> classes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        for (int c = 0; c < folders.size(); c++) {
            Path folder = folders.get(c);
            classes.add(name(folder));
            int before = texts.size();
            for (Path f : entries(folder)) {
                if (!Files.isRegularFile(f)) {
                    continue;
                }
                String text = String.join(" ", TextLines.read(f, where + "/" + name(folder) + "/" + name(f))).strip();
                if (text.isEmpty()) {
                    throw new IllegalArgumentException(where + "/" + name(folder) + "/" + name(f) + " is empty");
                }
                texts.add(text);
                labels.add(c);
                origins.add(name(folder) + "/" + name(f));
            }
            if (texts.size() == before) {
                throw new IllegalArgumentException(where + "/" + name(folder) + " holds no documents: class '" + name(folder)
                        + "' has no examples");
            }
        }
        return new LabelledTexts(texts, labels.stream().mapToInt(Integer::intValue).toArray(), classes, origins);
    }

    private static LabelledTexts readTsv(Path file) {
        List<String> lines = TextLines.read(file, file.toString());
        List<String> classes = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<String> origins = new ArrayList<>();
        java.util.TreeSet<String> seen = new java.util.TreeSet<>();
        List<String> rawLabels = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab <= 0) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected label<TAB>text, "
                        + (tab == 0 ? "the label is empty" : "found no tab"));
            }
            String text = line.substring(tab + 1).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": the text after the label is empty");
            }
            String label = line.substring(0, tab).strip();
            seen.add(label);
            rawLabels.add(label);
            texts.add(text);
            origins.add(name(file) + ":" + (i + 1));
        }
        if (texts.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no examples (expected label<TAB>text lines)");
        }
        if (seen.size() < 2) {
            throw new IllegalArgumentException(file + ": every example has class '" + seen.first()
                    + "'; a classifier needs two classes or more");
        }
        classes.addAll(seen);
        for (String l : rawLabels) {
            labels.add(classes.indexOf(l));
        }
        return new LabelledTexts(texts, labels.stream().mapToInt(Integer::intValue).toArray(), classes, origins);
    }

    /** The data entries of a folder, sorted by name. */
    private static List<Path> entries(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> isData(name(p))).sorted((a, b) -> name(a).compareTo(name(b))).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    private static boolean isData(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return !name.isEmpty() && !name.startsWith(".") && !lower.startsWith("readme") && !lower.equals("source.md")
                && !lower.startsWith("license") && !name.startsWith("__MACOSX");
    }

    private static String name(Path p) {
        Path n = p.getFileName();
        String s = n == null ? p.toString() : n.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }
}
