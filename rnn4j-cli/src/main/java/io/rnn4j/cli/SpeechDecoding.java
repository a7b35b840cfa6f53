package io.rnn4j.cli;

import io.rnn4j.data.CharVocabulary;
import io.rnn4j.io.LanguageModelFile;
import io.rnn4j.speech.CtcBeamSearch;
import io.rnn4j.speech.ModelCharacterLm;
import io.rnn4j.speech.SpeechRecognizer;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;

/** The decoding options of {@code speech eval} and {@code speech transcribe}: best path, or a beam search fused with a character language model. */
final class SpeechDecoding {

    @Option(names = "--beam", converter = Ranges.NonNegative.class, defaultValue = "0", paramLabel = "W",
            description = "CTC prefix beam search keeping W prefixes; 0 = best path (default: ${DEFAULT-VALUE}).")
    int beam;

    @Option(names = "--lm", paramLabel = "MODEL", description = "A character language model (rnn4j train) fused into the beam"
            + " search; needs --beam.")
    Path lm;

    @Option(names = "--lm-weight", converter = Ranges.NonNegativeReal.class, defaultValue = "0.5",
            description = "Weight of the language model's log-probability (default: ${DEFAULT-VALUE}).")
    double lmWeight;

    @Option(names = "--bonus", converter = Ranges.NonNegativeReal.class, defaultValue = "1.0",
            description = "Score added per character written, with --lm (default: ${DEFAULT-VALUE}).")
    double bonus;

    /** The search these options ask for, or null for best path. */
    CtcBeamSearch search(SpeechRecognizer recognizer) {
        if (lm != null && beam == 0) {
            throw new UsageException("--lm needs a beam search: give --beam W (8 is a good start)");
        }
        if (beam == 0) {
            return null;
        }
        ModelCharacterLm fused = null;
        if (lm != null) {
            CliFiles.requireInputFile("--lm", lm);
            LanguageModelFile f = LanguageModelFile.load(lm);
            if (!(f.tokenizer() instanceof CharVocabulary chars)) {
                throw new IllegalArgumentException("--lm " + lm + " is a " + f.tokenizer().kind() + " language model; the beam search"
                        + " fuses a character model (rnn4j train --tokens char)");
            }
            fused = new ModelCharacterLm(f.model(), chars);
        }
        return new CtcBeamSearch(recognizer.alphabet(), beam, fused, fused == null ? 0 : lmWeight, fused == null ? 0 : bonus);
    }

    /** How the transcripts were found, for reports. */
    String describe() {
        if (beam == 0) {
            return "best path";
        }
        return lm == null ? "beam " + beam : String.format(Locale.ROOT, "beam %d with %s (weight %.2f, bonus %.2f)", beam,
                lm.getFileName(), lmWeight, bonus);
    }
}
