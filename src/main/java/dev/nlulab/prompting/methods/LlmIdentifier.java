package dev.nlulab.prompting.methods;

import dev.nlulab.prompting.Llm;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.tasks.Scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * Meta-CoT's phase 1: the LLM names each question's scenario after one demonstration per scenario, greedily;
 * the answer is cleaned up ({@link ScenarioLabels#clean}); a question it leaves undefined is asked once more
 * with the list of the six options; one still undefined gets a random scenario (seeded), so every question
 * goes on. Both asks run batched over all questions.
 */
public final class LlmIdentifier implements ScenarioIdentifier {
    /** New tokens for a scenario label, as the reference allows. */
    public static final int MAX_TOKENS = 32;

    /** How the question is put. */
    public enum Style {
        /** "Q: question\nScenario:", the same shape as the demonstrations (the course's default). */
        SCENARIO,
        /** The reference code's "question\nType: ", without "Q: ", although its demonstrations have it. */
        TYPE
    }

    /** One identification demonstration: a question and its scenario. */
    public record Example(String question, Scenario scenario) {}

    private final Llm llm;
    private final String demoBlock;
    private final Style style;
    private final long fallbackSeed;

    /** {@code examples}: one per scenario, in the order they are shown. */
    public LlmIdentifier(Llm llm, List<Example> examples, Style style, long fallbackSeed) {
        this.llm = llm;
        this.style = style;
        this.fallbackSeed = fallbackSeed;
        StringBuilder sb = new StringBuilder();
        for (Example e : examples) {
            sb.append("Q: ").append(e.question()).append("\nScenario: ").append(e.scenario().label()).append(Templates.DEMO_SEPARATOR);
        }
        this.demoBlock = sb.toString();
    }

    /** The first ask for one question. */
    public String prompt(String question) {
        return style == Style.TYPE ? demoBlock + question + "\nType: " : demoBlock + "Q: " + question + "\nScenario:";
    }

    /** The second ask, with the options listed. */
    public String retryPrompt(String question) {
        String options = "(choosing from " + ScenarioLabels.options() + ")";
        return style == Style.TYPE ? demoBlock + question + "\nType " + options + ": "
                : demoBlock + "Q: " + question + "\nScenario " + options + ":";
    }

    @Override
    public boolean namesDatasets() {
        return false;
    }

    @Override
    public List<Identification> identify(List<Question> questions) {
        List<LlmCall> first = llm.greedy("identify", questions.stream().map(q -> prompt(q.text())).toList(), MAX_TOKENS);
        List<Integer> undefined = new ArrayList<>();
        for (int i = 0; i < questions.size(); i++) {
            if (ScenarioLabels.clean(first.get(i).completion()).isEmpty()) undefined.add(i);
        }
        List<LlmCall> retries = llm.greedy("identify-retry", undefined.stream().map(i -> retryPrompt(questions.get(i).text())).toList(), MAX_TOKENS);
        Random fallback = new Random(fallbackSeed);
        List<Identification> out = new ArrayList<>(questions.size());
        int r = 0;
        for (int i = 0; i < questions.size(); i++) {
            Optional<Scenario> found = ScenarioLabels.clean(first.get(i).completion());
            if (found.isPresent()) {
                out.add(new Identification(Task.of(found.get()), Identification.Decided.FIRST_TRY, List.of(first.get(i))));
                continue;
            }
            LlmCall retry = retries.get(r++);
            found = ScenarioLabels.clean(retry.completion());
            Scenario s = found.orElseGet(() -> ScenarioLabels.SIX.get(fallback.nextInt(ScenarioLabels.SIX.size())));
            out.add(new Identification(Task.of(s), found.isPresent() ? Identification.Decided.RETRY : Identification.Decided.FALLBACK,
                    List.of(first.get(i), retry)));
        }
        return out;
    }
}
