package dev.nlulab.encoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The sentence encoder's rows of {@code bench ml}: sentences per second in batches and one at a time. */
public final class EncoderBench {
    private static final String[] WORDS = ("the a student model question answer lesson reads writes finds every "
            + "passage sentence meaning of in on with for and but when because similar different retrieval dense "
            + "vector encoder token word bank river money loan learns quickly slowly teacher class course lab "
            + "prompt chain thought step reason language large small fine tuned adapter quantized").split(" ");

    private EncoderBench() {
    }

    /** Table rows (| measure | value |) for {@code sentences} made-up sentences of 4 to 28 words. */
    public static List<String> rows(int threads, int sentences) {
        List<String> texts = sentences(sentences, new Random(7));
        try (SentenceEncoder encoder = SentenceEncoder.load(threads)) {
            double tokens = texts.stream().mapToInt(t -> encoder.tokenize(t).length()).average().orElse(0);
            encoder.embed(texts.subList(0, Math.min(texts.size(), 2 * SentenceEncoder.BATCH_SIZE))); // warm-up
            long start = System.nanoTime();
            encoder.embed(texts);
            double batched = texts.size() / ((System.nanoTime() - start) / 1e9);
            List<String> some = texts.subList(0, Math.min(texts.size(), 128));
            start = System.nanoTime();
            some.forEach(encoder::embed);
            double oneAtATime = some.size() / ((System.nanoTime() - start) / 1e9);
            String label = String.format("sentence encoder (%s on ONNX Runtime, %d threads, %.0f tokens per sentence)",
                    SentenceEncoder.NAME, threads, tokens);
            return List.of(
                    String.format("| %s, batches of %d | %.0f sentences/s |", label, SentenceEncoder.BATCH_SIZE, batched),
                    String.format("| %s, one at a time | %.0f sentences/s (%.1f ms each) |", label, oneAtATime, 1000 / oneAtATime));
        }
    }

    /** Made-up sentences of 4 to 28 words from a small vocabulary. */
    public static List<String> sentences(int count, Random random) {
        List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int words = 4 + random.nextInt(25);
            for (int w = 0; w < words; w++) text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            texts.add(Character.toUpperCase(text.charAt(0)) + text.substring(1) + ".");
        }
        return texts;
    }
}
