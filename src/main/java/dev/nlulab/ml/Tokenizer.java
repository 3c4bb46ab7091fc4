package dev.nlulab.ml;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A local Hugging Face {@code tokenizer.json} (offline). Encoding adds no special tokens: callers put
 * the bos token where the model expects it, and generation stops on eos.
 */
public final class Tokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;
    private final long bos;
    private final long eos;

    private Tokenizer(HuggingFaceTokenizer tokenizer, long bos, long eos) {
        this.tokenizer = tokenizer;
        this.bos = bos;
        this.eos = eos;
    }

    /** Loads {@code tokenizer.json} (a file, or a folder holding one) with the model's bos/eos ids. */
    public static Tokenizer load(Path path, long bos, long eos) {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("no tokenizer at " + file);
        try {
            return new Tokenizer(HuggingFaceTokenizer.newInstance(file, Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false")), bos, eos);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cannot load tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    /** The tokenizer of a model folder, with bos/eos from its config. */
    public static Tokenizer forModel(Path modelDir, LlamaConfig config) {
        return load(modelDir.resolve("tokenizer.json"), config.bosTokenId(), config.eosTokenId());
    }

    public long[] encode(String text) {
        return tokenizer.encode(text, false, false).getIds();
    }

    /** The tokens of a text as the vocabulary writes them (byte-level BPE shows a leading space as "Ġ"), one per id of {@link #encode}. */
    public String[] tokens(String text) {
        return tokenizer.encode(text, false, false).getTokens();
    }

    /** bos followed by the text's tokens: the form a prompt takes for a Llama model. */
    public long[] encodeWithBos(String text) {
        long[] ids = encode(text);
        long[] out = new long[ids.length + 1];
        out[0] = bos;
        System.arraycopy(ids, 0, out, 1, ids.length);
        return out;
    }

    /** Text of the ids, special tokens (bos, eos, padding) left out. */
    public String decode(long[] ids) {
        return tokenizer.decode(ids, true);
    }

    public long bos() {
        return bos;
    }

    public long eos() {
        return eos;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
