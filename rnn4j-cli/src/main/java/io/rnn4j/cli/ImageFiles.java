package io.rnn4j.cli;

import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Image files named on a command line, read as one {@link ImageSet} of the shape a model reads. */
final class ImageFiles {

    private ImageFiles() {
    }

    /** The files' pixels (labels 0 of {@code classes}); a missing, unreadable or wrongly sized file is named. */
    static ImageSet read(List<Path> files, ImageShape shape, List<String> classes) {
        byte[] pixels = new byte[files.size() * shape.size()];
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            CliFiles.requireInputFile("FILE", f);
            BufferedImage img;
            try {
                img = ImageFolderReader.decode(f);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage());
            }
            ImageFolderReader.requireSize(img, shape, f.toString());
            ImageFolderReader.toChannels(img, shape, pixels, i * shape.size());
        }
        return new ImageSet(shape, pixels, new int[files.size()], classes);
    }
}
