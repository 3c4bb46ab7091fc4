package dev.nlulab.encoder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Properties every embedding must have, whatever the reference values say. */
class SentenceEncoderTest {
    static final String LONG_TEXT = IntStream.range(0, 400).mapToObj(i -> "word" + i % 7).collect(Collectors.joining(" "));
    static final List<String> TEXTS = List.of("A man is eating food.", "", "Hi!", "The bank approved his loan.",
            "Dense retrieval embeds the question and every passage, then ranks the passages by cosine similarity.",
            "Ünïcödé, 数字 42 and emoji 🙂 all get tokens.");
    static final SentenceEncoder encoder = SharedEncoder.get();

    @Test
    void everyEmbeddingIsAUnitVectorOf384Floats() {
        List<String> texts = new ArrayList<>(TEXTS);
        texts.add(LONG_TEXT);
        for (float[] embedding : encoder.embed(texts)) {
            assertThat(embedding).hasSize(SentenceEncoder.DIMENSION);
            assertThat(Vectors.norm(embedding)).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void batchedEmbeddingsEqualOneAtATimeAcrossBatchBoundaries() {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < SentenceEncoder.BATCH_SIZE + 9; i++) texts.add(TEXTS.get(i % TEXTS.size()) + " (" + i + ")");
        List<float[]> batched = encoder.embed(texts);
        assertThat(batched).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batched.get(i)).as(texts.get(i)).containsExactly(encoder.embed(texts.get(i)), within(1e-6f));
        }
    }

    @Test
    void paddingToALongerTextInTheBatchDoesNotChangeAnEmbedding() {
        String shortText = "Hi!";
        assertThat(encoder.tokenize(shortText).length()).isEqualTo(4);
        assertThat(encoder.tokenize(LONG_TEXT).length()).isEqualTo(SentenceEncoder.MAX_TOKENS); // 252 pads after "Hi!"
        float[] alone = encoder.embed(shortText);
        float[] padded = encoder.embed(List.of(LONG_TEXT, shortText)).get(1);
        assertThat(padded).containsExactly(alone, within(1e-6f));
    }

    @Test
    void similaritiesOfTheSanityPairsInNotes() {
        float[] food = encoder.embed("A man is eating food.");
        assertThat(Vectors.dot(food, encoder.embed("A man is eating a piece of bread."))).isCloseTo(0.755, within(0.001));
        assertThat(Vectors.dot(food, encoder.embed("The girl is carrying a baby."))).isCloseTo(-0.105, within(0.001));
    }

    @Test
    void theNumberOfThreadsDoesNotChangeTheResult() {
        try (SentenceEncoder oneThread = SentenceEncoder.load(1)) {
            List<float[]> expected = encoder.embed(TEXTS);
            List<float[]> actual = oneThread.embed(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) assertThat(actual.get(i)).containsExactly(expected.get(i), within(1e-6f));
        }
        assertThatThrownBy(() -> SentenceEncoder.load(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 thread");
    }

    @Test
    void callersOnSeveralThreadsGetTheSameEmbeddings() throws Exception {
        List<float[]> expected = encoder.embed(TEXTS);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<List<float[]>>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) runs.add(pool.submit(() -> encoder.embed(TEXTS)));
            for (Future<List<float[]>> run : runs) {
                List<float[]> actual = run.get();
                for (int i = 0; i < TEXTS.size(); i++) assertThat(actual.get(i)).containsExactly(expected.get(i), within(1e-6f));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tokenizeGivesWordPiecesBetweenClsAndSep() {
        TokenizedText text = encoder.tokenize("Embeddings encode meaning.");
        assertThat(text.tokens()).containsExactly("[CLS]", "em", "##bed", "##ding", "##s", "en", "##code", "meaning", ".", "[SEP]");
        assertThat(text.ids()).hasSize(text.tokens().size()).startsWith(101).endsWith(102);
        assertThat(text.truncated()).isFalse();
        assertThat(encoder.tokenize("").tokens()).containsExactly("[CLS]", "[SEP]");
    }

    @Test
    void aTextLongerThanTheModelTakesIsCutAndSaysSo() {
        TokenizedText text = encoder.tokenize(LONG_TEXT);
        assertThat(text.truncated()).isTrue();
        assertThat(text.length()).isEqualTo(SentenceEncoder.MAX_TOKENS);
        assertThat(text.tokens().get(text.length() - 1)).isEqualTo("[SEP]");
    }

    @Test
    void tokenVectorsGiveOneContextualVectorPerToken() {
        String riverText = "They had a picnic on the bank of the river.";
        TokenVectors river = encoder.tokenVectors(riverText);
        TokenVectors money = encoder.tokenVectors("She deposited her money at the bank.");
        assertThat(river.vectors().length).isEqualTo(river.text().length());
        assertThat(river.vectors()[0]).hasSize(SentenceEncoder.DIMENSION);
        float[] riverBank = river.vectors()[river.text().tokens().indexOf("bank")];
        float[] moneyBank = money.vectors()[money.text().tokens().indexOf("bank")];
        // the same word in two contexts: similar, yet not the same vector
        assertThat(Vectors.cosine(riverBank, moneyBank)).isBetween(0.5, 0.95);
        // the sentence embedding is the normalized mean of these vectors
        float[] mean = new float[SentenceEncoder.DIMENSION];
        for (float[] v : river.vectors()) for (int d = 0; d < mean.length; d++) mean[d] += v[d] / river.vectors().length;
        assertThat(encoder.embed(riverText)).containsExactly(Vectors.normalize(mean), within(1e-5f));
    }

    @Test
    void aMissingModelIsAClearError(@TempDir Path dir) throws IOException {
        try (URLClassLoader nothing = new URLClassLoader(new URL[0], null)) {
            assertThatThrownBy(() -> SentenceEncoder.load(1, nothing)).isInstanceOf(EncoderException.class)
                    .hasMessageContaining(SentenceEncoder.TOKENIZER_RESOURCE)
                    .hasMessageContaining(SentenceEncoder.ARTIFACT);
        }
        try (InputStream tokenizer = SentenceEncoder.class.getClassLoader().getResourceAsStream(SentenceEncoder.TOKENIZER_RESOURCE)) {
            Files.copy(tokenizer, dir.resolve(SentenceEncoder.TOKENIZER_RESOURCE));
        }
        try (URLClassLoader tokenizerOnly = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> SentenceEncoder.load(1, tokenizerOnly)).isInstanceOf(EncoderException.class)
                    .hasMessageContaining("needs the resource " + SentenceEncoder.MODEL_RESOURCE)
                    .hasMessageContaining(SentenceEncoder.ARTIFACT);
        }
    }

    @Test
    void noTextsGiveNoEmbeddings() {
        assertThat(encoder.embed(List.of())).isEmpty();
    }

    @Test
    void aNullTextIsRejectedWithItsPosition() {
        assertThatThrownBy(() -> encoder.embed(java.util.Arrays.asList("fine", null))).hasMessageContaining("text 1 is null");
    }
}
