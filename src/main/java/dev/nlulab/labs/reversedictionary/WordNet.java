package dev.nlulab.labs.reversedictionary;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * WordNet 3.0 as Debian's {@code wordnet-base} installs it ({@code /usr/share/wordnet}): the synsets of
 * each part of speech, and for nouns the number of tagged senses of each lemma (a frequency: how often
 * the lemma was seen in the semantic concordance).
 */
public final class WordNet {
    public static final Path DEBIAN_DIR = Path.of("/usr/share/wordnet");

    private final Map<Character, Map<Long, WordNetSynset>> synsets = new HashMap<>();
    private final Map<String, Integer> nounTagCounts;

    private WordNet(Map<String, Integer> nounTagCounts) {
        this.nounTagCounts = nounTagCounts;
    }

    public static WordNet load(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("data.noun"))) {
            throw new IOException("no WordNet at " + dir + " (install the Debian package wordnet-base)");
        }
        WordNet wn = new WordNet(tagCounts(dir.resolve("index.noun")));
        for (String name : List.of("noun", "verb", "adj", "adv")) {
            Path file = dir.resolve("data." + name);
            Map<Long, WordNetSynset> byOffset = new LinkedHashMap<>();
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                String line;
                int n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (line.startsWith("  ")) continue; // licence header
                    try {
                        WordNetSynset s = WordNetSynset.parse(line);
                        byOffset.put(s.offset(), s);
                    } catch (RuntimeException e) {
                        throw new IOException(file + ":" + n + ": cannot parse: " + e.getMessage(), e);
                    }
                }
            }
            wn.synsets.put(name.equals("adv") ? 'r' : name.charAt(0), byOffset);
        }
        return wn;
    }

    /** Lemma -> tagsense_cnt from an index file: {@code lemma pos synset_cnt p_cnt [ptr]... sense_cnt tagsense_cnt offsets...}. */
    static Map<String, Integer> tagCounts(Path index) throws IOException {
        Map<String, Integer> counts = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(index, StandardCharsets.ISO_8859_1)) {
            String line;
            while ((line = r.readLine()) != null) {
                if (line.startsWith("  ")) continue;
                String[] f = line.split(" ");
                int pointerCount = Integer.parseInt(f[3]);
                counts.put(f[0], Integer.parseInt(f[5 + pointerCount]));
            }
        }
        return counts;
    }

    /** The synsets of a part of speech ('n', 'v', 'a', 'r') in file order. */
    public List<WordNetSynset> synsets(char pos) {
        return new ArrayList<>(synsets.get(pos).values());
    }

    public WordNetSynset synset(char pos, long offset) {
        return synsets.get(pos == 's' ? 'a' : pos).get(offset);
    }

    public int nounTagCount(String lemma) {
        return nounTagCounts.getOrDefault(lemma, 0);
    }
}
