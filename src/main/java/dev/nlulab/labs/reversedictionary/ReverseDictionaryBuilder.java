package dev.nlulab.labs.reversedictionary;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Builds the reverse-dictionary lab from WordNet 3.0, deterministically. An item is a noun synset with at
 * least one single-word lemma that occurs in the semantic concordance (tag count >= 1): the query is the
 * synset's definition (its gloss without examples), the answers its such lemmas. Items are ordered by a
 * hash of their offset; the first {@value #TEST} are the hidden test set, the next {@value #DEV} dev, the
 * rest train. Public files never hold a test definition, a test item's examples, or its answers.
 */
public final class ReverseDictionaryBuilder {
    public static final String LAB_ID = "reverse-dictionary";
    public static final int TEST = 2000;
    public static final int DEV = 1000;
    private static final int OTHER_SENSES = 5;
    private static final Pattern SINGLE_WORD = Pattern.compile("[a-z]+");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A public item: id, query, answers, and example sentences of the synset (train and dev only). */
    public record Item(String id, String definition, List<String> words, List<String> examples) {}

    /** A test query as students get it: no answers, no examples. */
    public record Query(String id, String definition) {}

    /** Public side text of a candidate word: hypernym lemmas of its noun senses, definitions of its other parts of speech. */
    public record WordInfo(String word, List<String> hypernyms, List<String> otherSenses) {}

    /** A line of the hidden key. */
    public record KeyLine(String id, List<String> gold) {}

    /** Everything the lab needs. */
    public record Build(List<String> vocabulary, List<Item> train, List<Item> dev, List<Item> test, List<WordInfo> words) {}

    private final WordNet wordNet;

    public ReverseDictionaryBuilder(WordNet wordNet) {
        this.wordNet = wordNet;
    }

    public Build build() {
        TreeMap<String, Item> byId = new TreeMap<>();
        Map<String, List<WordNetSynset>> sensesOf = new HashMap<>();
        for (WordNetSynset s : wordNet.synsets('n')) {
            List<String> words = new ArrayList<>();
            for (String w : s.words()) {
                String lower = w.toLowerCase(Locale.ROOT);
                if (SINGLE_WORD.matcher(lower).matches() && wordNet.nounTagCount(lower) >= 1 && !words.contains(lower)) words.add(lower);
            }
            if (words.isEmpty() || s.definition().isBlank()) continue;
            String id = "q" + sha256Hex(LAB_ID + "/" + s.offset()).substring(0, 10);
            byId.put(id, new Item(id, s.definition(), List.copyOf(words), s.examples()));
            for (String w : words) sensesOf.computeIfAbsent(w, k -> new ArrayList<>()).add(s);
        }
        List<Item> all = new ArrayList<>(byId.values());
        List<Item> test = all.subList(0, TEST);
        Set<String> testDefinitions = new HashSet<>();
        for (Item t : test) testDefinitions.add(normalize(t.definition()));
        List<Item> dev = new ArrayList<>(), train = new ArrayList<>();
        for (int i = TEST; i < all.size(); i++) {
            Item item = all.get(i);
            if (testDefinitions.contains(normalize(item.definition()))) continue; // the same gloss on another synset
            (i < TEST + DEV ? dev : train).add(item);
        }
        List<String> vocabulary = new ArrayList<>(new TreeSet<>(sensesOf.keySet()));
        return new Build(vocabulary, train, dev, List.copyOf(test), wordInfo(vocabulary, sensesOf, testDefinitions));
    }

    private List<WordInfo> wordInfo(List<String> vocabulary, Map<String, List<WordNetSynset>> sensesOf, Set<String> testDefinitions) {
        Map<String, List<String>> otherSenses = new HashMap<>();
        Set<String> vocab = new HashSet<>(vocabulary);
        for (char pos : new char[] {'v', 'a', 'r'}) {
            for (WordNetSynset s : wordNet.synsets(pos)) {
                if (testDefinitions.contains(normalize(s.definition()))) continue;
                for (String w : s.words()) {
                    String lower = w.toLowerCase(Locale.ROOT);
                    if (!vocab.contains(lower)) continue;
                    List<String> list = otherSenses.computeIfAbsent(lower, k -> new ArrayList<>());
                    if (list.size() < OTHER_SENSES && !list.contains(s.definition())) list.add(s.definition());
                }
            }
        }
        List<WordInfo> out = new ArrayList<>(vocabulary.size());
        for (String w : vocabulary) {
            TreeSet<String> hypernyms = new TreeSet<>();
            for (WordNetSynset s : sensesOf.get(w)) {
                for (WordNetSynset.Pointer p : s.pointers()) {
                    if (!p.symbol().startsWith("@")) continue;
                    for (String h : wordNet.synset(p.pos(), p.offset()).words()) hypernyms.add(h.replace('_', ' ').toLowerCase(Locale.ROOT));
                }
            }
            out.add(new WordInfo(w, List.copyOf(hypernyms), otherSenses.getOrDefault(w, List.of())));
        }
        return out;
    }

    /** Writes the public files to {@code labDir/data/} and the key and grading.yaml to {@code graderDir}. */
    public static void write(Build b, Path labDir, Path graderDir) throws IOException {
        Path data = labDir.resolve("data");
        Files.createDirectories(data);
        Files.createDirectories(graderDir);
        Files.write(data.resolve("vocabulary.txt"), b.vocabulary(), StandardCharsets.UTF_8);
        writeJsonl(data.resolve("train.jsonl"), b.train());
        writeJsonl(data.resolve("dev.jsonl"), b.dev());
        writeJsonl(data.resolve("test.jsonl"), b.test().stream().map(t -> new Query(t.id(), t.definition())).toList());
        writeJsonl(data.resolve("words.jsonl"), b.words());
        writeJsonl(graderDir.resolve("test-key.jsonl"), b.test().stream().map(t -> new KeyLine(t.id(), t.words())).toList());
        Files.writeString(graderDir.resolve("grading.yaml"),
                "# Hidden side of the reverse-dictionary lab: written by `nlulab lab build-reverse-dictionary`.\n"
                        + "exercises:\n  test:\n    key: test-key.jsonl\n  bm25:\n    key: test-key.jsonl\n", StandardCharsets.UTF_8);
    }

    public static <T> void writeJsonl(Path file, List<T> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (T row : rows) {
                w.write(JSON.writeValueAsString(row));
                w.write('\n');
            }
        }
    }

    static String normalize(String definition) {
        return definition.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ").trim();
    }

    private static String sha256Hex(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
