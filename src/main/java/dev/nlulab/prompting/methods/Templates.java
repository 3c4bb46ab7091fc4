package dev.nlulab.prompting.methods;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The prompt texts a student may rewrite: how a question is asked, how a demonstration is written, and
 * the chain-of-thought trigger. Slots are names in braces; each template has the slots it must use and
 * may use no others, so a typo ({questoin}) is refused before a job is queued, not found in its output.
 *
 * @param question   asks one question, e.g. {@code Q: {question}\nA:}; slot {question} (required)
 * @param demo       one worked demonstration; slots {question}, {rationale}, {answer} (all required)
 * @param cotTrigger the words after the question that start the reasoning, e.g. "Let's think step by step."; no slots
 */
public record Templates(String question, String demo, String cotTrigger) {
    public static final Templates DEFAULT = new Templates("Q: {question}\nA:",
            "Q: {question}\nA: {rationale} The answer is {answer}.", "Let's think step by step.");
    /** Between two demonstrations, and between the last one and the question (the references' ".\n\n"). */
    public static final String DEMO_SEPARATOR = "\n\n";

    private static final Pattern SLOT = Pattern.compile("\\{([^{}]*)}");
    private static final Map<String, List<String>> SLOTS = Map.of(
            "question_template", List.of("question"),
            "demo_template", List.of("question", "rationale", "answer"),
            "cot_trigger", List.of());

    /** A template that cannot be used: its field and what is wrong. */
    public record Problem(String field, String message) {}

    /** Everything wrong with the three templates; empty when they can be used. */
    public List<Problem> problems() {
        List<Problem> out = new ArrayList<>();
        check(out, "question_template", question);
        check(out, "demo_template", demo);
        check(out, "cot_trigger", cotTrigger);
        return out;
    }

    private static void check(List<Problem> out, String field, String template) {
        List<String> allowed = SLOTS.get(field);
        if (template == null || template.isBlank()) {
            out.add(new Problem(field, "is empty"));
            return;
        }
        Set<String> used = new LinkedHashSet<>();
        Matcher m = SLOT.matcher(template);
        while (m.find()) used.add(m.group(1));
        for (String slot : used) {
            if (!allowed.contains(slot)) {
                out.add(new Problem(field, "has the unknown slot {" + slot + "}" + (allowed.isEmpty()
                        ? "; it takes no slots" : "; its slots are " + braces(allowed))));
            }
        }
        List<String> missing = allowed.stream().filter(s -> !used.contains(s)).toList();
        if (!missing.isEmpty()) out.add(new Problem(field, "must use the slot" + (missing.size() > 1 ? "s " : " ") + braces(missing)));
        String rest = SLOT.matcher(template).replaceAll("");
        if (rest.contains("{") || rest.contains("}")) out.add(new Problem(field, "has a brace that is not part of a slot such as {question}"));
    }

    private static String braces(List<String> slots) {
        return String.join(", ", slots.stream().map(s -> "{" + s + "}").toList());
    }

    /** The question asked, e.g. "Q: ...\nA:". */
    public String question(String questionText) {
        return question.replace("{question}", questionText);
    }

    /** One demonstration, e.g. "Q: ...\nA: <rationale> The answer is X.". */
    public String demo(Demo d) {
        // one pass over the slots, so a rationale that happens to contain "{answer}" stays as it is
        Matcher m = SLOT.matcher(demo);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String value = switch (m.group(1)) {
                case "question" -> d.question();
                case "rationale" -> d.rationale();
                default -> d.answer();
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    /** The demonstrations, each followed by a blank line, then the question; with the trigger after it if asked. */
    public String withDemos(List<Demo> demos, String questionText, boolean trigger) {
        StringBuilder sb = new StringBuilder();
        for (Demo d : demos) sb.append(demo(d)).append(DEMO_SEPARATOR);
        sb.append(question(questionText));
        if (trigger) sb.append(' ').append(cotTrigger);
        return sb.toString();
    }
}
