package io.rnn4j.eval;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * BLEU, chrF and their tokenisers against sacreBLEU 2.6.0 and NLTK 3.8 (fixtures written by
 * {@code src/test/python/make_bleu_fixtures.py} from Tatoeba sentences and tricky strings), and
 * against the published test cases of sacreBLEU's own test suite ({@code test/test_bleu.py} and
 * {@code test/test_chrf.py}).
 */
class BleuTest {

    private static JsonObject fixtures() throws IOException {
        try (InputStream in = BleuTest.class.getResourceAsStream("/bleu/fixtures.json")) {
            return JsonParser.parseReader(new InputStreamReader(in, StandardCharsets.UTF_8)).getAsJsonObject();
        }
    }

    @Test
    void tokenisersMatchSacreBleu() throws IOException {
        JsonArray cases = fixtures().getAsJsonArray("tokenizers");
        assertTrue(cases.size() > 600);
        for (JsonElement e : cases) {
            JsonObject c = e.getAsJsonObject();
            String text = c.get("text").getAsString();
            assertEquals(c.get("13a").getAsString(), MtTokenizer.THIRTEEN_A.apply(text), "13a of '" + text + "'");
            assertEquals(c.get("zh").getAsString(), MtTokenizer.ZH.apply(text), "zh of '" + text + "'");
        }
    }

    @Test
    void corpusScoresMatchSacreBleuAndNltk() throws IOException {
        int nltkChecked = 0;
        for (JsonElement e : fixtures().getAsJsonArray("corpora")) {
            JsonObject c = e.getAsJsonObject();
            String name = c.get("name").getAsString();
            List<String> hyps = new ArrayList<>();
            c.getAsJsonArray("hypotheses").forEach(h -> hyps.add(h.getAsString()));
            List<List<String>> refs = new ArrayList<>();
            for (JsonElement r : c.getAsJsonArray("references")) {
                List<String> one = new ArrayList<>();
                r.getAsJsonArray().forEach(x -> one.add(x.getAsString()));
                refs.add(one);
            }
            MtTokenizer tok = MtTokenizer.of(c.get("tokenize").getAsString());
            double bleu = new Bleu(tok).corpus(hyps, refs).score();
            assertEquals(c.get("bleu").getAsDouble(), bleu, 1e-9, name + " BLEU");
            assertEquals(c.get("bleu_exp").getAsDouble(), new Bleu(tok, Bleu.Smoothing.EXP).corpus(hyps, refs).score(), 1e-9,
                    name + " BLEU, exp smoothing");
            assertEquals(c.get("chrf").getAsDouble(), new ChrF().corpus(hyps, refs), 1e-9, name + " chrF");
            if (c.get("nltk_comparable").getAsBoolean()) {
                assertEquals(c.get("nltk_bleu").getAsDouble() * 100, bleu, 1e-9, name + " against NLTK");
                nltkChecked++;
            }
        }
        assertEquals(6, nltkChecked);
    }

    /** sacreBLEU's test_bleu.py: the README example, empty hypotheses, the statistics and scoring cases. */
    @Test
    void sacreBleuPublishedBleuCases() {
        List<String> hyps = List.of("The dog bit the man.", "It wasn't surprising.", "The man had just bitten him.");
        List<List<String>> refs = List.of(List.of("The dog bit the man.", "The dog had bit the man."),
                List.of("It was not unexpected.", "No one was surprised."),
                List.of("The man bit him first.", "The man had bitten the dog."));
        assertEquals(48.530827, new Bleu(MtTokenizer.THIRTEEN_A, Bleu.Smoothing.EXP).corpus(hyps, refs).score(), 1e-6);
        assertEquals(48.530827, new Bleu(MtTokenizer.THIRTEEN_A).corpus(hyps, refs).score(), 1e-6);
        assertEquals(49.1919566, new Bleu(MtTokenizer.NONE, Bleu.Smoothing.EXP).corpus(hyps, refs).score(), 1e-6);
        assertEquals(0.0, new Bleu(MtTokenizer.THIRTEEN_A).corpus(List.of("", "", ""), refs).score(), 0.0);

        Bleu.Score s = new Bleu(MtTokenizer.NONE).corpus(List.of("am I am a character sequence"),
                List.of(List.of("I am a symbol string sequence a a")));
        assertEquals("[4, 2, 1, 0]", java.util.Arrays.toString(s.matches()));
        assertEquals("[6, 5, 4, 3]", java.util.Arrays.toString(s.totals()));
        assertEquals(83.75922397, Bleu.score(new long[] {9, 7, 5, 3}, new long[] {10, 8, 6, 4}, 11, 11, Bleu.Smoothing.NONE).score(),
                1e-6);
    }

    /** sacreBLEU's test_chrf.py cases for chrF3, with and without epsilon smoothing. */
    @Test
    void sacreBleuPublishedChrfCases() {
        ChrF eps = new ChrF(3, true);
        assertEquals(8.3333, eps.corpus(List.of("aa"), List.of(List.of("ab"))), 1e-4);
        assertEquals(8.3333, eps.corpus(List.of("a", "b"), List.of(List.of("a"), List.of("c"))), 1e-4);
        assertEquals(16.6667, eps.corpus(List.of("a"), List.of(List.of("a"))), 1e-4);
        assertEquals(50.0, eps.corpus(List.of("a b c"), List.of(List.of("abc"))), 1e-4);
        assertEquals(0.0, eps.corpus(List.of(""), List.of(List.of("reference"))), 1e-4);
        assertEquals(63.361730, eps.corpus(
                List.of(" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."),
                List.of(List.of("risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."))),
                1e-4);
        assertEquals(64.1302698, eps.corpus(List.of(" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "),
                List.of(List.of("Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."))), 1e-4);
        ChrF effective = new ChrF(3, false);
        assertEquals(100.0, effective.corpus(List.of("a b c"), List.of(List.of("abc"))), 1e-4);
        assertEquals(50.0, effective.corpus(List.of("a", "b"), List.of(List.of("a"), List.of("c"))), 1e-4);
        assertEquals(25.0, effective.corpus(List.of("aa"), List.of(List.of("ab"))), 1e-4);
        assertEquals(0.0, effective.corpus(List.of(""), List.of(List.of("c"))), 1e-4);
    }
}
