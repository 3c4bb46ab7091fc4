package dev.nlulab.ml.tokenizer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Trains a byte-level BPE vocabulary (Sennrich et al.; GPT-2's byte-level variant): start from the 256
 * byte symbols, then repeatedly merge the most frequent adjacent pair within pre-tokenized pieces until
 * the vocabulary has the configured size. Ties go to the pair made of earlier tokens, so training is
 * deterministic. Ids: the special tokens first, then the 256 bytes, then the merges in order.
 */
public final class BpeTrainer {
    public static final List<String> SPECIAL_TOKENS = List.of("<s>", "</s>", "<pad>", "<unk>");
    /** The smallest vocabulary: special tokens and one token per byte. */
    public static final int BASE_VOCAB = SPECIAL_TOKENS.size() + 256;

    /** A trained vocabulary: token -> id (in id order) and the merges in the order they were learned. */
    public record Bpe(Map<String, Integer> vocab, List<String[]> merges) {
        public int size() {
            return vocab.size();
        }
    }

    private final int vocabSize;
    private final Map<String, Integer> wordCounts = new HashMap<>();

    public BpeTrainer(int vocabSize) {
        if (vocabSize < BASE_VOCAB) {
            throw new IllegalArgumentException("vocabulary size " + vocabSize + " is below the " + BASE_VOCAB
                    + " that special tokens and bytes need");
        }
        this.vocabSize = vocabSize;
    }

    /** Counts the pieces of one text (a paragraph, a task demonstration, ...). */
    public BpeTrainer add(String text) {
        for (String piece : ByteLevel.pieces(text)) wordCounts.merge(piece, 1, Integer::sum);
        return this;
    }

    public BpeTrainer addAll(Iterable<String> texts) {
        texts.forEach(this::add);
        return this;
    }

    /** Learns merges until the vocabulary is full or no pair occurs twice. */
    public Bpe train() {
        List<String> tokens = new ArrayList<>(SPECIAL_TOKENS);
        Map<Character, Integer> byteIds = new HashMap<>();
        for (int b = 0; b < 256; b++) {
            byteIds.put(ByteLevel.BYTE_TO_CHAR[b], tokens.size());
            tokens.add(String.valueOf(ByteLevel.BYTE_TO_CHAR[b]));
        }
        // Words as symbol ids, with their counts; sorted so that ids and ties never depend on hashing.
        List<String> distinct = new ArrayList<>(wordCounts.keySet());
        distinct.sort(null);
        int[][] words = new int[distinct.size()][];
        int[] counts = new int[distinct.size()];
        for (int w = 0; w < words.length; w++) {
            String word = distinct.get(w);
            words[w] = word.chars().map(c -> byteIds.get((char) c)).toArray();
            counts[w] = wordCounts.get(word);
        }
        Map<Long, Long> pairCounts = new HashMap<>();
        Map<Long, Set<Integer>> pairWords = new HashMap<>();
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[1] != y[1] ? Long.compare(y[1], x[1]) : Long.compare(x[0], y[0]));
        for (int w = 0; w < words.length; w++) count(words[w], w, counts[w], pairCounts, pairWords, null);
        pairCounts.forEach((pair, n) -> queue.add(new long[] {pair, n}));

        List<String[]> merges = new ArrayList<>();
        while (tokens.size() < vocabSize && !queue.isEmpty()) {
            long[] top = queue.poll();
            long pair = top[0];
            Long current = pairCounts.get(pair);
            if (current == null || current != top[1]) continue; // stale entry: the count has changed since
            if (current < 2) break;
            int left = (int) (pair >>> 32), right = (int) pair, merged = tokens.size();
            tokens.add(tokens.get(left) + tokens.get(right));
            merges.add(new String[] {tokens.get(left), tokens.get(right)});
            Set<Long> touched = new HashSet<>();
            for (int w : new ArrayList<>(pairWords.getOrDefault(pair, Set.of()))) {
                count(words[w], w, -counts[w], pairCounts, pairWords, touched);
                words[w] = merge(words[w], left, right, merged);
                count(words[w], w, counts[w], pairCounts, pairWords, touched);
            }
            for (long p : touched) {
                Long n = pairCounts.get(p);
                if (n != null && n > 0) queue.add(new long[] {p, n});
            }
        }
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (int id = 0; id < tokens.size(); id++) vocab.put(tokens.get(id), id);
        return new Bpe(vocab, merges);
    }

    /** Adds {@code delta} occurrences of each adjacent pair of {@code word} (negative to remove them). */
    private static void count(int[] word, int w, int delta, Map<Long, Long> pairCounts,
                              Map<Long, Set<Integer>> pairWords, Set<Long> touched) {
        for (int i = 0; i + 1 < word.length; i++) {
            long pair = ((long) word[i] << 32) | (word[i + 1] & 0xFFFFFFFFL);
            long n = pairCounts.merge(pair, (long) delta, Long::sum);
            if (n <= 0) {
                pairCounts.remove(pair);
                pairWords.remove(pair);
            } else if (delta > 0) {
                pairWords.computeIfAbsent(pair, k -> new HashSet<>()).add(w);
            }
            if (touched != null) touched.add(pair);
        }
    }

    private static int[] merge(int[] word, int left, int right, int merged) {
        int[] out = new int[word.length];
        int n = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == left && word[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = word[i];
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }
}
