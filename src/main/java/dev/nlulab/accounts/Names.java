package dev.nlulab.accounts;

import java.util.regex.Pattern;

/** Display names as others see them: no control characters, no text-direction overrides, single spaces. */
final class Names {
    // C0/C1 controls and the bidirectional embeddings, overrides and isolates, which can reverse what follows
    private static final Pattern INVISIBLE = Pattern.compile("[\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]");

    private Names() {}

    /** Whitespace controls (tab, newline) become spaces; other controls are dropped; runs of spaces become one. */
    static String clean(String name) {
        if (name == null) return "";
        String spaced = name.replaceAll("[\\t\\n\\x0B\\f\\r\\u0085]", " ");
        return INVISIBLE.matcher(spaced).replaceAll("").replaceAll("\\s+", " ").strip();
    }
}
