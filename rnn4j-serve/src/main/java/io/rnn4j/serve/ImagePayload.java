package io.rnn4j.serve;

import com.google.gson.JsonObject;
import io.rnn4j.data.image.ImageFolderReader;
import io.rnn4j.data.image.ImageSet;
import io.rnn4j.nn.conv.ImageShape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Base64;
import java.util.List;

/** An image sent in a request body: {@code "image"}, the bytes of a PNG, JPEG, GIF or BMP file, base64-encoded. */
final class ImagePayload {

    private ImagePayload() {
    }

    /** The body's {@code image} field; 400 when it is missing. */
    static String required(JsonObject body) {
        String encoded = Requests.string(body, "image", null);
        if (encoded == null) {
            throw ApiError.badRequest("give the image as 'image': the bytes of a PNG, JPEG, GIF or BMP file, base64-encoded");
        }
        return encoded;
    }

    /** The image's pixels as a model of {@code shape} reads them (one image, class 0); 400 naming what is wrong. */
    static ImageSet decode(String encoded, ImageShape shape, List<String> classes) {
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(encoded);
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest("'image' is not valid base64: " + e.getMessage());
        }
        BufferedImage img;
        try {
            img = ImageFolderReader.decode(bytes, "'image' (" + bytes.length + " bytes)");
            ImageFolderReader.requireSize(img, shape, "'image'");
        } catch (IOException | IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        byte[] pixels = new byte[shape.size()];
        ImageFolderReader.toChannels(img, shape, pixels, 0);
        return new ImageSet(shape, pixels, new int[1], classes);
    }
}
