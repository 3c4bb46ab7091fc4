package dev.nlulab.labs.reversedictionary;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.Item;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.Query;
import dev.nlulab.labs.reversedictionary.ReverseDictionaryBuilder.WordInfo;
import dev.nlulab.retrieval.Bm25Index;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reverse-dictionary baseline over the lab's public files only, what a student could run: one BM25
 * document per candidate word, holding what is publicly known about the word (definitions of its train
 * senses, their examples, its hypernyms, its senses in other parts of speech), matched against a query
 * definition. Never index a test definition: that would be the answer.
 */
public final class ReverseDictionaryBaseline {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReverseDictionaryBaseline() {}

    /** One text per candidate word: its side text, and the definitions and examples of the given labelled items. */
    public static Map<String, String> documents(List<WordInfo> words, List<List<Item>> labelled) {
        Map<String, StringBuilder> text = new TreeMap<>();
        for (WordInfo w : words) {
            StringBuilder sb = text.computeIfAbsent(w.word(), k -> new StringBuilder());
            w.hypernyms().forEach(h -> sb.append(h).append(" . "));
            w.otherSenses().forEach(s -> sb.append(s).append(" . "));
        }
        for (List<Item> items : labelled) {
            for (Item item : items) {
                for (String word : item.words()) {
                    StringBuilder sb = text.computeIfAbsent(word, k -> new StringBuilder());
                    sb.append(item.definition()).append(" . ");
                    item.examples().forEach(e -> sb.append(e).append(" . "));
                }
            }
        }
        Map<String, String> out = new TreeMap<>();
        text.forEach((w, sb) -> out.put(w, sb.toString()));
        return out;
    }

    /**
     * The top-k ranking of every query, in query order; a query that matches fewer than k words is
     * filled up from {@code prior} (so every ranking is complete and the file is gradable).
     */
    public static List<List<String>> rankAll(Bm25Index index, List<String> definitions, int k, List<String> prior) {
        List<List<String>> out = new ArrayList<>(definitions.size());
        for (String d : definitions) {
            List<String> ranked = new ArrayList<>(index.rank(d, k));
            for (int i = 0; i < prior.size() && ranked.size() < k; i++) if (!ranked.contains(prior.get(i))) ranked.add(prior.get(i));
            out.add(ranked);
        }
        return out;
    }

    /** Words by how many labelled definitions they answer, most first: the guess when nothing matches. */
    public static List<String> prior(List<List<Item>> labelled) {
        Map<String, Integer> counts = new TreeMap<>();
        for (List<Item> items : labelled) for (Item item : items) for (String w : item.words()) counts.merge(w, 1, Integer::sum);
        List<String> words = new ArrayList<>(counts.keySet());
        words.sort((a, b) -> counts.get(b) - counts.get(a));
        return words;
    }

    public static List<Item> items(Path file) throws IOException {
        return read(file, Item.class);
    }

    public static List<Query> queries(Path file) throws IOException {
        return read(file, Query.class);
    }

    public static List<WordInfo> words(Path file) throws IOException {
        return read(file, WordInfo.class);
    }

    private static <T> List<T> read(Path file, Class<T> type) throws IOException {
        List<T> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) if (!line.isBlank()) out.add(JSON.readValue(line, type));
        }
        return out;
    }
}
