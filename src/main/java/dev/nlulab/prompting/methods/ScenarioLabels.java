package dev.nlulab.prompting.methods;

import dev.nlulab.tasks.Scenario;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta-CoT's six scenarios and the clean-up of what a model answers when asked for one: lower-case the
 * text, take the first category word and the first form word found anywhere, and accept the pair only if
 * it is one of the six (the reference's {@code type_cleansing}).
 */
public final class ScenarioLabels {
    /** The six scenarios of the ten in-distribution data sets, in the order the retry prompt lists them. */
    public static final List<Scenario> SIX = List.of(Scenario.ARITHMETIC_SHORT, Scenario.ARITHMETIC_CHOICE,
            Scenario.COMMONSENSE_CHOICE, Scenario.COMMONSENSE_YES_NO, Scenario.SYMBOLIC_SHORT, Scenario.SYMBOLIC_YES_NO);

    private static final Pattern CATEGORY = Pattern.compile("arithmetic|commonsense|symbolic");
    private static final Pattern FORM = Pattern.compile("multiple-choice|short-answer|yes-no");

    private ScenarioLabels() {
    }

    /** The scenario a response names, or empty when it names none of the six (the reference's UNDEFINED). */
    public static Optional<Scenario> clean(String response) {
        String s = response.strip().toLowerCase(Locale.ROOT);
        Optional<String> category = first(CATEGORY, s), form = first(FORM, s);
        if (category.isEmpty() || form.isEmpty()) return Optional.empty();
        Scenario found = Scenario.parse("<" + category.get() + ", " + form.get() + ">");
        return SIX.contains(found) ? Optional.of(found) : Optional.empty();
    }

    /** "<arithmetic, short-answer>, <arithmetic, multiple-choice>, ...": the retry prompt's list of options. */
    public static String options() {
        return String.join(", ", SIX.stream().map(Scenario::label).toList());
    }

    private static Optional<String> first(Pattern p, String s) {
        Matcher m = p.matcher(s);
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }
}
