package io.rnn4j.speech;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The utterances of a speech folder, in one of two layouts:
 *
 * <ul>
 *   <li>a {@code transcripts.tsv} beside the recordings, one utterance a line:
 *       {@code file TAB transcript [TAB speaker [TAB train|test]]} (file relative to the folder,
 *       lines starting with {@code #} skipped), as {@code rnn4j speech make} writes it;</li>
 *   <li>the Free Spoken Digit Dataset's {@code {digit}_{speaker}_{index}.wav} (in the folder or its
 *       {@code recordings/}): the transcript is the digit's English word, and recordings 0–4 of
 *       each speaker and digit are the test part (FSDD's own split).</li>
 * </ul>
 */
public final class SpeechCorpus {

    /** The name of the transcript table in a folder. */
    public static final String TRANSCRIPTS = "transcripts.tsv";

    private static final Pattern FSDD = Pattern.compile("([0-9])_([^_]+)_([0-9]+)\\.wav");
    private static final String[] DIGITS = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"};

    private final Path root;
    private final List<Utterance> utterances;
    private final String layout;

    private SpeechCorpus(Path root, List<Utterance> utterances, String layout) {
        this.root = root;
        this.utterances = List.copyOf(utterances);
        this.layout = layout;
    }

    /** Reads the folder's utterances; a folder of neither layout, or a bad table line, is refused naming it. */
    public static SpeechCorpus read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": not a folder (give the folder that holds the recordings)");
        }
        Path table = dir.resolve(TRANSCRIPTS);
        if (Files.isRegularFile(table)) {
            return new SpeechCorpus(dir, readTable(dir, table), "transcripts.tsv");
        }
        Path recordings = Files.isDirectory(dir.resolve("recordings")) ? dir.resolve("recordings") : dir;
        List<Utterance> out = new ArrayList<>();
        List<Path> wavs = wavFiles(recordings);
        for (Path f : wavs) {
            Matcher m = FSDD.matcher(f.getFileName().toString());
            if (!m.matches()) {
                throw new IllegalArgumentException(dir + ": no " + TRANSCRIPTS + ", and " + f.getFileName() + " is not named as FSDD's"
                        + " {digit}_{speaker}_{index}.wav; write a " + TRANSCRIPTS + " (file TAB transcript [TAB speaker [TAB train|test]])");
            }
            out.add(new Utterance(f, DIGITS[m.group(1).charAt(0) - '0'], m.group(2), Integer.parseInt(m.group(3)) <= 4));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dir + ": no " + TRANSCRIPTS + " and no .wav files");
        }
        return new SpeechCorpus(dir, out, "fsdd");
    }

    private static List<Path> wavFiles(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wav"))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        } catch (IOException e) {
            throw new IllegalArgumentException(dir + ": cannot list the folder: " + e.getMessage());
        }
    }

    private static List<Utterance> readTable(Path dir, Path table) {
        List<String> lines;
        try {
            lines = List.of(StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(table)))
                    .toString().split("\r?\n"));
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(table + ": not UTF-8 text");
        } catch (IOException e) {
            throw new IllegalArgumentException(table + ": cannot read: " + e.getMessage());
        }
        List<Utterance> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String where = table.getFileName() + " line " + (i + 1);
            String[] cols = line.split("\t", -1);
            if (cols.length < 2 || cols.length > 4) {
                throw new IllegalArgumentException(where + ": expected file TAB transcript [TAB speaker [TAB train|test]], got "
                        + cols.length + " column(s)");
            }
            Path file = dir.resolve(cols[0]).normalize();
            if (!file.startsWith(dir.normalize())) {
                throw new IllegalArgumentException(where + ": the file " + cols[0] + " lies outside the folder");
            }
            String split = cols.length == 4 ? cols[3].trim().toLowerCase(Locale.ROOT) : "train";
            if (!split.equals("train") && !split.equals("test")) {
                throw new IllegalArgumentException(where + ": the split must be train or test, got '" + cols[3] + "'");
            }
            String transcript = Alphabet.normalize(cols[1]);
            if (transcript.isEmpty()) {
                throw new IllegalArgumentException(where + ": the transcript is empty");
            }
            out.add(new Utterance(file, transcript, cols.length >= 3 ? cols[2].trim() : "", split.equals("test")));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(table + ": no utterances");
        }
        return out;
    }

    /** FSDD's transcripts: the ten digit words, "zero" to "nine". */
    public static List<String> digitWords() {
        return List.of(DIGITS);
    }

    public Path root() {
        return root;
    }

    /** {@code fsdd} or {@code transcripts.tsv}. */
    public String layout() {
        return layout;
    }

    public List<Utterance> utterances() {
        return utterances;
    }

    /** The speakers, in order of first appearance. */
    public Set<String> speakers() {
        Set<String> s = new LinkedHashSet<>();
        utterances.forEach(u -> s.add(u.speaker()));
        return s;
    }

    /** The utterances that pass {@code keep}. */
    public List<Utterance> where(Predicate<Utterance> keep) {
        return utterances.stream().filter(keep).toList();
    }

    /**
     * Training and test parts: the corpus's own split, or, with {@code heldOutSpeaker}, every
     * utterance of that speaker for test and the others' for training.
     */
    public List<List<Utterance>> split(String heldOutSpeaker) {
        if (heldOutSpeaker == null || heldOutSpeaker.isEmpty()) {
            return List.of(where(u -> !u.test()), where(Utterance::test));
        }
        if (!speakers().contains(heldOutSpeaker)) {
            throw new IllegalArgumentException(root + ": no speaker '" + heldOutSpeaker + "'; the speakers are " + speakers());
        }
        return List.of(where(u -> !u.speaker().equals(heldOutSpeaker)), where(u -> u.speaker().equals(heldOutSpeaker)));
    }
}
