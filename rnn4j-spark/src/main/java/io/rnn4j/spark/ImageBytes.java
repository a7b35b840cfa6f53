package io.rnn4j.spark;

import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.nn.conv.ImageShape;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.List;

/** Image files' bytes in a binary column, decoded to the pixels a model of some shape reads. */
final class ImageBytes {

    private ImageBytes() {
    }

    static void check(StructType schema, List<String> names, String model) {
        DataType t = schema.apply(names.get(0)).dataType();
        if (!t.equals(DataTypes.BinaryType)) {
            throw new IllegalArgumentException("column '" + names.get(0) + "' is " + t.simpleString() + "; " + model
                    + " reads the image file's bytes (binary), e.g. the content column of spark.read().format(\"binaryFile\")");
        }
    }

    /**
     * The pixels of a PNG, JPEG, GIF or BMP file, channel by channel, as the model reads them.
     *
     * @throws IllegalArgumentException when the bytes do not decode, or the image has another size
     */
    static byte[] pixels(byte[] file, ImageShape shape) {
        try {
            BufferedImage img = ImageFolderReader.decode(file, "the image (" + file.length + " bytes)");
            ImageFolderReader.requireSize(img, shape, "the image");
            byte[] p = new byte[shape.size()];
            ImageFolderReader.toChannels(img, shape, p, 0);
            return p;
        } catch (IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
