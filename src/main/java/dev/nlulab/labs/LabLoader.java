package dev.nlulab.labs;

import dev.nlulab.content.ContentException;
import dev.nlulab.content.Problem;
import dev.nlulab.content.YamlNode;
import dev.nlulab.metrics.Metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads {@code labs/<id>/lab.yaml} and {@code grader/<id>/grading.yaml} into a {@link Lab}, collecting
 * every problem with its file and line instead of stopping at the first.
 */
public final class LabLoader {
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Set<String> LAB_FIELDS = Set.of("title", "module", "summary", "opens", "deadline",
            "closes", "timezone", "late", "leaderboard", "exercises");
    private static final Set<String> EXERCISE_FIELDS = Set.of("id", "title", "kind", "job", "metric", "report",
            "points", "daily_limit", "total_limit", "public_fraction", "final", "writeup", "baselines");
    private static final Set<String> PARAMETER_FIELDS = Set.of("type", "min", "max", "values", "default", "description", "advanced");

    /** A lab, or null when its files have problems; the problems either way. */
    public record Result(Lab lab, List<Problem> problems) {
        public boolean ok() { return lab != null && problems.isEmpty(); }
    }

    private final List<Problem> problems = new ArrayList<>();
    private Path file;

    private LabLoader() {}

    /** Loads the lab in {@code labDir}; its hidden side is {@code graderRoot/<id>/}. */
    public static Result load(Path labDir, Path graderRoot) {
        return new LabLoader().read(labDir, graderRoot);
    }

    private Result read(Path labDir, Path graderRoot) {
        String id = labDir.getFileName().toString();
        file = labDir.resolve("lab.yaml");
        if (!ID.matcher(id).matches()) problem(null, "the lab folder name '" + id + "' must be lower-case letters, digits and dashes");
        YamlNode root = parse(file);
        if (root == null) return new Result(null, List.copyOf(problems));
        if (!root.isMapping()) {
            problem(root, "lab.yaml must be a mapping of fields (title, exercises, ...)");
            return new Result(null, List.copyOf(problems));
        }
        unknownFields(root, LAB_FIELDS);
        String title = text(root, "title", true);
        String module = text(root, "module", true);
        String summary = text(root, "summary", false);
        ZoneId zone = ZoneId.of("UTC");
        YamlNode tz = root.get("timezone");
        if (tz == null) problem(root, "'timezone' is missing (e.g. Europe/Berlin)");
        else {
            try {
                zone = ZoneId.of(tz.text());
            } catch (DateTimeException | NullPointerException e) {
                problem(tz, "'" + tz.text() + "' is not a time zone (e.g. Europe/Berlin, UTC)");
            }
        }
        Instant opens = time(root, "opens", zone, false, false);
        Instant deadline = time(root, "deadline", zone, true, true);
        Instant closes = root.get("closes") == null ? deadline : time(root, "closes", zone, false, true);
        if (opens != null && deadline != null && !opens.isBefore(deadline)) problem(root.get("deadline"), "the deadline must come after 'opens'");
        if (deadline != null && closes != null && closes.isBefore(deadline)) problem(root.get("closes"), "'closes' must not come before the deadline");
        Lab.LatePolicy late = latePolicy(root.get("late"));
        boolean pseudonyms = false;
        YamlNode board = root.get("leaderboard");
        if (board != null) {
            if (!board.isMapping()) problem(board, "'leaderboard' must be a mapping (pseudonyms: true)");
            else {
                unknownFields(board, Set.of("pseudonyms"));
                pseudonyms = bool(board, "pseudonyms", false);
            }
        }
        List<Exercise> exercises = exercises(root.get("exercises"), root, graderRoot.resolve(id));
        Map<String, Path> keys = keys(graderRoot.resolve(id), exercises);
        if (!Files.isRegularFile(labDir.resolve("README.md"))) {
            problems.add(Problem.error(labDir.resolve("README.md"), 0, "the lab has no README.md (the students' instructions)"));
        }
        if (!problems.isEmpty()) return new Result(null, List.copyOf(problems));
        return new Result(new Lab(id, title, module, summary, opens, deadline, closes, zone, late, pseudonyms,
                exercises, labDir, keys), List.of());
    }

    private YamlNode parse(Path yaml) {
        if (!Files.isRegularFile(yaml)) {
            problems.add(Problem.error(yaml, 0, "file is missing"));
            return null;
        }
        try {
            return YamlNode.parse(yaml);
        } catch (ContentException e) {
            problems.add(Problem.error(yaml, e.line(), "not valid " + e.getMessage()));
        } catch (IOException e) {
            problems.add(Problem.error(yaml, 0, "cannot read: " + e.getMessage()));
        }
        return null;
    }

    private Lab.LatePolicy latePolicy(YamlNode node) {
        if (node == null) return Lab.LatePolicy.UNRANKED;
        if (!node.isMapping()) {
            problem(node, "'late' must be a mapping (policy: unranked | penalty, penalty: 0.2)");
            return Lab.LatePolicy.UNRANKED;
        }
        unknownFields(node, Set.of("policy", "penalty"));
        String policy = text(node, "policy", true);
        if ("unranked".equals(policy)) return Lab.LatePolicy.UNRANKED;
        if ("penalty".equals(policy)) {
            double penalty = number(node, "penalty", 0.0, 1.0, Double.NaN);
            return new Lab.LatePolicy(Lab.LatePolicy.Kind.PENALTY, Double.isNaN(penalty) ? 0 : penalty);
        }
        if (policy != null) problem(node.get("policy"), "late policy must be 'unranked' or 'penalty', was '" + policy + "'");
        return Lab.LatePolicy.UNRANKED;
    }

    private List<Exercise> exercises(YamlNode list, YamlNode root, Path graderDir) {
        List<Exercise> out = new ArrayList<>();
        if (list == null || list.kind() != YamlNode.Kind.SEQUENCE || list.items().isEmpty()) {
            problem(list == null ? root : list, "'exercises' must be a non-empty list");
            return out;
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (YamlNode e : list.items()) {
            if (!e.isMapping()) {
                problem(e, "an exercise must be a mapping (id, title, kind, metric, ...)");
                continue;
            }
            unknownFields(e, EXERCISE_FIELDS);
            String id = text(e, "id", true);
            if (id != null && !ID.matcher(id).matches()) problem(e.get("id"), "exercise id '" + id + "' must be lower-case letters, digits and dashes");
            if (id != null && seen.containsKey(id)) problem(e.get("id"), "exercise id '" + id + "' is used twice (first on line " + seen.get(id) + ")");
            if (id != null) seen.putIfAbsent(id, e.get("id").line());
            String title = text(e, "title", true);
            String kindText = text(e, "kind", true);
            Exercise.Kind kind = Exercise.Kind.PREDICTIONS;
            if ("job".equals(kindText)) kind = Exercise.Kind.JOB;
            else if (kindText != null && !"predictions".equals(kindText)) problem(e.get("kind"), "kind must be 'predictions' or 'job', was '" + kindText + "'");
            String jobKind = null;
            ParameterSchema schema = ParameterSchema.EMPTY;
            YamlNode job = e.get("job");
            if (kind == Exercise.Kind.JOB) {
                if (job == null || !job.isMapping()) problem(job == null ? e : job, "a job exercise needs 'job:' with 'kind' and 'parameters'");
                else {
                    unknownFields(job, Set.of("kind", "parameters"));
                    jobKind = text(job, "kind", true);
                    schema = parameters(job.get("parameters"));
                }
            } else if (job != null) problem(job, "'job' is only for exercises of kind job");
            String metric = text(e, "metric", true);
            if (metric != null) checkMetric(e.get("metric"), metric);
            List<String> report = new ArrayList<>();
            YamlNode r = e.get("report");
            if (r != null) {
                if (r.kind() != YamlNode.Kind.SEQUENCE) problem(r, "'report' must be a list of metric names");
                else r.items().forEach(i -> {
                    checkMetric(i, i.text());
                    report.add(i.text());
                });
            }
            double points = number(e, "points", 0, Double.MAX_VALUE, Double.NaN);
            int daily = (int) number(e, "daily_limit", 1, 1000, 5);
            int total = (int) number(e, "total_limit", 1, 100000, 100);
            double fraction = number(e, "public_fraction", 0.0, 1.0, 0.5);
            if (fraction == 0.0) problem(e.get("public_fraction"), "public_fraction must be above 0 (the public board needs items)");
            Exercise.FinalSelection fin = Exercise.FinalSelection.BEST_PUBLIC;
            String finText = text(e, "final", false);
            if (finText != null) {
                try {
                    fin = Exercise.FinalSelection.of(finText);
                } catch (IllegalArgumentException ex) {
                    problem(e.get("final"), ex.getMessage());
                }
            }
            out.add(new Exercise(id, title, kind, jobKind, schema, metric, report, Double.isNaN(points) ? 0 : points,
                    daily, total, fraction, fin, writeup(e), baselines(e.get("baselines"), graderDir)));
        }
        return out;
    }

    private Exercise.Writeup writeup(YamlNode exercise) {
        String t = text(exercise, "writeup", false);
        if (t == null) return Exercise.Writeup.NONE;
        return switch (t) {
            case "none" -> Exercise.Writeup.NONE;
            case "optional" -> Exercise.Writeup.OPTIONAL;
            case "required" -> Exercise.Writeup.REQUIRED;
            default -> {
                problem(exercise.get("writeup"), "writeup must be none, optional or required, was '" + t + "'");
                yield Exercise.Writeup.NONE;
            }
        };
    }

    /** {@code baselines: [{name: "BM25 (Lucene)", predictions: baselines/bm25.jsonl}]}, files under grader/&lt;lab&gt;/. */
    private List<Baseline> baselines(YamlNode list, Path graderDir) {
        List<Baseline> out = new ArrayList<>();
        if (list == null) return out;
        if (!list.isSequence()) {
            problem(list, "'baselines' must be a list of {name: ..., predictions: <file under " + graderDir + ">}");
            return out;
        }
        for (YamlNode b : list.items()) {
            if (!b.isMapping()) {
                problem(b, "a baseline must be a mapping {name: ..., predictions: ...}");
                continue;
            }
            unknownFields(b, Set.of("name", "predictions"));
            String name = text(b, "name", true);
            String file = text(b, "predictions", true);
            if (name == null || file == null) continue;
            if (out.stream().anyMatch(o -> o.name().equals(name))) problem(b.get("name"), "baseline '" + name + "' is named twice");
            Path path = graderDir.resolve(file).normalize();
            if (!path.startsWith(graderDir.normalize())) problem(b.get("predictions"), "the baseline's predictions must be inside " + graderDir);
            else if (!Files.isRegularFile(path)) problem(b.get("predictions"), "baseline file " + path + " does not exist");
            else out.add(new Baseline(name, path, b.get("predictions").line()));
        }
        return out;
    }

    private void checkMetric(YamlNode at, String name) {
        try {
            Metrics.byName(name);
        } catch (IllegalArgumentException ex) {
            problem(at, ex.getMessage());
        }
    }

    private ParameterSchema parameters(YamlNode node) {
        if (node == null) return ParameterSchema.EMPTY;
        if (!node.isMapping()) {
            problem(node, "'parameters' must map each parameter name to {type, min, max, default, ...}");
            return ParameterSchema.EMPTY;
        }
        List<Parameter> params = new ArrayList<>();
        for (Map.Entry<String, YamlNode> f : node.fields().entrySet()) {
            YamlNode p = f.getValue();
            if (!p.isMapping()) {
                problem(p, "parameter '" + f.getKey() + "' must be a mapping with a 'type'");
                continue;
            }
            unknownFields(p, PARAMETER_FIELDS);
            String typeText = text(p, "type", true);
            Parameter.Type type;
            try {
                type = Parameter.Type.valueOf(String.valueOf(typeText).toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                if (typeText != null) problem(p.get("type"), "parameter type must be int, number, string, enum or bool, was '" + typeText + "'");
                continue;
            }
            Double min = p.get("min") == null ? null : number(p, "min", -Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN);
            Double max = p.get("max") == null ? null : number(p, "max", -Double.MAX_VALUE, Double.MAX_VALUE, Double.NaN);
            if (min != null && max != null && min > max) problem(p.get("min"), "min is above max");
            List<String> values = new ArrayList<>();
            YamlNode v = p.get("values");
            if (type == Parameter.Type.ENUM) {
                if (v == null || v.kind() != YamlNode.Kind.SEQUENCE || v.items().isEmpty()) problem(v == null ? p : v, "an enum parameter needs a non-empty 'values' list");
                else v.items().forEach(i -> values.add(i.text()));
            }
            Parameter draft = new Parameter(f.getKey(), type, min, max, values, null, text(p, "description", false));
            Object def = null;
            YamlNode d = p.get("default");
            if (d != null) {
                try {
                    def = draft.parse(d.text());
                } catch (IllegalArgumentException ex) {
                    problem(d, "default of '" + f.getKey() + "' " + ex.getMessage());
                }
            }
            params.add(new Parameter(f.getKey(), type, min, max, values, def, draft.description(), bool(p, "advanced", false)));
        }
        return new ParameterSchema(params);
    }

    private Map<String, Path> keys(Path graderDir, List<Exercise> exercises) {
        Map<String, Path> keys = new LinkedHashMap<>();
        Path grading = graderDir.resolve("grading.yaml");
        Path labFile = file;
        file = grading;
        YamlNode root = parse(grading);
        if (root != null) {
            YamlNode ex = root.isMapping() ? root.get("exercises") : null;
            if (ex == null || !ex.isMapping()) problem(root, "grading.yaml needs 'exercises:' mapping each exercise id to {key: <file>}");
            else {
                for (Map.Entry<String, YamlNode> f : ex.fields().entrySet()) {
                    if (exercises.stream().noneMatch(e -> f.getKey().equals(e.id()))) {
                        problem(f.getValue(), "exercise '" + f.getKey() + "' is not in lab.yaml");
                        continue;
                    }
                    String key = f.getValue().isMapping() ? text(f.getValue(), "key", true) : null;
                    if (!f.getValue().isMapping()) problem(f.getValue(), "exercise '" + f.getKey() + "' needs {key: <file>}");
                    if (key == null) continue;
                    Path keyFile = graderDir.resolve(key).normalize();
                    if (!keyFile.startsWith(graderDir)) problem(f.getValue().get("key"), "the key file must be inside " + graderDir);
                    else if (!Files.isRegularFile(keyFile)) problem(f.getValue().get("key"), "key file " + keyFile + " does not exist");
                    else keys.put(f.getKey(), keyFile);
                }
                for (Exercise e : exercises) {
                    if (e.id() != null && !ex.fields().containsKey(e.id())) problem(ex, "exercise '" + e.id() + "' has no key here");
                }
            }
        }
        file = labFile;
        return keys;
    }

    private void unknownFields(YamlNode node, Set<String> known) {
        node.fields().forEach((name, value) -> {
            if (!known.contains(name)) problem(value, "unknown field '" + name + "' (known: " + String.join(", ", known.stream().sorted().toList()) + ")");
        });
    }

    private String text(YamlNode node, String name, boolean required) {
        YamlNode v = node.get(name);
        if (v == null || v.kind() == YamlNode.Kind.NULL) {
            if (required) problem(node, "'" + name + "' is missing");
            return null;
        }
        if (!v.isScalar()) {
            problem(v, "'" + name + "' must be a single value");
            return null;
        }
        return v.text();
    }

    /** A number in [min, max]; required when {@code missing} is NaN. */
    private double number(YamlNode node, String name, double min, double max, double missing) {
        String t = text(node, name, Double.isNaN(missing));
        if (t == null) return missing;
        try {
            double v = Double.parseDouble(t);
            if (v < min || v > max) {
                problem(node.get(name), "'" + name + "' must be between " + min + " and " + max + ", was " + t);
                return missing;
            }
            return v;
        } catch (NumberFormatException e) {
            problem(node.get(name), "'" + name + "' must be a number, was '" + t + "'");
            return missing;
        }
    }

    private boolean bool(YamlNode node, String name, boolean missing) {
        String t = text(node, name, false);
        if (t == null) return missing;
        if (t.equals("true") || t.equals("false")) return Boolean.parseBoolean(t);
        problem(node.get(name), "'" + name + "' must be true or false, was '" + t + "'");
        return missing;
    }

    /** A date (2026-12-15) or date-time (2026-12-15T23:59) in the course zone; a bare date ends the day when it is a deadline. */
    private Instant time(YamlNode node, String name, ZoneId zone, boolean required, boolean endOfDay) {
        String t = text(node, name, required);
        if (t == null) return null;
        return parseTime(t, zone, endOfDay, msg -> {
            problem(node.get(name), "'" + name + "' " + msg);
            return null;
        });
    }

    private static Instant parseTime(String t, ZoneId zone, boolean endOfDay, Function<String, Instant> onError) {
        try {
            if (t.length() == 10) {
                LocalDate d = LocalDate.parse(t);
                return (endOfDay ? d.atTime(LocalTime.of(23, 59, 59)) : d.atStartOfDay()).atZone(zone).toInstant();
            }
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        } catch (DateTimeException e) {
            return onError.apply("must be a date (2026-12-15) or a date and time (2026-12-15T23:59), was '" + t + "'");
        }
    }

    private void problem(YamlNode at, String message) {
        problems.add(Problem.error(file, at == null ? 0 : at.line(), message));
    }
}
