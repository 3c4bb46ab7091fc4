package dev.nlulab.labs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nlulab.content.Problem;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The hidden answers of an exercise: a JSONL file under {@code grader/<lab>/}, one test item a line,
 * {@code {"id": "...", "gold": <label | number | text | [answers or relevant candidates]>}}.
 * Every gold value is kept as a list of strings; a scalar is a list of one.
 */
public final class Key {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> ids;
    private final List<List<String>> gold;
    private final Map<String, Integer> index;
    private final int[] lines;
    private final String fingerprint;

    public Key(List<String> ids, List<List<String>> gold) {
        this(ids, gold, java.util.stream.IntStream.rangeClosed(1, ids.size()).toArray());
    }

    private Key(List<String> ids, List<List<String>> gold, int[] lines) {
        if (ids.size() != gold.size()) throw new IllegalArgumentException("ids and gold differ in length");
        this.lines = lines;
        this.ids = List.copyOf(ids);
        this.gold = List.copyOf(gold);
        this.index = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            if (index.putIfAbsent(ids.get(i), i) != null) throw new IllegalArgumentException("id '" + ids.get(i) + "' appears twice");
        }
        this.fingerprint = fingerprint(this.ids, this.gold);
    }

    /** SHA-256 of the items in order, ids and gold: equal for keys with the same content, wherever they were read. */
    private static String fingerprint(List<String> ids, List<List<String>> gold) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (int i = 0; i < ids.size(); i++) {
                sha.update(JSON.writeValueAsBytes(ids.get(i)));
                sha.update(JSON.writeValueAsBytes(gold.get(i)));
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot fingerprint a key", e);
        }
    }

    /** A key file that cannot be read as a key, with the file and line (0: the whole file). */
    public static final class FormatError extends IllegalArgumentException {
        private final transient Problem problem;

        FormatError(Path file, int line, String message) {
            super((line > 0 ? file + ":" + line : file.toString()) + ": " + message);
            this.problem = Problem.error(file, line, message);
        }

        public Problem problem() { return problem; }
    }

    /** Reads a key file; a bad line is a {@link FormatError}. */
    public static Key load(Path file) throws IOException {
        List<String> ids = new ArrayList<>();
        List<List<String>> gold = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        Map<String, Integer> lineOf = new HashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                JsonNode row;
                try {
                    row = JSON.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new FormatError(file, n, "not a JSON object: " + e.getOriginalMessage());
                }
                JsonNode id = row.get("id");
                JsonNode g = row.get("gold");
                if (id == null || !id.isValueNode() || g == null) {
                    throw new FormatError(file, n, "a key line needs \"id\" and \"gold\"");
                }
                Integer first = lineOf.putIfAbsent(id.asText(), n);
                if (first != null) throw new FormatError(file, n, "id '" + id.asText() + "' already on line " + first);
                List<String> values = new ArrayList<>();
                if (g.isArray()) g.forEach(v -> values.add(v.asText()));
                else values.add(g.asText());
                if (values.isEmpty()) throw new FormatError(file, n, "gold of '" + id.asText() + "' is empty");
                ids.add(id.asText());
                gold.add(List.copyOf(values));
                lines.add(n);
            }
        }
        if (ids.isEmpty()) throw new FormatError(file, 0, "the key has no items");
        return new Key(ids, gold, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Identifies the key's content (not the file or the object it was read into). */
    public String fingerprint() { return fingerprint; }

    /** The line of the key file that holds item i. */
    public int line(int i) { return lines[i]; }

    public int size() { return ids.size(); }
    public List<String> ids() { return ids; }
    public List<List<String>> gold() { return gold; }
    public String id(int i) { return ids.get(i); }
    public List<String> gold(int i) { return gold.get(i); }

    /** The item's position, or -1 for an id not in the test set. */
    public int indexOf(String id) {
        Integer i = index.get(id);
        return i == null ? -1 : i;
    }
}
