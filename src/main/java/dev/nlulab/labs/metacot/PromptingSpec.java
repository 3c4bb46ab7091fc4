package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.prompting.methods.AnswerPrompts;
import dev.nlulab.prompting.methods.DemoFilters;
import dev.nlulab.prompting.methods.LlmIdentifier;
import dev.nlulab.prompting.methods.ScenarioLabels;
import dev.nlulab.prompting.methods.Templates;
import dev.nlulab.tasks.Scenario;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A {@code prompting} job's spec, read and checked field by field (see {@link #read}). Every field has a
 * default, so {@code {}} is a Meta-CoT run on the course model with centroid identification.
 *
 * @param method         zero-shot, zero-shot-cot, few-shot-cot, auto-cot or meta-cot
 * @param identification llm (Meta-CoT's phase 1) or centroid (embeddings; names data sets, which Auto-CoT needs)
 * @param kPerScenario   demonstrations (clusters) per scenario
 * @param demoTokens     the demonstrations of one prompt take at most this many tokens (0: no limit)
 * @param devPerFamily   dev questions per data set answered too, for the report's accuracy tables
 */
public record PromptingSpec(String method, String identification, LlmIdentifier.Style identifyStyle,
                            Map<Scenario, Integer> kPerScenario, int demoTokens, DemoFilters filters, boolean poolTwoStages,
                            Templates templates, AnswerPrompts.Ending zeroShotEnding, int maxTokens, double temperature,
                            long seed, Backend backend, int devPerFamily) {
    public static final String KIND = "prompting";
    public static final List<String> METHODS = List.of("zero-shot", "zero-shot-cot", "few-shot-cot", "auto-cot", "meta-cot");
    /** Meta-CoT's k per scenario (and Auto-CoT's per data set, by the data set's scenario). */
    public static final Map<Scenario, Integer> REFERENCE_K = referenceK();

    /** Where the LLM is: the course model in the job's own process, or an OpenAI-compatible server's /v1. */
    public record Backend(String url, String model) {
        public static final Backend COURSE = new Backend(null, null);
        /** The platform's configured backend ({@code llm.backend}: the course model, or the department's server and its key). */
        public static final Backend PLATFORM = new Backend("server", null);

        public boolean inProcess() {
            return url == null;
        }

        public boolean platform() {
            return PLATFORM.url().equals(url);
        }
    }

    private static Map<Scenario, Integer> referenceK() {
        Map<Scenario, Integer> k = new LinkedHashMap<>();
        k.put(Scenario.ARITHMETIC_SHORT, 8);
        k.put(Scenario.ARITHMETIC_CHOICE, 4);
        k.put(Scenario.COMMONSENSE_CHOICE, 7);
        k.put(Scenario.COMMONSENSE_YES_NO, 6);
        k.put(Scenario.SYMBOLIC_SHORT, 4);
        k.put(Scenario.SYMBOLIC_YES_NO, 8);
        return java.util.Collections.unmodifiableMap(k);
    }

    /** The spec's typed values; every problem is added to {@code check} (then the values are not to be used). */
    public static PromptingSpec read(JsonNode spec, SpecCheck check) {
        SpecFields f = new SpecFields(spec, check);
        String method = f.choice("method", METHODS, "meta-cot");
        // centroid by default: the course model never learnt to name scenarios (docs/metacot-lab.md, measured on dev)
        String identification = f.choice("identification", List.of("centroid", "llm"), "centroid");
        LlmIdentifier.Style style = LlmIdentifier.Style.valueOf(f.choice("identify_prompt", List.of("scenario", "type"), "scenario").toUpperCase(Locale.ROOT));
        Map<Scenario, Integer> k = k(f, f.text("k", "reference"));
        int demoTokens = f.integer("demo_tokens", 0, 1000, 320);
        DemoFilters.StepCount steps = DemoFilters.StepCount.valueOf(f.choice("step_count", List.of("sentences", "lines"), "sentences").toUpperCase(Locale.ROOT));
        int maxWords = f.integer("max_words", 1, 1000, 60);
        int maxSteps = f.integer("max_steps", 1, 100, 5);
        int maxStepsSymbolic = f.integer("max_steps_symbolic", 1, 100, 7);
        boolean period = f.bool("ends_with_period", true);
        boolean nearEnd = f.bool("answer_near_end", true);
        Set<Scenario> nearEndFor = !nearEnd ? Set.of()
                : method.equals("auto-cot") ? Set.of(Scenario.ARITHMETIC_SHORT) : Set.of(Scenario.ARITHMETIC_CHOICE);
        boolean twoStages = f.integer("pool_stages", 1, 2, 1) == 2;
        Templates t = new Templates(lineBreaks(f.text("question_template", Templates.DEFAULT.question())),
                lineBreaks(f.text("demo_template", Templates.DEFAULT.demo())), lineBreaks(f.text("cot_trigger", Templates.DEFAULT.cotTrigger())));
        // one message per field: a form shows one beside each field
        Map<String, List<String>> byField = new LinkedHashMap<>();
        for (Templates.Problem p : t.problems()) byField.computeIfAbsent(p.field(), x -> new java.util.ArrayList<>()).add(p.message());
        byField.forEach((field, messages) -> f.problem(field, String.join("; ", messages)));
        AnswerPrompts.Ending ending = AnswerPrompts.Ending.valueOf(f.choice("zero_shot_ending", List.of("course", "reference"), "course").toUpperCase(Locale.ROOT));
        int maxTokens = f.integer("max_tokens", 16, 256, 160);
        double temperature = f.number("temperature", 0, 2, 0);
        long seed = f.longValue("seed", 1);
        Backend backend = backend(f, f.text("backend", "course"), f.text("model", ""));
        int devPerFamily = f.integer("dev_per_family", 0, 100, 5);
        f.noOthers(KIND);
        if (method.equals("auto-cot") && identification.equals("llm")) {
            f.problem("identification", "Auto-CoT picks demonstrations per data set and an LLM names only the scenario:"
                    + " choose centroid, which names the data set");
        }
        return new PromptingSpec(method, identification, style, k, demoTokens,
                new DemoFilters(maxWords, maxSteps, maxStepsSymbolic, steps, period, nearEndFor), twoStages, t, ending,
                maxTokens, temperature, seed, backend, devPerFamily);
    }

    /** A template typed on one line (a form's text field): the two characters \\n stand for a line break. */
    static String lineBreaks(String template) {
        return template.replace("\\n", "\n");
    }

    /** "reference" (the paper's table), one number for every scenario, or six numbers in the scenarios' order. */
    static Map<Scenario, Integer> k(SpecFields f, String text) {
        String s = text.strip();
        if (s.equalsIgnoreCase("reference")) return REFERENCE_K;
        String[] parts = s.split("\\s*,\\s*");
        if (parts.length != 1 && parts.length != ScenarioLabels.SIX.size()) {
            f.problem("k", "must be 'reference', one number, or six numbers separated by commas (for "
                    + ScenarioLabels.options() + "), was '" + text + "'");
            return REFERENCE_K;
        }
        Map<Scenario, Integer> k = new LinkedHashMap<>();
        for (int i = 0; i < ScenarioLabels.SIX.size(); i++) {
            String part = parts[parts.length == 1 ? 0 : i];
            int n;
            try {
                n = Integer.parseInt(part);
            } catch (NumberFormatException e) {
                f.problem("k", "'" + part + "' is not a whole number");
                return REFERENCE_K;
            }
            if (n < 1 || n > 16) {
                f.problem("k", "each k must be between 1 and 16, was " + n);
                return REFERENCE_K;
            }
            k.put(ScenarioLabels.SIX.get(i), n);
        }
        return k;
    }

    static Backend backend(SpecFields f, String backend, String model) {
        if (backend.equals("course") || backend.equals("server")) {
            if (!model.isBlank()) f.problem("model", "names a server's model; the " + backend + " backend brings its own");
            return backend.equals("course") ? Backend.COURSE : Backend.PLATFORM;
        }
        URI uri;
        try {
            uri = URI.create(backend.strip());
        } catch (IllegalArgumentException e) {
            f.problem("backend", "must be 'course', 'server' or the URL of an OpenAI-compatible /v1, e.g. http://localhost:7070/v1; was '" + backend + "'");
            return Backend.COURSE;
        }
        if (uri.getScheme() == null || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getHost() == null) {
            f.problem("backend", "must be 'course', 'server' or an http(s) URL of an OpenAI-compatible /v1, e.g. http://localhost:7070/v1; was '" + backend + "'");
            return Backend.COURSE;
        }
        if (model.isBlank()) f.problem("model", "name the server's model (GET " + backend.replaceAll("/+$", "") + "/models lists them)");
        return new Backend(uri.toString().replaceAll("/+$", ""), model);
    }

    /** The k for a group of this scenario. */
    public int k(Scenario s) {
        return kPerScenario.getOrDefault(s, 8);
    }
}
