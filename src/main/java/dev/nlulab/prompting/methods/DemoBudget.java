package dev.nlulab.prompting.methods;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Keeps the first demonstrations (in cluster order) whose text fits a token budget. The course model saw
 * prompts of at most 448 tokens with one to three demonstrations in training, and its window is 1,024
 * positions: eight ~60-token demonstrations plus a question and 256 new tokens would not fit.
 */
public final class DemoBudget {
    private DemoBudget() {
    }

    /** The longest prefix of {@code demos} whose demonstrations, written with their separators, take at most {@code tokens} tokens. */
    public static List<Demo> fit(List<Demo> demos, Templates templates, ToIntFunction<String> counter, int tokens) {
        List<Demo> kept = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        for (Demo d : demos) {
            String next = text + templates.demo(d) + Templates.DEMO_SEPARATOR;
            if (counter.applyAsInt(next) > tokens) break;
            text.setLength(0);
            text.append(next);
            kept.add(d);
        }
        return List.copyOf(kept);
    }
}
