package dev.nlulab.encoder;

import java.util.List;

/**
 * A text as the encoder sees it: its WordPiece tokens ({@code [CLS]} first, {@code [SEP]} last,
 * {@code ##} marking a piece inside a word) and their vocabulary ids.
 *
 * @param truncated whether the text was longer than {@link SentenceEncoder#MAX_TOKENS} and its end was cut
 */
public record TokenizedText(List<String> tokens, long[] ids, boolean truncated) {
    public TokenizedText {
        tokens = List.copyOf(tokens);
        if (ids.length != tokens.size()) throw new IllegalArgumentException(ids.length + " ids for " + tokens.size() + " tokens");
    }

    public int length() {
        return ids.length;
    }
}
