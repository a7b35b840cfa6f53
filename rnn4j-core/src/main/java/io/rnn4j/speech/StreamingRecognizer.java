package io.rnn4j.speech;

import io.rnn4j.kernel.Activations;
import io.rnn4j.nn.StreamingModel;
import io.rnn4j.tensor.Seq;

import java.util.List;

/**
 * Transcribes while the audio arrives: samples go in as they come ({@link #accept}), every frame
 * whose samples (and 2 frames per order of deltas) are in steps the model at once, and the
 * best-path transcript grows. The recogniser must be a streaming one ({@link SpeechConfig#streaming()}:
 * one direction, no convolution over time) with features that need no future (normalised
 * {@code global}); then the final transcript is the one {@link SpeechRecognizer#transcribe} gives
 * for the whole clip. Samples come at the recogniser's feature rate. One stream per instance; not
 * thread-safe (many instances over one recogniser run at once).
 *
 * <pre>
 *   StreamingRecognizer s = new StreamingRecognizer(recognizer);
 *   while (microphone has audio) { String soFar = s.accept(chunk); }
 *   String said = s.finish();
 * </pre>
 */
public final class StreamingRecognizer {

    private final SpeechRecognizer recognizer;
    private final StreamingFeatures features;
    private final StreamingModel stream;
    private final StringBuilder text = new StringBuilder();
    private int previous = -1;
    private long frames;

    public StreamingRecognizer(SpeechRecognizer recognizer) {
        if (!recognizer.config().streaming()) {
            throw new IllegalArgumentException("this recogniser (" + recognizer.config() + ") reads the whole utterance; a stream"
                    + " needs one trained with --streaming (one direction, no conv front end)");
        }
        this.recognizer = recognizer;
        this.features = new StreamingFeatures(recognizer.features(), recognizer.statistics());
        this.stream = new StreamingModel(recognizer.model(), 1);
    }

    /** Takes the next samples (at the features' rate); returns the transcript so far. */
    public String accept(float[] samples) {
        step(features.accept(samples));
        return text.toString();
    }

    /** Ends the utterance; returns the whole transcript. */
    public String finish() {
        step(features.finish());
        return text.toString();
    }

    /** The transcript so far. */
    public String transcript() {
        return text.toString();
    }

    /** Frames the model has read so far. */
    public long frames() {
        return frames;
    }

    private void step(List<float[]> ready) {
        if (ready.isEmpty()) {
            return;
        }
        int width = recognizer.features().width();
        int t = ready.size();
        float[] x = new float[t * width];
        for (int i = 0; i < t; i++) {
            System.arraycopy(ready.get(i), 0, x, i * width, width);
        }
        float[] logits = stream.step(Seq.ofValues(x, t, 1, width, null));
        int c = recognizer.alphabet().outputs();
        for (int i = 0; i < t; i++) {
            int best = Activations.argmax(logits, i * c, c);
            if (best != previous && best != Alphabet.BLANK) {
                text.appendCodePoint(recognizer.alphabet().codePoint(best));
            }
            previous = best;
        }
        frames += t;
    }
}
