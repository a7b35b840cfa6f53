package io.rnn4j.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers of labelled texts and tagged sentences, on small files in every layout, and their refusals. */
class TextReadersTest {

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    private String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void classFilesNamedByTheirEndingWhenTheyShareAStem() throws IOException {
        write("mr/rt-polarity.pos", "a fine film\n\ngreat fun\n");
        write("mr/rt-polarity.neg", "dull\n");
        write("mr/README.txt", "not data\n");
        LabelledTexts t = ClassifiedTextReader.read(dir.resolve("mr"));
        assertEquals(List.of("neg", "pos"), t.classes());
        assertEquals(List.of("dull", "a fine film", "great fun"), t.texts());
        assertArrayEquals(new int[]{0, 1, 1}, t.labels());
        assertEquals("rt-polarity.pos:3", t.origins().get(2), "blank lines are skipped but lines keep their numbers");
    }

    @Test
    void classFilesOfDifferentNamesLoseTheirTxtEnding() {
        assertEquals(List.of("ham", "spam"), ClassifiedTextReader.classNames(List.of(Path.of("ham.txt"), Path.of("spam.txt"))));
        assertEquals(List.of("a.b", "c"), ClassifiedTextReader.classNames(List.of(Path.of("a.b"), Path.of("c"))));
    }

    @Test
    void classFoldersAsAFolderAndAsAZip() throws IOException {
        write("reviews/neg/cv000.txt", "bad\nvery bad\n");
        write("reviews/pos/cv001.txt", "good\n");
        write("reviews/pos/cv002.txt", "fine\n");
        LabelledTexts t = ClassifiedTextReader.read(dir.resolve("reviews"));
        assertEquals(List.of("neg", "pos"), t.classes());
        assertEquals("bad very bad", t.texts().get(0), "a document's lines are joined");
        Path zip = dir.resolve("reviews.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String[] e : new String[][]{{"top/neg/a.txt", "bad"}, {"top/pos/b.txt", "good"}, {"top/pos/c.txt", "fine"}}) {
                z.putNextEntry(new ZipEntry(e[0]));
                z.write(e[1].getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        LabelledTexts fromZip = ClassifiedTextReader.read(zip);
        assertEquals(List.of("bad", "good", "fine"), fromZip.texts());
        assertArrayEquals(new int[]{0, 1, 1}, fromZip.labels());
    }

    @Test
    void tsvWithALabelColumn() throws IOException {
        Path f = write("sms.tsv", "ham\thi there\nspam\tWIN now\nham\tok\n");
        LabelledTexts t = ClassifiedTextReader.read(f);
        assertEquals(List.of("ham", "spam"), t.classes());
        assertArrayEquals(new int[]{0, 1, 0}, t.labels());
        assertEquals("WIN now", t.texts().get(1));
    }

    @Test
    void badClassificationDataIsRefusedNamingTheFileAndLine() throws IOException {
        write("empty/a.txt", "x\n");
        write("empty/b.txt", "\n\n");
        assertTrue(refusal(() -> ClassifiedTextReader.read(dir.resolve("empty"))).contains("b.txt is empty: class 'b' has no"
                + " examples"));
        Path noTab = write("bad.tsv", "ham\tfine\nspam no tab here\n");
        assertTrue(refusal(() -> ClassifiedTextReader.read(noTab)).endsWith("bad.tsv:2: expected label<TAB>text, found no tab"));
        Path one = write("one.tsv", "ham\ta\nham\tb\n");
        assertTrue(refusal(() -> ClassifiedTextReader.read(one)).contains("every example has class 'ham'"));
        Path latin = dir.resolve("latin.tsv");
        Files.write(latin, new byte[]{'h', 'a', 'm', '\t', 'o', 'k', '\n', 's', 'p', 'a', 'm', '\t', 'c', 'a', 'f', (byte) 0xe9, '\n'});
        assertTrue(refusal(() -> ClassifiedTextReader.read(latin)).contains("latin.tsv:2: not UTF-8 text (invalid byte 0xe9)"));
        Path zero = write("zero.tsv", "");
        assertTrue(refusal(() -> ClassifiedTextReader.read(zero)).contains("holds no examples"));
        assertTrue(refusal(() -> ClassifiedTextReader.read(dir.resolve("missing"))).contains("does not exist"));
    }

    @Test
    void relabellingRefusesAClassTheModelNeverSaw() throws IOException {
        LabelledTexts t = ClassifiedTextReader.read(write("x.tsv", "ham\ta\nspam\tb\neggs\tc\n"));
        String m = refusal(() -> t.relabelled(List.of("ham", "spam")));
        assertEquals("x.tsv:3: class 'eggs' was never seen in training; the model knows [ham, spam]", m);
        assertArrayEquals(new int[]{1, 0}, t.subset(new int[]{2, 1}).relabelled(List.of("spam", "eggs")).labels());
    }

    @Test
    void conllColumnsWithBlankLinesBetweenSentences() throws IOException {
        Path f = write("chunks.txt", "-DOCSTART- -X- O\n\nHe PRP B-NP\nran VBD B-VP\n\n\t\nIt PRP B-NP\n");
        TaggedSentences s = ConllReader.read(f);
        assertEquals(2, s.size());
        assertEquals(List.of("He", "ran"), s.words().get(0));
        assertEquals(List.of("B-NP", "B-VP"), s.tags().get(0));
        assertEquals("chunks.txt:7", s.origins().get(1));
        assertEquals(List.of("B-NP", "B-VP"), s.tagSet());
    }

    @Test
    void badConllFilesAreRefusedNamingTheLine() throws IOException {
        Path ragged = write("ragged.txt", "He PRP B-NP\nran B-VP\n");
        assertTrue(refusal(() -> ConllReader.read(ragged)).endsWith("ragged.txt:2: 2 columns, but line 1 has 3 (ragged columns)"));
        Path scheme = write("scheme.txt", "He B-NP\nran X-VP\n");
        String m = refusal(() -> ConllReader.read(scheme));
        assertTrue(m.startsWith("scheme.txt:1 (word 2): unknown tag scheme: tag 'X-VP' fits neither"), m);
        Path empty = write("empty.txt", "\n\n");
        assertTrue(refusal(() -> ConllReader.read(empty)).contains("holds no tagged words"));
    }

    @Test
    void brownWordTagLinesMappedToUniversalTags() throws IOException {
        write("brown/ca01", "\n\tThe/at jury/nn said/vbd ./.\n\n\tIt/pps ran/vbd-hl fast/zz\n");
        write("brown/README", "not a corpus file");
        Path map = write("en-brown.map", "AT\tDET\nNN\tNOUN\nVBD\tVERB\n.\t.\nPPS\tPRON\n");
        Map<String, String> m = BrownReader.readTagMap(map);
        TaggedSentences s = BrownReader.read(dir.resolve("brown"), m);
        assertEquals(2, s.size());
        assertEquals(List.of("DET", "NOUN", "VERB", "."), s.tags().get(0));
        assertEquals(List.of("PRON", "X", "X"), s.tags().get(1), "tags the map lacks become X, as NLTK's map_tag does");
        assertEquals("ca01:4", s.origins().get(1));
        TaggedSentences[] parts = s.everyNth(2);
        assertEquals(1, parts[1].size());
        assertEquals(List.of("It", "ran", "fast"), parts[1].words().get(0));
    }

    @Test
    void stratifiedFoldsKeepTheClassShares() {
        int[] labels = new int[100];
        for (int i = 0; i < 30; i++) {
            labels[i] = 1;
        }
        Folds f = Folds.stratified(labels, 2, 10, 7);
        int seen = 0;
        for (int k = 0; k < 10; k++) {
            int[] test = f.test(k);
            assertEquals(10, test.length);
            assertEquals(3, java.util.Arrays.stream(test).filter(i -> labels[i] == 1).count(), "fold " + k);
            assertEquals(90, f.train(k).length);
            seen += test.length;
        }
        assertEquals(100, seen);
        Folds h = Folds.holdOut(labels, 2, 0.2, 7);
        assertEquals(20, h.test(0).length);
        assertEquals(6, java.util.Arrays.stream(h.test(0)).filter(i -> labels[i] == 1).count());
        assertArrayEquals(h.test(0), Folds.holdOut(labels, 2, 0.2, 7).test(0), "the same seed gives the same split");
    }

    @Test
    void wordVectorsInWord2vecTextFormat(@TempDir Path d) throws IOException {
        Path f = d.resolve("v.txt");
        try (OutputStream o = Files.newOutputStream(f)) {
            o.write("3 2\nthe 0.5 -1\nFilm 2 3e-1\nx 1 1\n".getBytes(StandardCharsets.UTF_8));
        }
        WordVectors v = WordVectors.read(f);
        assertEquals(2, v.dim());
        assertEquals(3, v.size());
        Path bad = d.resolve("bad.txt");
        Files.writeString(bad, "a 1 2\nb 1\n");
        assertTrue(refusal(() -> WordVectors.read(bad)).endsWith("bad.txt:2: 1 values, the file's vectors have 2"));
    }
}
