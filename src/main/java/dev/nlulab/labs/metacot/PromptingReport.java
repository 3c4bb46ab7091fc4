package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.prompting.LlmCall;
import dev.nlulab.prompting.methods.Answer;
import dev.nlulab.prompting.methods.Demo;
import dev.nlulab.prompting.methods.DemoSelection;
import dev.nlulab.prompting.methods.Identification;
import dev.nlulab.prompting.methods.ScenarioLabels;
import dev.nlulab.tasks.AnswerExtractor;
import dev.nlulab.tasks.Scenario;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A prompting job's report, the files its page reads: {@code report.json} (the run's settings, accuracy on
 * the dev questions per data set and per scenario, the identification confusion matrix, how identification
 * was decided, the demonstrations and how each cluster chose, LLM calls and tokens per stage, time) and
 * {@code questions.jsonl} (every dev and test question with its identification, answer and every LLM call,
 * prompt and completion exactly). Dev questions carry their public labels; test questions never a gold answer.
 */
public final class PromptingReport {
    public static final String REPORT = "report.json", QUESTIONS = "questions.jsonl";

    private PromptingReport() {
    }

    /** Whether an answer is the gold one, as the grader decides (canonical spellings equal). */
    static boolean correct(String answer, String gold) {
        return !answer.isEmpty() && AnswerExtractor.canonical(answer).equals(AnswerExtractor.canonical(gold));
    }

    public static ObjectNode report(PromptingSpec spec, JsonNode rawSpec, String model, PromptingRun.Inputs in,
                                    PromptingRun.Result r, double totalSeconds) {
        ObjectNode n = MetaCotData.JSON.createObjectNode();
        n.put("kind", PromptingSpec.KIND);
        n.put("method", r.method());
        n.put("model", model);
        n.put("backend", spec.backend().inProcess() ? "course" : spec.backend().url());
        n.put("identification", spec.identification());
        n.set("spec", rawSpec);
        ObjectNode time = n.putObject("seconds");
        time.put("total", round(totalSeconds));
        time.put("demonstrations", round(r.poolSeconds()));
        time.put("answers", round(r.answerSeconds()));
        n.put("dev_questions", r.dev().size());
        n.put("test_questions", r.test().size());
        n.put("no_answer_dev", r.dev().stream().filter(a -> a.answer().isEmpty()).count());
        n.put("no_answer_test", r.test().stream().filter(a -> a.answer().isEmpty()).count());
        usage(n.putObject("usage"), r);
        accuracy(n.putObject("accuracy"), in.dev(), r.dev());
        identification(n.putObject("identification_report"), in.dev(), r);
        demos(n.putArray("demonstrations"), r);
        ArrayNode examples = n.putArray("identification_examples");
        r.identificationExamples().forEach(e -> examples.addObject().put("question", e.question()).put("scenario", e.scenario().label()));
        return n;
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    /** Calls and tokens by stage, over the pool and every question; and per question answered. */
    private static void usage(ObjectNode u, PromptingRun.Result r) {
        Map<String, long[]> byStage = new LinkedHashMap<>();
        List<LlmCall> all = new ArrayList<>(r.poolCalls());
        for (Answer a : r.dev()) all.addAll(a.calls());
        for (Answer a : r.test()) all.addAll(a.calls());
        long calls = 0, prompt = 0, completion = 0, refused = 0;
        for (LlmCall c : all) {
            if (!c.answered()) {
                refused++;
                continue;
            }
            long[] s = byStage.computeIfAbsent(c.stage(), k -> new long[3]);
            s[0]++;
            s[1] += c.promptTokens();
            s[2] += c.completionTokens();
            calls++;
            prompt += c.promptTokens();
            completion += c.completionTokens();
        }
        u.put("calls", calls).put("prompt_tokens", prompt).put("completion_tokens", completion).put("refused", refused);
        int questions = r.dev().size() + r.test().size();
        long questionCalls = calls - r.poolCalls().stream().filter(LlmCall::answered).count();
        if (questions > 0) {
            u.put("calls_per_question", Math.round(100.0 * questionCalls / questions) / 100.0);
            u.put("tokens_per_question", Math.round((double) (prompt + completion) / questions));
        }
        ArrayNode stages = u.putArray("by_stage");
        byStage.forEach((stage, s) -> stages.addObject().put("stage", stage).put("calls", s[0]).put("prompt_tokens", s[1]).put("completion_tokens", s[2]));
    }

    /** Accuracy on the dev questions: overall, per data set (in-distribution first), per scenario. */
    private static void accuracy(ObjectNode acc, List<MetaCotData.DevItem> dev, List<Answer> answers) {
        Map<String, int[]> byDataset = new LinkedHashMap<>(), byScenario = new TreeMap<>();
        Map<String, MetaCotData.DevItem> first = new LinkedHashMap<>();
        int right = 0, rightInDistribution = 0, inDistribution = 0, alternative = 0, withAlternative = 0;
        for (int i = 0; i < dev.size(); i++) {
            MetaCotData.DevItem d = dev.get(i);
            Answer a = answers.get(i);
            boolean ok = correct(a.answer(), d.answer());
            first.putIfAbsent(d.dataset(), d);
            tally(byDataset, d.dataset(), ok);
            tally(byScenario, d.scenario(), ok);
            if (ok) right++;
            if (!d.ood()) {
                inDistribution++;
                if (ok) rightInDistribution++;
            }
            if (a.alternative() != null) {
                withAlternative++;
                if (correct(a.alternative(), d.answer())) alternative++;
            }
        }
        acc.put("questions", dev.size());
        acc.put("overall", dev.isEmpty() ? 0 : (double) right / dev.size());
        acc.put("in_distribution", inDistribution == 0 ? 0 : (double) rightInDistribution / inDistribution);
        if (withAlternative > 0) acc.put("one_stage_reading", (double) alternative / withAlternative);
        ArrayNode datasets = acc.putArray("by_dataset");
        byDataset.forEach((ds, c) -> datasets.addObject().put("dataset", ds).put("scenario", first.get(ds).scenario())
                .put("ood", first.get(ds).ood()).put("questions", c[1]).put("correct", c[0]).put("accuracy", (double) c[0] / c[1]));
        ArrayNode scenarios = acc.putArray("by_scenario");
        byScenario.forEach((s, c) -> scenarios.addObject().put("scenario", s).put("questions", c[1]).put("correct", c[0]).put("accuracy", (double) c[0] / c[1]));
    }

    private static void tally(Map<String, int[]> m, String key, boolean ok) {
        int[] c = m.computeIfAbsent(key, k -> new int[2]);
        if (ok) c[0]++;
        c[1]++;
    }

    /**
     * How questions were identified (dev and test: which step decided) and, on dev, against the labels: the
     * confusion matrix of true scenario (rows, the out-of-distribution ⟨commonsense, short-answer⟩ included)
     * by identified scenario (columns), scenario accuracy, and data-set accuracy when the identifier names data sets.
     */
    private static void identification(ObjectNode id, List<MetaCotData.DevItem> dev, PromptingRun.Result r) {
        Map<String, Long> decided = new LinkedHashMap<>();
        for (Identification.Decided d : Identification.Decided.values()) {
            if (d != Identification.Decided.GIVEN) decided.put(d.name().toLowerCase(java.util.Locale.ROOT), 0L); // a lab run identifies; only the live demo is given the task
        }
        List<Answer> all = new ArrayList<>(r.dev());
        all.addAll(r.test());
        for (Answer a : all) decided.merge(a.identification().decidedBy().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
        ObjectNode d = id.putObject("decided_by");
        decided.forEach(d::put);

        List<String> columns = ScenarioLabels.SIX.stream().map(Scenario::label).toList();
        List<String> rows = new ArrayList<>(columns);
        dev.stream().map(MetaCotData.DevItem::scenario).distinct().filter(s -> !rows.contains(s)).forEach(rows::add);
        Map<String, Map<String, Integer>> matrix = new LinkedHashMap<>();
        for (String row : rows) {
            Map<String, Integer> cells = new LinkedHashMap<>();
            columns.forEach(c -> cells.put(c, 0));
            matrix.put(row, cells);
        }
        int scenarioRight = 0, datasetRight = 0, inDistribution = 0, scenarioRightInDistribution = 0;
        boolean datasets = true;
        for (int i = 0; i < dev.size(); i++) {
            MetaCotData.DevItem item = dev.get(i);
            var task = r.dev().get(i).task();
            matrix.get(item.scenario()).merge(task.scenario().label(), 1, Integer::sum);
            boolean ok = task.scenario().label().equals(item.scenario());
            if (ok) scenarioRight++;
            if (!item.ood()) {
                inDistribution++;
                if (ok) scenarioRightInDistribution++;
            }
            if (task.dataset() == null) datasets = false;
            else if (task.dataset().equals(item.dataset())) datasetRight++;
        }
        id.put("dev_scenario_accuracy", dev.isEmpty() ? 0 : (double) scenarioRight / dev.size());
        id.put("dev_scenario_accuracy_in_distribution", inDistribution == 0 ? 0 : (double) scenarioRightInDistribution / inDistribution);
        if (datasets && !dev.isEmpty()) id.put("dev_dataset_accuracy", (double) datasetRight / dev.size());
        ArrayNode cols = id.putArray("columns");
        columns.forEach(cols::add);
        ArrayNode m = id.putArray("confusion");
        matrix.forEach((row, cells) -> {
            ObjectNode line = m.addObject().put("scenario", row);
            ArrayNode counts = line.putArray("counts");
            cells.values().forEach(counts::add);
        });
    }

    private static void demos(ArrayNode out, PromptingRun.Result r) {
        for (PromptingRun.DemoGroup g : r.demos()) {
            ObjectNode n = out.addObject().put("group", g.group()).put("scenario", g.scenario().label()).put("k", g.k())
                    .put("candidates", g.candidates()).put("dropped_for_budget", g.droppedForBudget());
            ArrayNode demos = n.putArray("demos");
            for (Demo d : g.demos()) demos.addObject().put("source", d.source()).put("question", d.question())
                    .put("rationale", d.rationale()).put("answer", d.answer());
            ArrayNode clusters = n.putArray("clusters");
            for (DemoSelection.ClusterChoice c : g.clusters()) {
                ObjectNode cn = clusters.addObject().put("cluster", c.cluster()).put("size", c.size());
                if (c.demo() != null) cn.put("chosen", c.demo().source());
                ArrayNode rejected = cn.putArray("rejected");
                c.rejected().forEach(x -> rejected.addObject().put("id", x.id()).put("reason", x.reason()));
            }
        }
    }

    /** questions.jsonl: dev questions (with their labels and whether the answer is right), then test questions. */
    public static void writeQuestions(Path file, PromptingRun.Inputs in, PromptingRun.Result r) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < r.dev().size(); i++) {
                MetaCotData.DevItem d = in.dev().get(i);
                ObjectNode n = question("dev", r.dev().get(i));
                n.put("dataset", d.dataset()).put("scenario", d.scenario()).put("ood", d.ood()).put("gold", d.answer())
                        .put("correct", correct(r.dev().get(i).answer(), d.answer()));
                w.write(MetaCotData.JSON.writeValueAsString(n));
                w.write('\n');
            }
            for (Answer a : r.test()) {
                w.write(MetaCotData.JSON.writeValueAsString(question("test", a)));
                w.write('\n');
            }
        }
    }

    private static ObjectNode question(String split, Answer a) {
        ObjectNode n = MetaCotData.JSON.createObjectNode();
        n.put("id", a.question().id()).put("split", split).put("question", a.question().text());
        ObjectNode id = n.putObject("identified");
        id.put("scenario", a.task().scenario().label());
        if (a.task().dataset() != null) id.put("dataset", a.task().dataset());
        id.put("decided_by", a.identification().decidedBy().name().toLowerCase(java.util.Locale.ROOT));
        n.put("answer", a.answer());
        if (a.alternative() != null) n.put("one_stage_answer", a.alternative());
        ArrayNode calls = n.putArray("calls");
        for (LlmCall c : a.calls()) {
            ObjectNode cn = calls.addObject().put("stage", c.stage()).put("prompt", c.prompt()).put("completion", c.completion())
                    .put("prompt_tokens", c.promptTokens()).put("completion_tokens", c.completionTokens());
            if (c.finishReason() != null) cn.put("finish", c.finishReason().toString());
            if (c.error() != null) cn.put("error", c.error());
        }
        return n;
    }
}
