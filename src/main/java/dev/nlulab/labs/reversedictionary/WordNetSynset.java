package dev.nlulab.labs.reversedictionary;

import java.util.ArrayList;
import java.util.List;

/**
 * One line of a WordNet 3.0 {@code data.*} file: {@code offset lex_filenum ss_type w_cnt(hex)
 * [word lex_id(hex)]... p_cnt(3 digits) [symbol offset pos source/target]... [frames] | gloss}.
 * Words keep WordNet's spelling (underscores for spaces, adjective markers such as "(a)" removed).
 */
public record WordNetSynset(long offset, int lexFile, char type, List<String> words, List<Pointer> pointers,
                            String definition, List<String> examples) {

    /** A relation to another synset ({@code @} hypernym, {@code @i} instance hypernym, {@code ~} hyponym...). */
    public record Pointer(String symbol, long offset, char pos) {}

    /** The synset's part of speech as in index files: 'n', 'v', 'a' (satellites 's' included), 'r'. */
    public char pos() {
        return type == 's' ? 'a' : type;
    }

    /** Parses one data line; header lines (starting with spaces) are not synsets. */
    public static WordNetSynset parse(String line) {
        int bar = line.indexOf(" | ");
        if (line.startsWith("  ") || bar < 0) throw new IllegalArgumentException("not a WordNet synset line: " + abbreviate(line));
        String[] f = line.substring(0, bar).trim().split(" ");
        int i = 0;
        long offset = Long.parseLong(f[i++]);
        int lexFile = Integer.parseInt(f[i++]);
        char type = f[i++].charAt(0);
        int wordCount = Integer.parseInt(f[i++], 16);
        List<String> words = new ArrayList<>(wordCount);
        for (int w = 0; w < wordCount; w++) {
            String word = f[i];
            words.add(word.endsWith(")") ? word.substring(0, word.lastIndexOf('(')) : word); // drop an adjective marker like "(a)"
            i += 2; // the word, then its lex_id
        }
        int pointerCount = Integer.parseInt(f[i++]);
        List<Pointer> pointers = new ArrayList<>(pointerCount);
        for (int p = 0; p < pointerCount; p++) {
            pointers.add(new Pointer(f[i], Long.parseLong(f[i + 1]), f[i + 2].charAt(0)));
            i += 4;
        }
        String[] gloss = splitGloss(line.substring(bar + 3).trim());
        List<String> examples = new ArrayList<>();
        for (int e = 1; e < gloss.length; e++) examples.add(gloss[e]);
        return new WordNetSynset(offset, lexFile, type, List.copyOf(words), List.copyOf(pointers), gloss[0], List.copyOf(examples));
    }

    /** {definition, example...}: the definition is the text before the first quoted example. */
    static String[] splitGloss(String gloss) {
        int quote = gloss.indexOf('"');
        String definition = (quote < 0 ? gloss : gloss.substring(0, quote)).trim();
        while (definition.endsWith(";")) definition = definition.substring(0, definition.length() - 1).trim();
        List<String> parts = new ArrayList<>();
        parts.add(definition);
        while (quote >= 0) {
            int end = gloss.indexOf('"', quote + 1);
            if (end < 0) break;
            String example = gloss.substring(quote + 1, end).trim();
            if (!example.isEmpty()) parts.add(example);
            quote = gloss.indexOf('"', end + 1);
        }
        return parts.toArray(String[]::new);
    }

    private static String abbreviate(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
