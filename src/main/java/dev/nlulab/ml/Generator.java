package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Continues prompts with a model. Prompts of different lengths share one batch, left-padded; the
 * attention mask hides the padding and positions start at each prompt's first real token, so a row
 * gets the same tokens as when it runs alone. With the KV cache a step feeds only the newest token;
 * the cache lives in a manager of this request and is closed at its end (docs/djl-pitfalls.md #6).
 * DJL reads the prompts; a dense float32 model's decode steps then run on Java arrays
 * ({@link ArrayDecoder}), a quantized or PEFT model's on DJL.
 */
public final class Generator {
    /** Hears each row's new tokens as they are chosen, e.g. to stream text out; not told of eos or of a token that completes a stop string. */
    public interface TokenListener {
        void token(int row, long token);
    }

    private static final TokenListener NOBODY = (row, token) -> { };

    private final LlamaModel model;
    private final Tokenizer tokenizer; // null: token ids only, no stop strings

    public Generator(LlamaModel model, Tokenizer tokenizer) {
        this.model = model;
        this.tokenizer = tokenizer;
    }

    /** Continues each text prompt (bos is put first). */
    public List<Generation> generate(List<String> prompts, GenerationConfig config) {
        return generate(prompts, config, NOBODY);
    }

    /** Continues each text prompt, telling {@code listener} of every new token as it is chosen. */
    public List<Generation> generate(List<String> prompts, GenerationConfig config, TokenListener listener) {
        if (tokenizer == null) throw new IllegalStateException("text generation needs a tokenizer");
        List<long[]> ids = new ArrayList<>();
        for (String p : prompts) ids.add(tokenizer.encodeWithBos(p));
        return generateIds(ids, config, listener);
    }

    /**
     * Continues each text prompt in one batch, row {@code b} with at most {@code maxNewTokens[b]} new tokens
     * (and never more than {@code config.maxNewTokens()}): requests of different lengths share the decode
     * steps, and a row gets the tokens it would get alone with its own limit.
     */
    public List<Generation> generate(List<String> prompts, int[] maxNewTokens, GenerationConfig config) {
        if (tokenizer == null) throw new IllegalStateException("text generation needs a tokenizer");
        List<long[]> ids = new ArrayList<>();
        for (String p : prompts) ids.add(tokenizer.encodeWithBos(p));
        return generateIds(ids, maxNewTokens, config);
    }

    /** Continues each prompt of token ids in one batch, row {@code b} with at most {@code maxNewTokens[b]} new tokens. */
    public List<Generation> generateIds(List<long[]> prompts, int[] maxNewTokens, GenerationConfig config) {
        if (maxNewTokens.length != prompts.size()) throw new IllegalArgumentException("one token limit per prompt");
        for (int limit : maxNewTokens) if (limit < 1) throw new IllegalArgumentException("a token limit must be >= 1, got " + limit);
        return generateIds(prompts, maxNewTokens, config, NOBODY);
    }

    /** Continues each prompt of token ids. */
    public List<Generation> generateIds(List<long[]> prompts, GenerationConfig config) {
        return generateIds(prompts, config, NOBODY);
    }

    private List<Generation> generateIds(List<long[]> prompts, GenerationConfig config, TokenListener listener) {
        int[] limits = new int[prompts.size()];
        Arrays.fill(limits, config.maxNewTokens());
        return generateIds(prompts, limits, config, listener);
    }

    private List<Generation> generateIds(List<long[]> prompts, int[] limits, GenerationConfig config, TokenListener listener) {
        if (!config.stopStrings().isEmpty() && tokenizer == null) {
            throw new IllegalArgumentException("stop strings need a tokenizer");
        }
        for (int b = 0; b < prompts.size(); b++) {
            if (prompts.get(b).length == 0) throw new IllegalArgumentException("prompt " + b + " is empty");
        }
        synchronized (model) {
            try (NoGrad noGrad = NoGrad.open()) {
                return run(prompts, limits, config, listener);
            }
        }
    }

    private List<Generation> run(List<long[]> prompts, int[] limits, GenerationConfig config, TokenListener listener) {
        int batch = prompts.size();
        int newTokens = 0;
        for (int b = 0; b < batch; b++) newTokens = Math.max(newTokens, Math.min(limits[b], config.maxNewTokens()));
        int vocab = model.config().vocabSize();
        long eos = model.config().eosTokenId();
        int promptLength = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        int total = promptLength + newTokens;
        long[][] sequence = new long[batch][total]; // left-padded prompts, then the new tokens
        long[][] mask = new long[batch][total];     // 1 on real tokens
        int[] padding = new int[batch];
        boolean padded = prompts.stream().anyMatch(p -> p.length < promptLength);
        for (int b = 0; b < batch; b++) {
            long[] p = prompts.get(b);
            padding[b] = promptLength - p.length;
            System.arraycopy(p, 0, sequence[b], padding[b], p.length);
            Arrays.fill(mask[b], padding[b], total, 1);
        }
        List<List<Long>> generated = new ArrayList<>();
        List<List<float[]>> stepLogits = new ArrayList<>();
        String[] finish = new String[batch];
        String[] texts = new String[batch];
        for (int b = 0; b < batch; b++) {
            generated.add(new ArrayList<>());
            stepLogits.add(new ArrayList<>());
        }
        Random random = new Random(config.seed());
        List<NDArray> weights = model.arrays(); // the model does not change during a generation (synchronized on it)
        // a dense model's decode steps run on Java arrays once DJL has read the prompts; null: on DJL throughout
        ArrayWeights arrays = config.useCache() && newTokens > 1 ? model.arrayWeights() : null;
        ArrayDecoder decoder = null;
        try (NDManager request = model.manager().newSubManager();
             KvCache cache = config.useCache() ? new KvCache(request, model.config().numHiddenLayers()) : null) {
            int length = promptLength;
            int fed = 0; // positions already in the cache
            int[] live = java.util.stream.IntStream.range(0, batch).toArray(); // rows still decoding, in batch order
            for (int n = 0; n < newTokens; n++) {
                float[] logits; // (live rows, V)
                if (decoder != null) {
                    logits = decoder.step(live, column(sequence, live, length - 1), length - 1);
                } else if (n == 0 && cache != null && padded) {
                    logits = prefillEach(prompts, promptLength, cache, request, weights);
                } else try (NDManager step = stepManager(request, weights)) {
                    int from = cache == null ? 0 : fed;
                    NDArray ids = step.create(columns(sequence, live, from, length));
                    NDArray positions = step.create(positions(padding, live, from, length));
                    NDArray attention = padded ? step.create(columns(mask, live, 0, length)) : null; // null: nothing to hide
                    logits = model.forwardLast(ids, positions, attention, cache).toFloatArray(); // (B, 1, V)
                }
                // copied before any row leaves the cache, so its rows are the batch's
                if (n == 0 && arrays != null) decoder = new ArrayDecoder(arrays, cache, padding, total);
                fed = length;
                for (int i = 0; i < live.length; i++) {
                    int b = live[i];
                    long token = Sampler.next(logits, i * vocab, vocab, config.temperature(), config.topP(), random);
                    sequence[b][length] = token;
                    if (token == eos) {
                        finish[b] = "eos";
                        continue;
                    }
                    generated.get(b).add(token);
                    if (config.keepLogits()) stepLogits.get(b).add(Arrays.copyOfRange(logits, i * vocab, (i + 1) * vocab));
                    if (!config.stopStrings().isEmpty()) {
                        texts[b] = cutAtStop(tokenizer.decode(toArray(generated.get(b))), config);
                        if (texts[b] != null) finish[b] = "stop";
                    }
                    if (finish[b] == null) listener.token(b, token);
                    if (finish[b] == null && generated.get(b).size() >= limits[b]) finish[b] = "length";
                }
                length++;
                live = dropFinished(live, finish, decoder == null ? cache : null); // the decoder skips finished rows itself
                if (live.length == 0) break;
            }
        }
        List<Generation> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            long[] tokens = toArray(generated.get(b));
            String text = texts[b] != null ? texts[b] : tokenizer == null ? "" : tokenizer.decode(tokens);
            float[][] kept = config.keepLogits() ? stepLogits.get(b).toArray(new float[0][]) : null;
            out.add(new Generation(tokens, text, finish[b] == null ? "length" : finish[b], kept));
        }
        return out;
    }

    /**
     * Reads each prompt alone into its own cache and stacks the caches left-padded into {@code cache}:
     * padding then costs no computation (a batch of a long few-shot prompt and short ones computed every
     * row over the longest), and each row's keys, values and first logits are those of the prompt alone.
     * The padded positions hold zeros, hidden by the attention mask. The last positions' logits, (B * V).
     */
    private float[] prefillEach(List<long[]> prompts, int promptLength, KvCache cache, NDManager request, List<NDArray> weights) {
        int vocab = model.config().vocabSize();
        float[] logits = new float[prompts.size() * vocab];
        try (NDManager step = stepManager(request, weights)) {
            List<KvCache> rows = new ArrayList<>();
            for (int b = 0; b < prompts.size(); b++) {
                KvCache row = new KvCache(step, model.config().numHiddenLayers());
                rows.add(row);
                float[] last = model.forwardLast(step.create(new long[][] {prompts.get(b)}), null, null, row).toFloatArray(); // (1, 1, V)
                System.arraycopy(last, 0, logits, b * vocab, vocab);
            }
            cache.stackLeftPadded(rows, promptLength);
        }
        return logits;
    }

    /**
     * A manager for one step with the model's arrays attached, so all the step computes dies when it
     * closes and the arrays go back to their own managers (docs/djl-pitfalls.md #2).
     */
    private static NDManager stepManager(NDManager request, List<NDArray> weights) {
        NDManager step = request.newSubManager();
        for (NDArray w : weights) w.tempAttach(step);
        return step;
    }

    /** The text before the first stop string, or null when none occurs. */
    private static String cutAtStop(String text, GenerationConfig config) {
        int cut = -1;
        for (String stop : config.stopStrings()) {
            int i = text.indexOf(stop);
            if (i >= 0 && (cut < 0 || i < cut)) cut = i;
        }
        return cut < 0 ? null : text.substring(0, cut);
    }

    /**
     * The live rows without those that just finished; their keys and values leave the cache too, so a
     * finished row costs no more computation (each row is computed on its own, so the others' tokens do
     * not change).
     */
    private static int[] dropFinished(int[] live, String[] finish, KvCache cache) {
        int[] kept = Arrays.stream(live).filter(b -> finish[b] == null).toArray();
        if (kept.length < live.length && kept.length > 0 && cache != null) {
            long[] at = new long[kept.length]; // positions in the current batch
            for (int i = 0, k = 0; i < live.length; i++) if (finish[live[i]] == null) at[k++] = i;
            cache.keepRows(at);
        }
        return kept;
    }

    /** Each live row's token at {@code column}. */
    private static long[] column(long[][] rows, int[] live, int column) {
        long[] out = new long[live.length];
        for (int i = 0; i < live.length; i++) out[i] = rows[live[i]][column];
        return out;
    }

    private static long[][] columns(long[][] rows, int[] live, int from, int to) {
        long[][] out = new long[live.length][];
        for (int i = 0; i < live.length; i++) out[i] = Arrays.copyOfRange(rows[live[i]], from, to);
        return out;
    }

    /** Position of each column counted from the row's first real token (0 on padding). */
    private static long[][] positions(int[] padding, int[] live, int from, int to) {
        long[][] out = new long[live.length][to - from];
        for (int i = 0; i < live.length; i++) {
            for (int c = from; c < to; c++) out[i][c - from] = Math.max(0, c - padding[live[i]]);
        }
        return out;
    }

    private static long[] toArray(List<Long> list) {
        return list.stream().mapToLong(Long::longValue).toArray();
    }
}
