package dev.nlulab.grader;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** SQuAD's answer normalization: lower-case, drop punctuation, drop the articles a/an/the, collapse spaces. */
final class SquadText {
    private static final Pattern PUNCT = Pattern.compile("\\p{Punct}");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    private static final Pattern SPACES = Pattern.compile("\\s+");

    private SquadText() {}

    static String normalize(String s) {
        String t = s.toLowerCase(Locale.ROOT);
        t = PUNCT.matcher(t).replaceAll("");
        t = ARTICLES.matcher(t).replaceAll(" ");
        return SPACES.matcher(t).replaceAll(" ").trim();
    }

    static List<String> tokens(String s) {
        String n = normalize(s);
        return n.isEmpty() ? List.of() : Arrays.asList(n.split(" "));
    }
}
