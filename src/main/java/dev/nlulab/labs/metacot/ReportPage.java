package dev.nlulab.labs.metacot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.JobFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What the report page of a prompting or sorting job shows, read from the job's artefacts (report.json and
 * questions.jsonl or graphs.jsonl) into rows a template can print: the summary, the accuracy tables, the
 * identification confusion matrix, and one page of questions (or problems) with every call's exact prompt and
 * completion (or every operation's thoughts).
 */
public final class ReportPage {
    /** Questions per page; sorting problems per page. */
    static final int QUESTIONS = 40, PROBLEMS = 4;

    public record Figure(String label, String value) {}

    public record AccuracyRow(String name, String scenario, boolean ood, long questions, long correct, String accuracy) {}

    public record ConfusionRow(String scenario, List<Long> counts) {}

    public record Call(String stage, String prompt, String completion, String tokens, String error) {}

    public record QuestionRow(String id, String split, String question, String scenario, String dataset, String decidedBy,
                              String answer, String gold, Boolean correct, List<Call> calls) {}

    public record ThoughtRow(String current, String sublist, String score, String solved, String prompt, String response) {}

    public record OperationRow(int index, String type, String after, List<ThoughtRow> thoughts) {}

    public record ProblemRow(String id, String split, String digits, String finalList, int error, List<OperationRow> operations) {}

    /** A page of rows and where the neighbouring pages are. */
    public record Paged<T>(List<T> rows, int page, int pages, long total) {}

    private ReportPage() {
    }

    /** The report.json of a finished job, or null while there is none. */
    public static JsonNode report(Path artefacts) {
        Path f = artefacts.resolve(PromptingReport.REPORT);
        if (!Files.isRegularFile(f)) return null;
        try {
            return MetaCotData.JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    public static List<Figure> summary(JsonNode r) {
        List<Figure> out = new ArrayList<>();
        JsonNode u = r.path("usage");
        if (r.path("kind").asText().equals(PromptingSpec.KIND)) {
            out.add(new Figure("Method", r.path("method").asText() + " (" + r.path("identification").asText() + " identification)"));
            out.add(new Figure("Dev accuracy", percent(r.path("accuracy").path("overall").asDouble()) + " of " + r.path("dev_questions").asInt()
                    + " questions (in distribution " + percent(r.path("accuracy").path("in_distribution").asDouble()) + ")"));
            if (r.path("accuracy").has("one_stage_reading")) {
                out.add(new Figure("Read from the reasoning alone", percent(r.path("accuracy").path("one_stage_reading").asDouble())));
            }
            JsonNode id = r.path("identification_report");
            out.add(new Figure("Scenario identified (dev)", percent(id.path("dev_scenario_accuracy").asDouble())));
            JsonNode d = id.path("decided_by");
            out.add(new Figure("Decided by", "first try " + d.path("first_try").asLong() + ", retry " + d.path("retry").asLong()
                    + ", fallback " + d.path("fallback").asLong() + ", centroid " + d.path("centroid").asLong()));
            out.add(new Figure("No answer", r.path("no_answer_dev").asLong() + " dev, " + r.path("no_answer_test").asLong() + " test"));
            out.add(new Figure("Per question", u.path("calls_per_question").asDouble() + " LLM calls, " + u.path("tokens_per_question").asLong() + " tokens"));
        } else {
            out.add(new Figure("Plan", r.path("plan").asText()));
            JsonNode dev = r.path("dev");
            out.add(new Figure("Dev solved", dev.path("solved").asLong() + " of " + dev.path("problems").asLong()
                    + ", mean error " + String.format(Locale.ROOT, "%.2f", dev.path("mean_error").asDouble())));
            out.add(new Figure("Per problem", u.path("calls_per_problem").asDouble() + " LLM calls"));
        }
        out.add(new Figure("Model", r.path("model").asText()));
        out.add(new Figure("LLM calls", u.path("calls").asLong() + " (" + u.path("prompt_tokens").asLong() + " prompt and "
                + u.path("completion_tokens").asLong() + " new tokens)"));
        JsonNode s = r.path("seconds");
        out.add(new Figure("Time", (s.isObject() ? s.path("total").asDouble() : s.asDouble()) + " s"));
        return out;
    }

    /** Accuracy on dev per data set ({@code by_dataset}) or per scenario ({@code by_scenario}). */
    public static List<AccuracyRow> accuracy(JsonNode r, String by) {
        List<AccuracyRow> out = new ArrayList<>();
        for (JsonNode n : r.path("accuracy").path(by)) {
            out.add(new AccuracyRow(n.has("dataset") ? n.path("dataset").asText() : n.path("scenario").asText(), n.path("scenario").asText(),
                    n.path("ood").asBoolean(false), n.path("questions").asLong(), n.path("correct").asLong(), percent(n.path("accuracy").asDouble())));
        }
        return out;
    }

    public static List<String> confusionColumns(JsonNode r) {
        List<String> out = new ArrayList<>();
        r.path("identification_report").path("columns").forEach(c -> out.add(c.asText()));
        return out;
    }

    public static List<ConfusionRow> confusion(JsonNode r) {
        List<ConfusionRow> out = new ArrayList<>();
        for (JsonNode n : r.path("identification_report").path("confusion")) {
            List<Long> counts = new ArrayList<>();
            n.path("counts").forEach(c -> counts.add(c.asLong()));
            out.add(new ConfusionRow(n.path("scenario").asText(), counts));
        }
        return out;
    }

    /** One page of questions.jsonl, of one split ("dev", "test") or both (null). */
    public static Paged<QuestionRow> questions(Path artefacts, String split, int page) {
        return paged(artefacts.resolve(PromptingReport.QUESTIONS), split, page, QUESTIONS, ReportPage::question);
    }

    /** One page of graphs.jsonl. */
    public static Paged<ProblemRow> problems(Path artefacts, String split, int page) {
        return paged(artefacts.resolve(SortingJobKind.GRAPHS), split, page, PROBLEMS, ReportPage::problem);
    }

    private static <T> Paged<T> paged(Path file, String split, int page, int size, java.util.function.Function<JsonNode, T> row) {
        if (!Files.isRegularFile(file)) return new Paged<>(List.of(), 1, 1, 0);
        List<T> rows = new ArrayList<>();
        long total = 0;
        int from = (Math.max(1, page) - 1) * size;
        try (Stream<String> lines = Files.lines(file)) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isBlank()) continue;
                JsonNode n = MetaCotData.JSON.readTree(line);
                if (split != null && !split.equals(n.path("split").asText())) continue;
                if (total >= from && rows.size() < size) rows.add(row.apply(n));
                total++;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        int pages = (int) Math.max(1, (total + size - 1) / size);
        return new Paged<>(rows, Math.min(Math.max(1, page), pages), pages, total);
    }

    private static QuestionRow question(JsonNode n) {
        List<Call> calls = new ArrayList<>();
        for (JsonNode c : n.path("calls")) {
            calls.add(new Call(c.path("stage").asText(), c.path("prompt").asText(), c.path("completion").asText(),
                    c.path("prompt_tokens").asInt() + " + " + c.path("completion_tokens").asInt() + " tokens"
                            + (c.has("finish") ? ", " + c.path("finish").asText().toLowerCase(Locale.ROOT) : ""),
                    c.has("error") ? c.path("error").asText() : null));
        }
        JsonNode id = n.path("identified");
        return new QuestionRow(n.path("id").asText(), n.path("split").asText(), n.path("question").asText(), id.path("scenario").asText(),
                id.path("dataset").asText(""), id.path("decided_by").asText().replace('_', ' '), n.path("answer").asText(),
                n.has("gold") ? n.path("gold").asText() : null, n.has("correct") ? n.path("correct").asBoolean() : null, calls);
    }

    private static ProblemRow problem(JsonNode n) {
        List<OperationRow> ops = new ArrayList<>();
        for (JsonNode o : n.path("operations")) {
            List<String> after = new ArrayList<>();
            o.path("after").forEach(a -> after.add("#" + a.asInt()));
            List<ThoughtRow> thoughts = new ArrayList<>();
            for (JsonNode t : o.path("thoughts")) {
                JsonNode s = t.path("state");
                thoughts.add(new ThoughtRow(s.path("current").asText(""), s.path("unsorted_sublist").asText(""),
                        t.has("score") ? String.format(Locale.ROOT, "%.0f", t.path("score").asDouble()) : "",
                        t.has("solved") ? (t.path("solved").asBoolean() ? "yes" : "no") : "",
                        t.has("prompt") ? t.path("prompt").asText() : null, t.has("response") ? t.path("response").asText() : null));
            }
            ops.add(new OperationRow(o.path("index").asInt(), o.path("type").asText(), String.join(", ", after), thoughts));
        }
        return new ProblemRow(n.path("id").asText(), n.path("split").asText(), n.path("digits").asText(), n.path("final").asText(),
                n.path("error").asInt(), ops);
    }

    private static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** The model a template needs for one page of a report. */
    public static Map<String, Object> model(JsonNode r, Path artefacts, String split, int page) {
        Map<String, Object> m = new java.util.HashMap<>();
        m.put("summary", summary(r));
        boolean prompting = r.path("kind").asText().equals(PromptingSpec.KIND);
        m.put("prompting", prompting);
        m.put("split", split == null ? "" : split);
        if (prompting) {
            m.put("byDataset", accuracy(r, "by_dataset"));
            m.put("byScenario", accuracy(r, "by_scenario"));
            m.put("columns", confusionColumns(r));
            m.put("confusion", confusion(r));
            m.put("questions", questions(artefacts, split, page));
        } else {
            m.put("problems", problems(artefacts, split, page));
        }
        return m;
    }
}
