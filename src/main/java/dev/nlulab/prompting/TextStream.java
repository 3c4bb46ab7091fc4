package dev.nlulab.prompting;

import dev.nlulab.ml.Tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns one row's new tokens into pieces of text as they come, so that the pieces joined are exactly the
 * completion's final text. A piece is held back while it could still change or be cut: text ending in a
 * partial UTF-8 character (a byte-level token that needs the next one), and the last
 * {@code longest stop - 1} characters, which may be the start of a stop string the final text ends before.
 */
final class TextStream {
    private static final char REPLACEMENT = '\uFFFD';

    private final Tokenizer tokenizer;
    private final int holdBack;
    private final Consumer<String> pieces;
    private final List<Long> tokens = new ArrayList<>();
    private int sent; // characters handed out so far

    TextStream(Tokenizer tokenizer, List<String> stops, Consumer<String> pieces) {
        this.tokenizer = tokenizer;
        this.holdBack = Math.max(0, stops.stream().mapToInt(String::length).max().orElse(0) - 1);
        this.pieces = pieces;
    }

    /** A new token of the row (never eos, never one that completed a stop string). */
    void add(long token) {
        tokens.add(token);
        String text = tokenizer.decode(tokens.stream().mapToLong(Long::longValue).toArray());
        int ready = text.length() - holdBack;
        while (ready > sent && text.charAt(ready - 1) == REPLACEMENT) ready--;
        if (ready > sent) {
            pieces.accept(text.substring(sent, ready));
            sent = ready;
        }
    }

    /** Hands out the rest of the final text (cut before its stop string). */
    void finish(String text) {
        if (text.length() > sent) pieces.accept(text.substring(sent));
        sent = text.length();
    }
}
