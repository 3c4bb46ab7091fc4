package dev.nlulab.labs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree that remembers the line of every value, so that a problem in a lab file
 * can name its line (Jackson's tree model forgets locations; its streaming parser keeps them).
 */
public final class YamlNode {
    public enum Kind { MAPPING, SEQUENCE, SCALAR, NULL }

    private static final YAMLFactory YAML = new YAMLFactory();

    private final Kind kind;
    private final int line;
    private final String text;
    private final Map<String, YamlNode> fields;
    private final List<YamlNode> items;

    private YamlNode(Kind kind, int line, String text, Map<String, YamlNode> fields, List<YamlNode> items) {
        this.kind = kind;
        this.line = line;
        this.text = text;
        this.fields = fields;
        this.items = items;
    }

    /** Thrown for text that is not YAML or repeats a key; carries the line. */
    public static final class SyntaxError extends Exception {
        private final int line;

        SyntaxError(int line, String message) {
            super(message);
            this.line = line;
        }

        public int line() { return line; }
    }

    public static YamlNode parse(Path file) throws IOException, SyntaxError {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(r);
        }
    }

    public static YamlNode parse(Reader reader) throws IOException, SyntaxError {
        try (JsonParser p = YAML.createParser(reader)) {
            JsonToken t = p.nextToken();
            if (t == null) return new YamlNode(Kind.NULL, 1, null, Map.of(), List.of());
            return read(p, t);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new SyntaxError(line, describe(e.getOriginalMessage()));
        }
    }

    /** SnakeYAML's message without its position and caret lines (the problem carries the line). */
    private static String describe(String message) {
        String text = message.lines()
                .filter(l -> !l.startsWith(" in ") && !l.isBlank() && !l.trim().equals("^") && !l.startsWith("    "))
                .map(String::trim)
                .reduce((a, b) -> a + "; " + b).orElse("");
        return text.isEmpty() ? "not valid YAML" : "not valid YAML: " + text;
    }

    private static YamlNode read(JsonParser p, JsonToken t) throws IOException, SyntaxError {
        int line = p.currentTokenLocation().getLineNr();
        switch (t) {
            case START_OBJECT -> {
                Map<String, YamlNode> fields = new LinkedHashMap<>();
                while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                    String name = p.currentName();
                    int keyLine = p.currentTokenLocation().getLineNr();
                    YamlNode value = read(p, p.nextToken());
                    if (fields.containsKey(name)) {
                        throw new SyntaxError(keyLine, "'" + name + "' is given twice (first on line "
                                + fields.get(name).line + ")");
                    }
                    fields.put(name, value);
                }
                return new YamlNode(Kind.MAPPING, line, null, Collections.unmodifiableMap(fields), List.of());
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) items.add(read(p, t));
                return new YamlNode(Kind.SEQUENCE, line, null, Map.of(), List.copyOf(items));
            }
            case VALUE_NULL -> { return new YamlNode(Kind.NULL, line, null, Map.of(), List.of()); }
            default -> { return new YamlNode(Kind.SCALAR, line, p.getText(), Map.of(), List.of()); }
        }
    }

    public Kind kind() { return kind; }
    public int line() { return line; }
    /** The scalar's text as written (numbers and booleans too); null for other kinds. */
    public String text() { return text; }
    public Map<String, YamlNode> fields() { return fields; }
    public List<YamlNode> items() { return items; }
    public YamlNode get(String name) { return fields.get(name); }
    public boolean isMapping() { return kind == Kind.MAPPING; }
    public boolean isScalar() { return kind == Kind.SCALAR; }
}
