package dev.nlulab.demos;

import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.encoder.TokenVectors;
import dev.nlulab.encoder.Vectors;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code embedding-similarity}: one word in several sentences. MiniLM gives the word a contextual vector
 * in each (its word pieces' last hidden states, averaged); the answer is their cosine matrix, and each
 * one's cosine with the word's vector on its own, the one vector a static embedding would use everywhere.
 */
final class EmbeddingSimilarityDemo implements LiveDemo<EmbeddingSimilarityDemo.Params> {
    static final int MAX_WORD_CHARS = 30;
    static final int MAX_SENTENCE_CHARS = 200;
    static final int MIN_SENTENCES = 2;
    static final int MAX_SENTENCES = 6;

    record Params(String word, List<String> sentences) {}

    /** Where the word is in one sentence: its tokens and the span [from, to) of the word's pieces. */
    record Use(String sentence, List<String> tokens, int from, int to) {}

    record Answer(String word, List<String> pieces, List<Use> uses, double[][] cosine, double[] cosineToAlone) {}

    private final SharedSentenceEncoder encoder;

    EmbeddingSimilarityDemo(SharedSentenceEncoder encoder) {
        this.encoder = encoder;
    }

    @Override
    public String name() {
        return "embedding-similarity";
    }

    @Override
    public Params read(DemoInput input) {
        String word = input.text("word", MAX_WORD_CHARS).strip();
        if (word.chars().anyMatch(Character::isWhitespace)) throw new DemoInput.Invalid("word must be one word, without spaces");
        return new Params(word, input.texts("sentences", MIN_SENTENCES, MAX_SENTENCES, MAX_SENTENCE_CHARS));
    }

    @Override
    public Answer run(Params p) {
        SentenceEncoder e = encoder.get();
        TokenVectors alone = e.tokenVectors(p.word());
        List<String> pieces = alone.text().tokens().subList(1, alone.text().length() - 1); // without [CLS] and [SEP]
        float[] aloneVector = mean(alone, 1, alone.text().length() - 1);
        List<Use> uses = new ArrayList<>();
        List<float[]> vectors = new ArrayList<>();
        for (int s = 0; s < p.sentences().size(); s++) {
            String sentence = p.sentences().get(s);
            TokenVectors tv = e.tokenVectors(sentence);
            int at = find(tv.text().tokens(), pieces);
            if (at < 0) {
                throw new DemoInput.Invalid("sentences[" + (s + 1) + "] does not contain the word '" + p.word() + "' (as the tokenizer splits it: "
                        + String.join(" ", pieces) + ")");
            }
            uses.add(new Use(sentence, tv.text().tokens(), at, at + pieces.size()));
            vectors.add(mean(tv, at, at + pieces.size()));
        }
        int n = vectors.size();
        double[][] cosine = new double[n][n];
        double[] toAlone = new double[n];
        for (int i = 0; i < n; i++) {
            toAlone[i] = round(Vectors.cosine(vectors.get(i), aloneVector));
            for (int j = 0; j < n; j++) cosine[i][j] = round(Vectors.cosine(vectors.get(i), vectors.get(j)));
        }
        return new Answer(p.word(), pieces, uses, cosine, toAlone);
    }

    /** The first place the pieces occur as a whole word in the tokens (the model is uncased: so is the match), or -1. */
    static int find(List<String> tokens, List<String> pieces) {
        outer:
        for (int i = 0; i + pieces.size() <= tokens.size(); i++) {
            for (int k = 0; k < pieces.size(); k++) {
                if (!tokens.get(i + k).toLowerCase(Locale.ROOT).equals(pieces.get(k).toLowerCase(Locale.ROOT))) continue outer;
            }
            int end = i + pieces.size();
            if (end < tokens.size() && tokens.get(end).startsWith("##")) continue; // only the start of a longer word
            return i;
        }
        return -1;
    }

    /** The mean of the vectors of tokens [from, to). */
    static float[] mean(TokenVectors tv, int from, int to) {
        float[] out = new float[SentenceEncoder.DIMENSION];
        for (int t = from; t < to; t++) for (int d = 0; d < out.length; d++) out[d] += tv.vectors()[t][d] / (to - from);
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e4) / 1e4;
    }
}
