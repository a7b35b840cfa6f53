package io.rnn4j.speech;

import java.nio.file.Path;

/**
 * One recording and what is said in it.
 *
 * @param file       the WAV file
 * @param transcript what is said, {@linkplain Alphabet#normalize normalised}
 * @param speaker    who (or which synthetic voice) speaks; "" when unknown
 * @param test       whether the corpus's own split puts it in the test part
 */
public record Utterance(Path file, String transcript, String speaker, boolean test) {

    public Utterance {
        if (file == null || transcript == null) {
            throw new IllegalArgumentException("an utterance needs a file and a transcript");
        }
        speaker = speaker == null ? "" : speaker;
    }
}
