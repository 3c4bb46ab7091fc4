package dev.nlulab.tasks;

import java.util.Locale;

/** The kind of reasoning a question needs: Meta-CoT's first scenario axis. */
public enum Category {
    ARITHMETIC, COMMONSENSE, SYMBOLIC;

    /** The word Meta-CoT prompts use, e.g. "arithmetic". */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
