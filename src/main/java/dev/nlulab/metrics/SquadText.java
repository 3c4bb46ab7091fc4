package dev.nlulab.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * SQuAD's answer normalization: lower-case, drop punctuation, drop the articles a/an/the, collapse spaces.
 * Spaces are every character Python's {@code str.split()} splits at (a no-break space too), as in the
 * official script's {@code ' '.join(text.split())}.
 */
final class SquadText {
    private static final Pattern PUNCT = Pattern.compile("\\p{Punct}");
    private static final Pattern ARTICLES = Pattern.compile("\\b(a|an|the)\\b");
    /** Python's str.split(): Unicode White_Space plus the information separators U+001C..U+001F. */
    private static final Pattern SPACES = Pattern.compile("[\\p{IsWhite_Space}\\x1c-\\x1f]+");

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
