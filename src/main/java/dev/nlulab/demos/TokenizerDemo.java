package dev.nlulab.demos;

import dev.nlulab.encoder.SharedSentenceEncoder;
import dev.nlulab.encoder.SentenceEncoder;
import dev.nlulab.encoder.TokenizedText;
import dev.nlulab.ml.Tokenizer;
import dev.nlulab.prompting.SharedModel;

import java.util.ArrayList;
import java.util.List;

/** {@code tokenizer}: one text through the course model's byte-level BPE and MiniLM's WordPiece, side by side. */
final class TokenizerDemo implements LiveDemo<TokenizerDemo.Params> {
    static final int MAX_CHARS = 500;

    record Params(String text) {}

    /** One tokenizer's view: its tokens as its vocabulary writes them, and their ids. */
    record Side(String tokenizer, List<String> tokens, List<Long> ids, int count) {}

    record Answer(String text, int characters, Side bpe, Side wordPiece) {}

    private final SharedModel model;
    private final SharedSentenceEncoder encoder;

    TokenizerDemo(SharedModel model, SharedSentenceEncoder encoder) {
        this.model = model;
        this.encoder = encoder;
    }

    @Override
    public String name() {
        return "tokenizer";
    }

    @Override
    public Params read(DemoInput input) {
        return new Params(input.text("text", MAX_CHARS));
    }

    @Override
    public Answer run(Params p) {
        Tokenizer bpe = model.tokenizer();
        String[] tokens = bpe.tokens(p.text());
        Side course = side("course model (byte-level BPE)", List.of(tokens), bpe.encode(p.text()));
        TokenizedText wp = encoder.get().tokenize(p.text());
        Side minilm = side(SentenceEncoder.NAME + " (WordPiece)", wp.tokens(), wp.ids());
        return new Answer(p.text(), p.text().codePointCount(0, p.text().length()), course, minilm);
    }

    private static Side side(String name, List<String> tokens, long[] ids) {
        List<Long> idList = new ArrayList<>(ids.length);
        for (long id : ids) idList.add(id);
        return new Side(name, tokens, idList, ids.length);
    }
}
