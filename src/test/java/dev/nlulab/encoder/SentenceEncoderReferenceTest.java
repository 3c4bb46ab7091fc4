package dev.nlulab.encoder;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The encoder against values computed without any of our code: transformers.js on the same ONNX file and
 * tokenizer.json, with its own JavaScript tokenizer, ONNX Runtime for Node and its own pooling
 * ({@code src/test/resources/encoder/README.md} says how to recompute them).
 */
class SentenceEncoderReferenceTest {
    static final Reference REFERENCE = Reference.load();
    static final SentenceEncoder encoder = SharedEncoder.get();

    @Test
    void tokenizesEverySentenceAsTheJavaScriptTokenizerDoes() {
        for (Reference.Sentence sentence : REFERENCE.sentences()) {
            TokenizedText tokens = encoder.tokenize(sentence.text());
            assertThat(tokens.tokens()).as(sentence.text()).isEqualTo(sentence.tokens());
            assertThat(tokens.ids()).as(sentence.text()).isEqualTo(sentence.ids());
            assertThat(tokens.truncated()).isFalse();
        }
    }

    @Test
    void embedsEverySentenceAsTransformersJsDoes() {
        List<float[]> embeddings = encoder.embed(REFERENCE.texts()); // one batch, padded to the longest
        for (int i = 0; i < embeddings.size(); i++) {
            Reference.Sentence sentence = REFERENCE.sentences().get(i);
            assertThat(embeddings.get(i)).as(sentence.text()).containsExactly(sentence.embedding(), within(5e-6f));
        }
    }

    @Test
    void similaritiesOfTheFixedPairsMatchTheReference() {
        List<float[]> embeddings = encoder.embed(REFERENCE.texts());
        for (Reference.Pair pair : REFERENCE.pairs()) {
            double cosine = Vectors.cosine(embeddings.get(pair.a()), embeddings.get(pair.b()));
            assertThat(cosine).as("%s / %s", REFERENCE.texts().get(pair.a()), REFERENCE.texts().get(pair.b()))
                    .isCloseTo(pair.cosine(), within(5e-6));
        }
    }

    @Test
    void contextualVectorsOfBankMatchTheReference() {
        List<float[]> vectors = REFERENCE.bank().stream().map(bank -> {
            TokenVectors tokens = encoder.tokenVectors(bank.text());
            assertThat(tokens.text().tokens().get(bank.token())).isEqualTo("bank");
            float[] vector = tokens.vectors()[bank.token()];
            assertThat(vector).as(bank.text()).containsExactly(bank.vector(), within(2e-5f));
            return vector;
        }).toList();
        for (Reference.Pair pair : REFERENCE.bankPairs()) {
            assertThat(Vectors.cosine(vectors.get(pair.a()), vectors.get(pair.b()))).isCloseTo(pair.cosine(), within(5e-6));
        }
    }
}
