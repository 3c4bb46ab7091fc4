package dev.nlulab.prompting.methods;

import dev.nlulab.tasks.Scenario;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The checks a pool question's Zero-Shot-CoT reasoning must pass to become a demonstration (Auto-CoT's and
 * Meta-CoT's): a short question, a short rationale that ends with a period, a non-empty answer, and for
 * some scenarios the answer near the end of the rationale.
 *
 * @param maxWords         whitespace words of "Q: question\nA:" at most (60)
 * @param maxSteps         rationale steps at most (5)
 * @param maxStepsSymbolicShort the same for ⟨symbolic, short-answer⟩, whose letter-by-letter reasoning is longer (7)
 * @param steps            how steps are counted: lines (the reference; the course model writes one line) or sentences
 * @param endsWithPeriod   the rationale ends with "." (drops the ones cut off by the token limit)
 * @param answerNearEnd    scenarios whose answer must appear in the rationale's last sentence or last ten words:
 *                         Meta-CoT ⟨arithmetic, multiple-choice⟩, Auto-CoT ⟨arithmetic, short-answer⟩
 */
public record DemoFilters(int maxWords, int maxSteps, int maxStepsSymbolicShort, StepCount steps, boolean endsWithPeriod,
                          Set<Scenario> answerNearEnd) {
    public enum StepCount { LINES, SENTENCES }

    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+");

    public DemoFilters {
        answerNearEnd = Set.copyOf(answerNearEnd);
    }

    /** Meta-CoT's filters as the reference code applies them, steps counted as {@code steps}. */
    public static DemoFilters metaCot(StepCount steps) {
        return new DemoFilters(60, 5, 7, steps, true, Set.of(Scenario.ARITHMETIC_CHOICE));
    }

    /** Auto-CoT's: the same, with the answer check on arithmetic short answers instead. */
    public static DemoFilters autoCot(StepCount steps) {
        return new DemoFilters(60, 5, 7, steps, true, Set.of(Scenario.ARITHMETIC_SHORT));
    }

    /** Why a candidate fails, or empty when it passes. */
    public Optional<String> reject(Candidate c, Scenario scenario) {
        Optional<String> question = rejectQuestion(c.question());
        if (question.isPresent()) return question;
        int limit = scenario.equals(Scenario.SYMBOLIC_SHORT) ? maxStepsSymbolicShort : maxSteps;
        int n = steps(c.rationale());
        if (n > limit) return Optional.of("rationale of " + n + " " + (steps == StepCount.LINES ? "lines" : "sentences") + " > " + limit);
        if (endsWithPeriod && !c.rationale().strip().endsWith(".")) return Optional.of("rationale does not end with '.'");
        if (c.answer().isEmpty()) return Optional.of("no answer");
        if (answerNearEnd.contains(scenario) && !nearEnd(c.answer(), c.rationale())) {
            return Optional.of("answer " + c.answer() + " not in the rationale's last sentence or last 10 words");
        }
        return Optional.empty();
    }

    /** The check that needs no reasoning (the question's length): a question it rejects is never sent to the LLM. */
    public Optional<String> rejectQuestion(String question) {
        int words = ("Q: " + question + "\nA:").strip().split("\\s+").length;
        return words > maxWords ? Optional.of("question of " + words + " words > " + maxWords) : Optional.empty();
    }

    int steps(String rationale) {
        String r = rationale.strip();
        return steps == StepCount.LINES ? r.replace("\n\n", "\n").split("\n", -1).length : SENTENCE_END.split(r).length;
    }

    /** Python's {@code pred in r.split(".")[-2] or pred in r.split()[-10:]}: a substring of the last sentence, or one of the last ten words. */
    static boolean nearEnd(String answer, String rationale) {
        String[] sentences = rationale.split(Pattern.quote("."), -1);
        if (sentences.length >= 2 && sentences[sentences.length - 2].contains(answer)) return true;
        String[] words = rationale.strip().split("\\s+");
        for (int i = Math.max(0, words.length - 10); i < words.length; i++) {
            if (words[i].equals(answer)) return true;
        }
        return false;
    }
}
