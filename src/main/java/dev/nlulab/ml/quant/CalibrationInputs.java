package dev.nlulab.ml.quant;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Collects what GPTQ needs: the inputs each chosen layer sees while the model runs on calibration
 * text. The layers are wrapped by recording ones for the duration of {@code forwardPasses}, then put back.
 */
public final class CalibrationInputs {
    private CalibrationInputs() {
    }

    /**
     * Calibration token ids from a text file: one sequence per line, ids separated by spaces
     * (what the course tokenizer makes of calibration text).
     */
    public static List<long[]> readTokenIds(Path file) throws IOException {
        List<long[]> sequences = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            try {
                sequences.add(Arrays.stream(line.split("\\s+")).mapToLong(Long::parseLong).toArray());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + (n + 1) + ": not a list of token ids: " + e.getMessage());
            }
        }
        if (sequences.isEmpty()) {
            throw new IllegalArgumentException(file + ": no calibration sequences");
        }
        return sequences;
    }

    /** The inputs of the chosen layers while the model reads each calibration sequence. */
    public static Map<String, float[]> record(LlamaModel model, Iterable<String> names, List<long[]> sequences) {
        return record(model.linears(), model::setLinear, names, () -> {
            for (long[] ids : sequences) {
                try (NDManager scope = model.manager().newSubManager()) {
                    model.forward(scope.create(new long[][] {ids}));
                }
            }
        });
    }

    /** Layer name -> its inputs, row-major (samples, in). */
    public static Map<String, float[]> record(Map<String, Linear> linears, BiConsumer<String, Linear> setter,
            Iterable<String> names, Runnable forwardPasses) {
        Map<String, Recording> recordings = new LinkedHashMap<>();
        for (String name : names) {
            Linear layer = linears.get(name);
            if (layer == null) {
                throw new IllegalArgumentException("no linear layer named '" + name + "'");
            }
            Recording r = new Recording(layer);
            recordings.put(name, r);
            setter.accept(name, r);
        }
        try {
            forwardPasses.run();
        } finally {
            recordings.forEach((name, r) -> setter.accept(name, r.inner));
        }
        Map<String, float[]> inputs = new LinkedHashMap<>();
        recordings.forEach((name, r) -> inputs.put(name, r.rows()));
        return inputs;
    }

    private static final class Recording implements Linear {
        final Linear inner;
        final List<float[]> seen = new ArrayList<>();

        Recording(Linear inner) {
            this.inner = inner;
        }

        @Override
        public NDArray forward(NDArray x) {
            seen.add(x.toFloatArray());
            return inner.forward(x);
        }

        float[] rows() {
            int total = seen.stream().mapToInt(a -> a.length).sum();
            float[] all = new float[total];
            int at = 0;
            for (float[] a : seen) {
                System.arraycopy(a, 0, all, at, a.length);
                at += a.length;
            }
            return all;
        }

        @Override
        public long inFeatures() {
            return inner.inFeatures();
        }

        @Override
        public long outFeatures() {
            return inner.outFeatures();
        }

        @Override
        public List<NDArray> trainable() {
            return inner.trainable();
        }

        @Override
        public Map<String, NDArray> tensors() {
            return inner.tensors();
        }
    }
}
