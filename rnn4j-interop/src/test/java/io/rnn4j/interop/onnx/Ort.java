package io.rnn4j.interop.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/** Runs an ONNX model in ONNX Runtime's Java API: the independent check of every export. */
final class Ort implements AutoCloseable {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final Map<String, OnnxTensor> feeds = new LinkedHashMap<>();

    Ort(byte[] model) throws OrtException {
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        // The state inputs' zero defaults are initializers that are also inputs, which ORT notes
        // at warning level on every load; that is the design (optional states), so errors only.
        options.setSessionLogLevel(ai.onnxruntime.OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR);
        this.session = ENV.createSession(model, options);
    }

    Ort tokens(String name, int[] ids, long steps, long batch) throws OrtException {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return feed(name, OnnxTensor.createTensor(ENV, LongBuffer.wrap(l), new long[]{steps, batch}));
    }

    Ort floats(String name, float[] values, long... shape) throws OrtException {
        return feed(name, OnnxTensor.createTensor(ENV, FloatBuffer.wrap(values), shape));
    }

    Ort lengths(int[] lengths) throws OrtException {
        return lengths("lengths", lengths);
    }

    Ort lengths(String name, int[] lengths) throws OrtException {
        return feed(name, OnnxTensor.createTensor(ENV, IntBuffer.wrap(lengths), new long[]{lengths.length}));
    }

    private Ort feed(String name, OnnxTensor t) {
        OnnxTensor old = feeds.put(name, t);
        if (old != null) {
            old.close();
        }
        return this;
    }

    /** Runs with the current feeds; every float output by name. */
    Map<String, float[]> run() throws OrtException {
        Map<String, float[]> out = new HashMap<>();
        try (OrtSession.Result r = session.run(feeds)) {
            for (Map.Entry<String, OnnxValue> e : r) {
                FloatBuffer fb = ((OnnxTensor) e.getValue()).getFloatBuffer();
                float[] a = new float[fb.remaining()];
                fb.get(a);
                out.put(e.getKey(), a);
            }
        }
        return out;
    }

    java.util.Set<String> inputNames() throws OrtException {
        return session.getInputNames();
    }

    @Override
    public void close() throws OrtException {
        feeds.values().forEach(OnnxTensor::close);
        session.close();
    }
}
