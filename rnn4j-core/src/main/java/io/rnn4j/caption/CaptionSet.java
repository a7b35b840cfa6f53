package io.rnn4j.caption;

import io.rnn4j.data.image.ImageSet;

import java.util.List;

/**
 * Captioned images: the pictures, as an {@link ImageSet} whose labels are unused (all 0, one
 * class "captioned"), and one caption per picture, lower-case words separated by single spaces.
 */
public record CaptionSet(ImageSet images, List<String> captions) {

    /** The one class name of the images' {@link ImageSet}. */
    public static final String IMAGE_CLASS = "captioned";

    public CaptionSet {
        captions = List.copyOf(captions);
        if (captions.size() != images.size()) {
            throw new IllegalArgumentException(captions.size() + " captions for " + images.size() + " images");
        }
        for (int i = 0; i < captions.size(); i++) {
            String c = captions.get(i);
            if (!isCaption(c)) {
                throw new IllegalArgumentException("caption " + i + " must be words separated by single spaces, got '" + c + "'");
            }
        }
    }

    /** Whether {@code text} is a caption: words separated by single spaces, nothing else. */
    public static boolean isCaption(String text) {
        return text.matches("\\S+( \\S+)*");
    }

    public int size() {
        return captions.size();
    }

    /** Pictures {@code [from, to)} with their captions. */
    public CaptionSet slice(int from, int to) {
        return new CaptionSet(images.slice(from, to), captions.subList(from, to));
    }
}
