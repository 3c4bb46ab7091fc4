package dev.nlulab.content;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one way content YAML is read (lab.yaml, grading.yaml, course.yaml, a lesson's front matter, its quiz
 * and demo blocks): a tree, composed by SnakeYAML, that remembers the file line of every value, so that an
 * author is told where a problem is. A block embedded in a file is parsed with the file line it starts on.
 * The typed accessors ({@link #mapping}, {@link #scalar}, ...) throw a {@link ContentException} at the
 * value's line when the value has another shape.
 */
public final class YamlNode {
    public enum Kind { MAPPING, SEQUENCE, SCALAR, NULL }

    /** Deeper than any content file goes; a guard against aliases that refer to themselves. */
    private static final int MAX_DEPTH = 100;

    private final Kind kind;
    private final int line;
    private final String text;
    private final Tag tag;
    private final Map<String, YamlNode> fields;
    private final List<YamlNode> items;

    private YamlNode(Kind kind, int line, String text, Tag tag, Map<String, YamlNode> fields, List<YamlNode> items) {
        this.kind = kind;
        this.line = line;
        this.text = text;
        this.tag = tag;
        this.fields = fields;
        this.items = items;
    }

    /** A whole file, UTF-8. */
    public static YamlNode parse(Path file) throws IOException, ContentException {
        return parse(Files.readString(file, StandardCharsets.UTF_8), 1);
    }

    /**
     * YAML text whose first line is line {@code firstLine} of its file; a NULL node for empty text.
     * @throws ContentException for text that is not YAML or repeats a key in a mapping
     */
    public static YamlNode parse(String text, int firstLine) throws ContentException {
        // an error "at the end of the stream" is shown on the last line of the text, not after it
        int lastLine = firstLine + (int) text.stripTrailing().chars().filter(c -> c == '\n').count();
        Lines lines = new Lines(firstLine, lastLine);
        Node root;
        try {
            root = new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? lines.of(e.getProblemMark()) : firstLine;
            throw new ContentException(line, "YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new ContentException(firstLine, "YAML: " + e.getMessage());
        }
        if (root == null) return new YamlNode(Kind.NULL, firstLine, null, Tag.NULL, Map.of(), List.of());
        return build(root, lines, 0);
    }

    private record Lines(int first, int last) {
        int of(Mark mark) {
            return Math.min(first + mark.getLine(), last);
        }
    }

    private static YamlNode build(Node node, Lines lines, int depth) throws ContentException {
        int line = lines.of(node.getStartMark());
        if (depth > MAX_DEPTH) throw new ContentException(line, "YAML: nested more than " + MAX_DEPTH + " levels deep");
        if (node instanceof MappingNode m) {
            Map<String, YamlNode> fields = new LinkedHashMap<>();
            for (NodeTuple t : m.getValue()) {
                int keyLine = lines.of(t.getKeyNode().getStartMark());
                if (!(t.getKeyNode() instanceof ScalarNode key)) throw new ContentException(keyLine, "YAML: a key must be a single value");
                YamlNode first = fields.get(key.getValue());
                if (first != null) {
                    throw new ContentException(keyLine, "YAML: key '" + key.getValue() + "' appears twice (first on line " + first.line + ")");
                }
                fields.put(key.getValue(), build(t.getValueNode(), lines, depth + 1));
            }
            return new YamlNode(Kind.MAPPING, line, null, m.getTag(), Collections.unmodifiableMap(fields), List.of());
        }
        if (node instanceof SequenceNode s) {
            List<YamlNode> items = new ArrayList<>();
            for (Node n : s.getValue()) items.add(build(n, lines, depth + 1));
            return new YamlNode(Kind.SEQUENCE, line, null, s.getTag(), Map.of(), List.copyOf(items));
        }
        ScalarNode s = (ScalarNode) node;
        if (s.getTag().equals(Tag.NULL)) return new YamlNode(Kind.NULL, line, null, Tag.NULL, Map.of(), List.of());
        return new YamlNode(Kind.SCALAR, line, s.getValue(), s.getTag(), Map.of(), List.of());
    }

    public Kind kind() { return kind; }
    /** The 1-based file line the value starts on. */
    public int line() { return line; }
    /** The scalar's text as written (numbers and booleans too); null for other kinds. */
    public String text() { return text; }
    /** A mapping's keys and values in document order; empty for other kinds. */
    public Map<String, YamlNode> fields() { return fields; }
    /** A sequence's items; empty for other kinds. */
    public List<YamlNode> items() { return items; }
    public YamlNode get(String name) { return fields.get(name); }
    public boolean isMapping() { return kind == Kind.MAPPING; }
    public boolean isSequence() { return kind == Kind.SEQUENCE; }
    public boolean isScalar() { return kind == Kind.SCALAR; }
    /** No value: an empty document, {@code ~}, {@code null} or nothing after the colon. */
    public boolean isNull() { return kind == Kind.NULL; }

    // ---- typed access: the value, or a ContentException at its line naming {@code what} was expected

    public Map<String, YamlNode> mapping(String what) throws ContentException {
        if (!isMapping()) throw new ContentException(line, what + " must be a mapping of key: value");
        return fields;
    }

    public List<YamlNode> sequence(String what) throws ContentException {
        if (!isSequence()) throw new ContentException(line, what + " must be a list");
        return items;
    }

    public String scalar(String what) throws ContentException {
        if (!isScalar()) throw new ContentException(line, what + " must be a single value");
        return text;
    }

    public List<String> scalars(String what) throws ContentException {
        List<String> out = new ArrayList<>();
        for (YamlNode n : sequence(what)) out.add(n.scalar("each item of " + what));
        return out;
    }

    public long integer(String what) throws ContentException {
        String s = scalar(what);
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new ContentException(line, what + " must be a whole number, was '" + s + "'");
        }
    }

    public double number(String what) throws ContentException {
        String s = scalar(what);
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new ContentException(line, what + " must be a number, was '" + s + "'");
        }
    }

    /** Plain Java values (maps, lists, strings, numbers, booleans, null), e.g. to pass on as JSON. */
    public Object toJava() {
        switch (kind) {
            case MAPPING -> {
                Map<String, Object> out = new LinkedHashMap<>();
                fields.forEach((k, v) -> out.put(k, v.toJava()));
                return out;
            }
            case SEQUENCE -> {
                List<Object> out = new ArrayList<>();
                for (YamlNode n : items) out.add(n.toJava());
                return out;
            }
            case NULL -> { return null; }
            default -> { return scalarValue(); }
        }
    }

    private Object scalarValue() {
        if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
        try {
            if (tag.equals(Tag.INT)) return Long.parseLong(text.replace("_", ""));
            if (tag.equals(Tag.FLOAT)) return Double.parseDouble(text.replace("_", ""));
        } catch (NumberFormatException e) {
            return text; // 0x1F, .inf and the like stay text
        }
        return text;
    }
}
