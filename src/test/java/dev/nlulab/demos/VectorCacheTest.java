package dev.nlulab.demos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nlulab.encoder.SentenceEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bm25's embeddings kept on disk: read back equal to MiniLM's fresh ones, and recomputed when the corpus or encoder changes. */
class VectorCacheTest {
    static SentenceEncoder encoder;
    static final List<String> WORDS = List.of("river", "bank", "oar", "canoe", "stream");

    @TempDir
    Path dir;

    @BeforeAll
    static void load() {
        encoder = SentenceEncoder.load(1);
    }

    @AfterAll
    static void close() {
        encoder.close();
    }

    /** Embeds with MiniLM and counts how many times it was asked. */
    static Function<List<String>, float[][]> counting(AtomicInteger calls) {
        return texts -> {
            calls.incrementAndGet();
            return encoder.embed(texts).toArray(float[][]::new);
        };
    }

    @Test
    void aRestartReadsTheVectorsBackEqualToFreshOnesWithoutComputing() {
        AtomicInteger calls = new AtomicInteger();
        float[][] first = new VectorCache(dir).get("words", encoder.identity(), WORDS, counting(calls));
        float[][] again = new VectorCache(dir).get("words", encoder.identity(), WORDS, counting(calls)); // a new server's cache
        assertThat(calls).hasValue(1);
        List<float[]> fresh = encoder.embed(WORDS);
        for (int i = 0; i < WORDS.size(); i++) {
            assertThat(again[i]).containsExactly(fresh.get(i));
            assertThat(first[i]).containsExactly(fresh.get(i));
        }
        assertThat(dir).isDirectoryContaining(p -> p.getFileName().toString().equals("words.vectors"))
                .isDirectoryNotContaining(p -> p.getFileName().toString().endsWith(".part"));
    }

    @Test
    void aChangedCorpusOrEncoderIsComputedAfreshAndReplacesTheFile() {
        AtomicInteger calls = new AtomicInteger();
        new VectorCache(dir).get("words", encoder.identity(), WORDS, counting(calls));
        List<String> changed = new ArrayList<>(WORDS);
        changed.set(2, "paddle");
        float[][] afterChange = new VectorCache(dir).get("words", encoder.identity(), changed, counting(calls));
        assertThat(calls).hasValue(2);
        assertThat(afterChange[2]).containsExactly(encoder.embed("paddle"));
        new VectorCache(dir).get("words", encoder.identity(), changed, counting(calls));
        assertThat(calls).as("the replaced file serves the changed corpus").hasValue(2);
        new VectorCache(dir).get("words", encoder.identity() + " (another model)", changed, counting(calls));
        assertThat(calls).as("another encoder's vectors are not used").hasValue(3);
    }

    @Test
    void aDamagedFileIsComputedAgain() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        new VectorCache(dir).get("words", encoder.identity(), WORDS, counting(calls));
        Path file = dir.resolve("words.vectors");
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 7)); // cut short, as a full disk would leave it
        float[][] read = new VectorCache(dir).get("words", encoder.identity(), WORDS, counting(calls));
        assertThat(calls).hasValue(2);
        assertThat(read[4]).containsExactly(encoder.embed("stream"));
    }
}
