package dev.nlulab.ml.course;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.ml.course.CourseEval.Method;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Per-family exact-match results, the serving figures, and the quality targets checked
 * against them. Written as eval.json (read back by the model card) and as a Markdown table.
 */
public record EvalReport(List<FamilyResult> families, Map<String, Double> measurements) {
    public static final String LOAD_SECONDS = "load_s", LATENCY_MS = "median_50_token_ms";
    private static final ObjectMapper JSON = new ObjectMapper();

    public EvalReport(List<FamilyResult> families) {
        this(families, Map.of());
    }

    public EvalReport {
        families = List.copyOf(families);
        measurements = Map.copyOf(measurements);
    }

    /** One family: how many of its n test items each method got right. */
    public record FamilyResult(String family, String role, String scenario, int n, Map<Method, Integer> correct) {
        public FamilyResult {
            correct = Map.copyOf(correct);
        }

        public double accuracy(Method method) {
            return n == 0 ? 0 : (double) correct.getOrDefault(method, 0) / n;
        }

        /** The best prompting's accuracy: what the model can do on this family. */
        public double best() {
            double best = 0;
            for (Method m : Method.values()) best = Math.max(best, accuracy(m));
            return best;
        }

        /** The prompting with the best accuracy (the first of equals, in the table's order). */
        public Method bestMethod() {
            Method best = Method.ZERO_SHOT;
            for (Method m : Method.values()) if (accuracy(m) > accuracy(best)) best = m;
            return best;
        }

        public boolean inDistribution() {
            return role.equals("in_distribution");
        }
    }

    /** One quality target of the issue and whether this report meets it. */
    public record Target(String name, String value, boolean met) {
    }

    public EvalReport withMeasurements(Map<String, Double> more) {
        Map<String, Double> all = new LinkedHashMap<>(measurements);
        all.putAll(more);
        return new EvalReport(families, all);
    }

    /** Mean best-prompting accuracy over the in-distribution (pretrained) families. */
    public double averageBest() {
        return families.stream().filter(FamilyResult::inDistribution).mapToDouble(FamilyResult::best).average().orElse(0);
    }

    /** Mean best-prompting accuracy over the in-distribution symbolic families. */
    public double symbolicBest() {
        return families.stream().filter(f -> f.inDistribution() && f.scenario().startsWith("<symbolic"))
                .mapToDouble(FamilyResult::best).average().orElse(0);
    }

    /** In-distribution families where few-shot-CoT beats zero-shot, and how many there are. */
    public int[] fewShotWins() {
        List<FamilyResult> in = families.stream().filter(FamilyResult::inDistribution).toList();
        int wins = (int) in.stream().filter(f -> f.accuracy(Method.FEW_SHOT_COT) > f.accuracy(Method.ZERO_SHOT)).count();
        return new int[] {wins, in.size()};
    }

    /** The targets: average >= 60%, symbolic >= 90%, few-shot-CoT wins on half, load < 2 s, 50 tokens < 300 ms. */
    public List<Target> targets() {
        List<Target> out = new ArrayList<>();
        out.add(new Target("average exact match (best prompting per family) >= 60%", percent(averageBest()), averageBest() >= 0.6));
        out.add(new Target("symbolic families >= 90%", percent(symbolicBest()), symbolicBest() >= 0.9));
        int[] wins = fewShotWins();
        out.add(new Target("few-shot-CoT beats zero-shot on >= half the families", wins[0] + " of " + wins[1],
                wins[1] > 0 && 2 * wins[0] >= wins[1]));
        if (measurements.containsKey(LOAD_SECONDS)) {
            double s = measurements.get(LOAD_SECONDS);
            out.add(new Target("load < 2 s", String.format(Locale.ROOT, "%.2f s", s), s < 2));
        }
        if (measurements.containsKey(LATENCY_MS)) {
            double ms = measurements.get(LATENCY_MS);
            out.add(new Target("50-token request < 300 ms (median)", String.format(Locale.ROOT, "%.0f ms", ms), ms < 300));
        }
        return out;
    }

    /** The per-family table and the targets, in Markdown. */
    public String markdown() {
        StringBuilder sb = new StringBuilder("| family | role | scenario | n |");
        for (Method m : Method.values()) sb.append(' ').append(m.label()).append(" |");
        sb.append(" best |\n|---|---|---|---:|");
        for (int i = 0; i <= Method.values().length; i++) sb.append("---:|");
        sb.append('\n');
        for (FamilyResult f : families) {
            sb.append("| ").append(f.family()).append(" | ").append(f.role().replace('_', '-')).append(" | ")
                    .append('`').append(f.scenario()).append("` | ").append(f.n()).append(" |"); // code: "<...>" is not an HTML tag
            for (Method m : Method.values()) sb.append(' ').append(percent(f.accuracy(m))).append(" |");
            sb.append(' ').append(percent(f.best())).append(" |\n");
        }
        sb.append("\n| target | measured | met |\n|---|---:|---|\n");
        for (Target t : targets()) {
            sb.append("| ").append(t.name()).append(" | ").append(t.value()).append(" | ").append(t.met() ? "yes" : "no").append(" |\n");
        }
        return sb.toString();
    }

    public void writeJson(Path file) {
        ObjectNode root = JSON.createObjectNode();
        var list = root.putArray("families");
        for (FamilyResult f : families) {
            ObjectNode n = list.addObject().put("family", f.family()).put("role", f.role()).put("scenario", f.scenario()).put("n", f.n());
            ObjectNode correct = n.putObject("correct");
            for (Method m : Method.values()) correct.put(m.label(), f.correct().getOrDefault(m, 0));
        }
        ObjectNode ms = root.putObject("measurements");
        measurements.forEach(ms::put);
        ObjectNode summary = root.putObject("summary").put("average_best", averageBest()).put("symbolic_best", symbolicBest());
        summary.put("few_shot_cot_wins", fewShotWins()[0]).put("families", fewShotWins()[1]);
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    public static EvalReport readJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<FamilyResult> families = new ArrayList<>();
        for (JsonNode n : root.path("families")) {
            Map<Method, Integer> correct = new EnumMap<>(Method.class);
            for (Method m : Method.values()) correct.put(m, n.path("correct").path(m.label()).asInt());
            if (!n.hasNonNull("family") || !n.hasNonNull("n")) throw new IllegalArgumentException(file + ": a family entry lacks family or n: " + n);
            families.add(new FamilyResult(n.get("family").asText(), n.path("role").asText(), n.path("scenario").asText(),
                    n.get("n").asInt(), correct));
        }
        Map<String, Double> measurements = new LinkedHashMap<>();
        root.path("measurements").fields().forEachRemaining(e -> measurements.put(e.getKey(), e.getValue().asDouble()));
        return new EvalReport(families, measurements);
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
