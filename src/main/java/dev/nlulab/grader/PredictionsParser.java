package dev.nlulab.grader;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.labs.Key;
import dev.nlulab.metrics.PredictionKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a student's predictions file and checks it against the test ids of a key. Formats (chosen by
 * the file name, else by a first character '{'):
 * <ul>
 * <li>CSV, UTF-8, comma-separated, header {@code id,prediction}: one row per test item. For a ranking
 *     metric the prediction is the ranked candidates, best first, separated by {@code |}
 *     ({@code q17,cat|dog|lion}).</li>
 * <li>CSV with header {@code id,rank,candidate}: a ranking as one row per candidate (rank from 1).</li>
 * <li>JSONL: one object a line, {@code {"id": "q17", "prediction": "cat"}}; a number for numeric
 *     metrics, an array of strings for rankings.</li>
 * </ul>
 * Nothing in a cell is ever evaluated: {@code =1+1} is the text "=1+1". A byte-order mark is skipped.
 * A bad file yields its first {@value #MAX_PROBLEMS} problems with line numbers, and no predictions; a
 * problem quotes at most {@value #ECHO_CHARS} characters of what it found.
 */
public final class PredictionsParser {
    public static final int MAX_PROBLEMS = 20;
    public static final long DEFAULT_MAX_BYTES = 64L << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");

    /** One thing wrong with a file; line 0 means the file as a whole. */
    public record Problem(int line, String message) {
        @Override
        public String toString() { return line > 0 ? "line " + line + ": " + message : message; }
    }

    /** Either the predictions aligned with the key's items (gradable) or the problems found. */
    public record Result(List<List<String>> predictions, List<Problem> problems, int moreProblems) {
        public boolean valid() { return problems.isEmpty(); }

        /** The problems as one message for the student, a line each. */
        public String message() {
            StringBuilder sb = new StringBuilder();
            problems.forEach(p -> sb.append(p).append('\n'));
            if (moreProblems > 0) sb.append("... and ").append(moreProblems).append(" more problems\n");
            return sb.toString().strip();
        }
    }

    private final long maxBytes;

    public PredictionsParser(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    public Result parse(Path file, Key key, PredictionKind kind) throws IOException {
        long size = Files.size(file);
        if (size > maxBytes) return tooLarge();
        return parse(Files.readAllBytes(file), file.getFileName().toString(), key, kind);
    }

    public Result parse(byte[] bytes, String fileName, Key key, PredictionKind kind) {
        if (bytes.length > maxBytes) return tooLarge();
        int start = bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF ? 3 : 0;
        for (int i = start; i < bytes.length; i++) {
            if (bytes[i] == 0) return lineProblem(lineAt(bytes, i), "the file looks binary (it holds a NUL byte); upload a UTF-8 CSV or JSONL text file");
        }
        String text;
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult cr = decoder.decode(in, out, true);
        if (cr.isError()) return lineProblem(lineAt(bytes, in.position()), "the file is not UTF-8 text (save it as UTF-8)");
        decoder.flush(out);
        text = out.flip().toString();
        if (text.isBlank()) return fileProblem("the file is empty");
        String lower = fileName.toLowerCase(Locale.ROOT);
        boolean jsonl = lower.endsWith(".jsonl") || lower.endsWith(".json")
                || (!lower.endsWith(".csv") && text.stripLeading().startsWith("{"));
        Run run = new Run(key, kind);
        if (jsonl) run.jsonl(text);
        else run.csv(text);
        return run.finish();
    }

    /** At most this many characters of a student's line go back into a message: pages show the messages on every visit. */
    static final int ECHO_CHARS = Format.QUOTED_CHARS;

    private static String quote(String value) {
        return Format.quote(value);
    }

    /** Only the limit is named: an upload is stored up to one byte past it, so its whole size is not known. */
    private Result tooLarge() {
        return fileProblem(String.format(Locale.ROOT, "the file is above the limit of %.1f MB", maxBytes / 1048576.0));
    }

    private static Result fileProblem(String message) {
        return lineProblem(0, message);
    }

    private static Result lineProblem(int line, String message) {
        return new Result(null, List.of(new Problem(line, message)), 0);
    }

    private static int lineAt(byte[] bytes, int position) {
        int line = 1;
        for (int i = 0; i < position && i < bytes.length; i++) if (bytes[i] == '\n') line++;
        return line;
    }

    /** The state of reading one file. */
    private static final class Run {
        private final Key key;
        private final PredictionKind kind;
        private final List<String>[] byItem;
        private final int[] lineOf;
        private final List<Problem> problems = new ArrayList<>();
        private int more;

        @SuppressWarnings("unchecked")
        Run(Key key, PredictionKind kind) {
            this.key = key;
            this.kind = kind;
            this.byItem = new List[key.size()];
            this.lineOf = new int[key.size()];
        }

        void problem(int line, String message) {
            if (problems.size() < MAX_PROBLEMS) problems.add(new Problem(line, message));
            else more++;
        }

        void csv(String text) {
            String[] lines = lines(text);
            List<String> header = fields(lines[0], 1);
            if (header == null) return;
            List<String> names = header.stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
            if (names.size() == 1 && (lines[0].contains(";") || lines[0].contains("\t"))) {
                problem(1, "the columns are separated by '" + (lines[0].contains(";") ? ";" : "\\t")
                        + "'; separate them with commas (header: id,prediction)");
                return;
            }
            boolean long_ = names.equals(List.of("id", "rank", "candidate"));
            if (!long_ && !names.equals(List.of("id", "prediction"))) {
                problem(1, "the first line must be the header id,prediction (or id,rank,candidate for a ranking), found " + quote(lines[0]));
                return;
            }
            if (long_ && kind != PredictionKind.RANKING) {
                problem(1, "id,rank,candidate rows are for ranking exercises; this one takes id,prediction");
                return;
            }
            TreeMap<Integer, String>[] ranked = long_ ? newRankMaps() : null;
            for (int i = 1; i < lines.length; i++) {
                int line = i + 1;
                if (lines[i].isBlank()) continue;
                List<String> f = fields(lines[i], line);
                if (f == null) continue;
                int want = long_ ? 3 : 2;
                if (f.size() != want) {
                    if (f.size() == 1 && (lines[i].contains(";") || lines[i].contains("\t"))) problem(line, "found one column; separate the columns with commas, not '" + (lines[i].contains(";") ? ";" : "\\t") + "'");
                    else problem(line, "expected " + want + " columns, found " + f.size());
                    continue;
                }
                if (long_) rankRow(ranked, f, line);
                else {
                    String value = f.get(1);
                    accept(f.get(0), kind == PredictionKind.RANKING ? splitRanking(value) : List.of(value), line);
                }
            }
            if (long_) {
                for (int item = 0; item < ranked.length; item++) {
                    if (ranked[item] != null) byItem[item] = checkRanking(List.copyOf(ranked[item].values()), lineOf[item]);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private TreeMap<Integer, String>[] newRankMaps() {
            return new TreeMap[key.size()];
        }

        private void rankRow(TreeMap<Integer, String>[] ranked, List<String> f, int line) {
            String id = f.get(0).trim();
            int item = key.indexOf(id);
            if (item < 0) {
                problem(line, "unknown id " + quote(id) + " (not in the test set)");
                return;
            }
            int rank;
            try {
                rank = Integer.parseInt(f.get(1).trim());
                if (rank < 1) throw new NumberFormatException();
            } catch (NumberFormatException e) {
                problem(line, "rank must be a whole number from 1, was " + quote(f.get(1)));
                return;
            }
            String candidate = f.get(2).trim();
            if (candidate.isEmpty()) {
                problem(line, "empty candidate");
                return;
            }
            if (ranked[item] == null) {
                ranked[item] = new TreeMap<>();
                lineOf[item] = line;
            }
            if (ranked[item].putIfAbsent(rank, candidate) != null) problem(line, "id " + quote(id) + " has rank " + rank + " twice");
        }

        void jsonl(String text) {
            String[] lines = lines(text);
            for (int i = 0; i < lines.length; i++) {
                int line = i + 1;
                if (lines[i].isBlank()) continue;
                JsonNode row;
                try {
                    row = JSON.readTree(lines[i]);
                } catch (JsonProcessingException e) {
                    problem(line, "not a JSON object: " + Format.shorten(e.getOriginalMessage().lines().findFirst().orElse(""), 2 * ECHO_CHARS));
                    continue;
                }
                JsonNode id = row == null ? null : row.get("id");
                JsonNode p = row == null ? null : row.get("prediction");
                if (id == null || !id.isValueNode() || p == null) {
                    problem(line, "each line needs \"id\" and \"prediction\", e.g. {\"id\": \"q1\", \"prediction\": \"cat\"}");
                    continue;
                }
                List<String> values;
                if (p.isArray()) {
                    if (kind != PredictionKind.RANKING) {
                        problem(line, "prediction must be a single value, not a list");
                        continue;
                    }
                    values = new ArrayList<>(p.size());
                    for (JsonNode v : p) values.add(v.asText().trim());
                } else if (p.isContainerNode()) {
                    problem(line, "prediction must be a value" + (kind == PredictionKind.RANKING ? " or a list of candidates" : ""));
                    continue;
                } else values = List.of(p.asText());
                accept(id.asText(), values, line);
            }
        }

        private void accept(String rawId, List<String> values, int line) {
            String id = rawId.trim();
            if (id.isEmpty()) {
                problem(line, "empty id");
                return;
            }
            int item = key.indexOf(id);
            if (item < 0) {
                problem(line, "unknown id " + quote(id) + " (not in the test set)");
                return;
            }
            if (byItem[item] != null) {
                problem(line, "duplicate id " + quote(id) + " (first on line " + lineOf[item] + ")");
                return;
            }
            List<String> checked = check(values, line);
            if (checked == null) return;
            byItem[item] = checked;
            lineOf[item] = line;
        }

        private List<String> check(List<String> values, int line) {
            switch (kind) {
                case RANKING -> { return checkRanking(values, line); }
                case NUMBER -> {
                    String v = values.get(0).trim();
                    if (!NUMBER.matcher(v).matches()) {
                        problem(line, "prediction " + quote(v) + " is not a finite number");
                        return null;
                    }
                    if (!Double.isFinite(Double.parseDouble(v))) {
                        problem(line, "prediction " + quote(v) + " is too large to be a finite number");
                        return null;
                    }
                    return List.of(v);
                }
                case LABEL -> {
                    String v = values.get(0).trim();
                    if (v.isEmpty()) {
                        problem(line, "empty prediction");
                        return null;
                    }
                    return List.of(v);
                }
                default -> { return List.of(values.get(0)); }
            }
        }

        private List<String> checkRanking(List<String> candidates, int line) {
            if (candidates.isEmpty()) {
                problem(line, "the ranking is empty");
                return null;
            }
            if (candidates.stream().anyMatch(String::isEmpty)) {
                problem(line, "the ranking has an empty candidate");
                return null;
            }
            Set<String> seen = new HashSet<>();
            for (String c : candidates) {
                if (!seen.add(c)) {
                    problem(line, "candidate " + quote(c) + " appears twice in the ranking");
                    return null;
                }
            }
            return candidates;
        }

        private static List<String> splitRanking(String value) {
            String[] parts = value.split("\\|", -1);
            for (int i = 0; i < parts.length; i++) parts[i] = parts[i].trim();
            return Arrays.asList(parts);
        }

        /** The lines of a text, without their \n or \r\n. */
        private static String[] lines(String text) {
            List<String> out = new ArrayList<>();
            int start = 0;
            while (start <= text.length()) {
                int end = text.indexOf('\n', start);
                if (end < 0) end = text.length();
                int stop = end > start && text.charAt(end - 1) == '\r' ? end - 1 : end;
                out.add(text.substring(start, stop));
                start = end + 1;
            }
            return out.toArray(String[]::new);
        }

        /** RFC 4180 fields of one line ("" inside quotes is a quote); null (and a problem) for an unclosed quote. */
        private List<String> fields(String line, int lineNumber) {
            if (line.indexOf('"') < 0) return plainFields(line);
            List<String> out = new ArrayList<>(3);
            StringBuilder cell = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cell.append('"');
                            i++;
                        } else quoted = false;
                    } else cell.append(c);
                } else if (c == '"' && cell.length() == 0) quoted = true;
                else if (c == ',') {
                    out.add(cell.toString());
                    cell.setLength(0);
                } else cell.append(c);
            }
            if (quoted) {
                problem(lineNumber, "a quoted cell is not closed on this line");
                return null;
            }
            out.add(cell.toString());
            return out;
        }

        /** The common case, a line without quotes: split at commas. */
        private static List<String> plainFields(String line) {
            List<String> out = new ArrayList<>(3);
            int start = 0, comma;
            while ((comma = line.indexOf(',', start)) >= 0) {
                out.add(line.substring(start, comma));
                start = comma + 1;
            }
            out.add(line.substring(start));
            return out;
        }

        Result finish() {
            int missing = 0;
            List<String> examples = new ArrayList<>();
            for (int i = 0; i < byItem.length; i++) {
                if (byItem[i] == null) {
                    missing++;
                    if (examples.size() < 5) examples.add("'" + key.id(i) + "'");
                }
            }
            if (missing > 0 && problems.size() < MAX_PROBLEMS) {
                problems.add(new Problem(0, missing + " of the " + key.size() + " test ids have no prediction, e.g. " + String.join(", ", examples)));
            } else if (missing > 0) more++;
            if (!problems.isEmpty()) return new Result(null, List.copyOf(problems), more);
            return new Result(Arrays.asList(byItem), List.of(), 0);
        }
    }
}
