package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Fine-tuning runs side by side, read from their job folders: the loss and dev-loss curves on shared
 * steps (for the overlaid charts, and as a table for those who cannot see them), the settings each ran
 * with (defaults filled in, the rows where they differ marked) and what each report measured.
 */
public record CompareView(List<Run> runs, Curves curves, List<Row> settings, List<Row> report, List<TableRow> table) {
    /** Colour-blind-safe colours (Okabe and Ito; their yellow, too pale on white, swapped for a wine red). */
    static final List<String> COLOURS = List.of("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255");
    /** Dash patterns per run, so the curves differ by more than colour. */
    static final List<List<Integer>> DASHES = List.of(List.of(), List.of(8, 4), List.of(2, 3), List.of(10, 3, 2, 3),
            List.of(4, 4), List.of(12, 6), List.of(1, 4), List.of(6, 2, 2, 2));
    /** Rows of the curves' table when no run measured a dev loss (then it samples the steps evenly). */
    private static final int SAMPLED_ROWS = 20;

    /** One run: its job, the colour and dash its curves are drawn in, and the state it is in. */
    public record Run(long id, String owner, String label, String state, String pillClass, String colour, List<Integer> dash) {
        /** The dash as SVG's stroke-dasharray ("none" for a solid line), for the page's key. */
        public String dashArray() {
            return dash.isEmpty() ? "none" : dash.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(" "));
        }
    }

    /** One setting or report figure across the runs; {@code differs} marks a row whose values are not all equal. */
    public record Row(String name, List<String> values, boolean differs) {}

    /** A row of the curves as a table: a step and, per run, its loss and dev loss there ("" where it has none). */
    public record TableRow(long step, List<String> loss, List<String> devLoss) {}

    /** What the charts draw: the steps of every run, and per run its values on them (null where it has none). */
    public record Curves(List<Long> steps, List<List<Double>> loss, List<List<Double>> devLoss) {}

    /** The points a run's metrics.jsonl holds so far. */
    private record Points(Map<Long, Double> loss, Map<Long, Double> devLoss) {}

    static CompareView of(List<Job> jobs, Function<Job, Path> dirs, Function<Job, String> owners) {
        List<Run> runs = new ArrayList<>();
        List<Points> points = new ArrayList<>();
        List<Map<String, String>> settings = new ArrayList<>();
        List<Map<String, String>> reports = new ArrayList<>();
        for (int i = 0; i < jobs.size(); i++) {
            Job j = jobs.get(i);
            Path dir = dirs.apply(j);
            String state = j.state().name().charAt(0) + j.state().name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
            runs.add(new Run(j.id(), owners.apply(j), label(dir), state, "pill state-" + j.state().name().toLowerCase(Locale.ROOT).replace('_', '-'),
                    COLOURS.get(i % COLOURS.size()), DASHES.get(i % DASHES.size())));
            points.add(points(dir));
            settings.add(settings(dir));
            reports.add(report(dir));
        }
        return new CompareView(runs, curves(points), rows(settings, true), rows(reports, false), table(points));
    }

    /** The run's name: its report's label, or the label its spec gives while it runs. */
    static String label(Path jobDir) {
        RunReport r = readReport(jobDir);
        if (r != null) return r.label();
        FineTuneSpec s = spec(jobDir);
        return s == null ? "fine-tuning run" : s.label();
    }

    private static RunReport readReport(Path jobDir) {
        Path f = jobDir.resolve(JobFiles.ARTEFACTS).resolve(RunReport.FILE);
        if (!Files.isRegularFile(f)) return null;
        try {
            return RunReport.read(f);
        } catch (IOException e) {
            return null; // being written, or not a report: shown as not there
        }
    }

    /** The spec as the job ran it, defaults filled in (null when spec.json cannot be read). */
    private static FineTuneSpec spec(Path jobDir) {
        Path f = jobDir.resolve(JobFiles.SPEC);
        if (!Files.isRegularFile(f)) return null;
        JsonNode json = JobFiles.readJson(f);
        Path data = json.hasNonNull("data_dir") ? Path.of(json.get("data_dir").asText()) : null;
        return FineTuneSpec.parse(json.path("spec"), data).spec();
    }

    private static Points points(Path jobDir) {
        Map<Long, Double> loss = new LinkedHashMap<>(), dev = new LinkedHashMap<>();
        for (String line : lines(jobDir.resolve(JobFiles.METRICS))) {
            try {
                JsonNode p = RunReport.JSON.readTree(line);
                if (!p.isObject() || !p.has("step")) continue;
                long step = p.get("step").asLong();
                if (p.has("loss")) loss.put(step, p.get("loss").asDouble());
                if (p.has("eval_loss")) dev.put(step, p.get("eval_loss").asDouble());
            } catch (JsonProcessingException e) {
                // a torn last line of a running job: the next view reads it whole
            }
        }
        return new Points(loss, dev);
    }

    private static List<String> lines(Path file) {
        if (!Files.isRegularFile(file)) return List.of();
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static Curves curves(List<Points> points) {
        TreeSet<Long> steps = new TreeSet<>();
        for (Points p : points) {
            steps.addAll(p.loss.keySet());
            steps.addAll(p.devLoss.keySet());
        }
        List<List<Double>> loss = new ArrayList<>(), dev = new ArrayList<>();
        for (Points p : points) {
            loss.add(steps.stream().map(p.loss::get).toList());
            dev.add(steps.stream().map(p.devLoss::get).toList());
        }
        return new Curves(List.copyOf(steps), loss, dev);
    }

    /** The steps where a dev loss was measured and each run's last step; evenly sampled steps when no run measured one. */
    private static List<TableRow> table(List<Points> points) {
        TreeSet<Long> rows = new TreeSet<>();
        TreeSet<Long> all = new TreeSet<>();
        for (Points p : points) {
            rows.addAll(p.devLoss.keySet());
            all.addAll(p.loss.keySet());
            if (!p.loss.isEmpty()) rows.add(p.loss.keySet().stream().max(Long::compare).orElseThrow());
        }
        if (rows.size() < 2 && all.size() > 1) {
            List<Long> steps = List.copyOf(all);
            int every = Math.max(1, (int) Math.ceil(steps.size() / (double) SAMPLED_ROWS));
            for (int i = 0; i < steps.size(); i += every) rows.add(steps.get(i));
        }
        List<TableRow> out = new ArrayList<>();
        for (long step : rows) {
            out.add(new TableRow(step, points.stream().map(p -> number(p.loss.get(step))).toList(),
                    points.stream().map(p -> number(p.devLoss.get(step))).toList()));
        }
        return out;
    }

    private static String number(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /** The settings a run trained with, in the lab's words; bits and group size only where the deployed model is INT-N. */
    private static Map<String, String> settings(Path jobDir) {
        Map<String, String> m = new LinkedHashMap<>();
        FineTuneSpec s = spec(jobDir);
        if (s == null) return m;
        m.put("Base", s.base());
        m.put("Method", s.method().name().toLowerCase(Locale.ROOT));
        m.put("Bits", s.deploysIntN() ? Integer.toString(s.bits()) : "float");
        m.put("Group size", s.deploysIntN() ? Integer.toString(s.groupSize()) : "-");
        m.put("Quantizer", s.deploysIntN() ? s.quantizer().name().toLowerCase(Locale.ROOT) : "-");
        m.put("Rank", Integer.toString(s.rank()));
        m.put("Alpha", plain(s.alpha()));
        m.put("Dropout", plain(s.dropout()));
        m.put("Targets", String.join(",", s.targets()));
        m.put("Learning rate", plain(s.lr()));
        m.put("Schedule", s.schedule().name().toLowerCase(Locale.ROOT));
        m.put("Warm-up steps", Integer.toString(s.warmup()));
        m.put("Steps", Integer.toString(s.steps()));
        m.put("Batch size", Integer.toString(s.batchSize()));
        m.put("Gradient accumulation", Integer.toString(s.accumulation()));
        m.put("Seed", Long.toString(s.seed()));
        m.put("Data", String.join("+", s.families()));
        m.put("Answer format", s.format().name().toLowerCase(Locale.ROOT));
        m.put("Dev loss every", s.evalEvery() + " steps");
        return m;
    }

    private static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /** What the run's report measured; empty while it runs, or when it ended without one. */
    private static Map<String, String> report(Path jobDir) {
        Map<String, String> m = new LinkedHashMap<>();
        RunReport r = readReport(jobDir);
        if (r == null) return m;
        m.put("Dev accuracy before merging", percent(r.beforeMerge()));
        m.put("Dev accuracy after merging", percent(r.afterMerge()));
        m.put("Merge check: max |logit difference|", String.format(Locale.ROOT, "%.2e (%s)", r.mergeCheck().maxAbsLogitDifference(),
                r.mergeCheck().exact() ? "exact" : "not exact"));
        m.put("Merged weights", String.format(Locale.ROOT, "%.2f MiB", r.size().weightsBytes() / (double) (1 << 20)));
        m.put("Projections vs float32", String.format(Locale.ROOT, "%.2fx", r.size().projectionRatio()));
        m.put("Trainable parameters", String.format(Locale.ROOT, "%,d", r.trainableParameters()));
        m.put("Final loss", String.format(Locale.ROOT, "%.4f", r.finalLoss()));
        m.put("Final dev loss", r.finalEvalLoss() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.finalEvalLoss()));
        m.put("Training time", String.format(Locale.ROOT, "%.1f s (median step %.0f ms)", r.trainSeconds(), r.medianStepMs()));
        if (r.peakRssBytes() > 0) m.put("Peak memory", String.format(Locale.ROOT, "%.0f MiB", r.peakRssBytes() / (double) (1 << 20)));
        return m;
    }

    private static String percent(RunReport.Accuracy a) {
        return a == null ? "-" : String.format(Locale.ROOT, "%.1f%% of %d", 100 * a.all(), a.items());
    }

    /** The rows every run has a value for or not ("-" where one has none); {@code mark}: whether differing rows are marked. */
    private static List<Row> rows(List<Map<String, String>> perRun, boolean mark) {
        List<String> names = new ArrayList<>();
        for (Map<String, String> m : perRun) m.keySet().forEach(k -> { if (!names.contains(k)) names.add(k); });
        List<Row> out = new ArrayList<>();
        for (String name : names) {
            List<String> values = perRun.stream().map(m -> m.getOrDefault(name, "-")).toList();
            out.add(new Row(name, values, mark && values.stream().distinct().count() > 1));
        }
        return out;
    }
}
