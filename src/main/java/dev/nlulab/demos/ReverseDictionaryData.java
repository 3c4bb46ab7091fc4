package dev.nlulab.demos;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * What the bm25 demo searches of the reverse-dictionary lab's public files: each candidate word's public
 * text (the lab baseline's documents), the candidate words, and labelled dev definitions. The wiring reads
 * them from the lab ({@code labs.reversedictionary} is the lab's own package, which only the wiring imports).
 */
public record ReverseDictionaryData(Map<String, String> documents, List<String> candidates, List<Query> dev) {
    /** A dev definition and the words it defines. */
    public record Query(String definition, List<String> words) {}

    /** Reads the data when the demo first needs it; a missing file is {@link java.nio.file.NoSuchFileException}. */
    @FunctionalInterface
    public interface Source {
        ReverseDictionaryData read() throws IOException;
    }
}
