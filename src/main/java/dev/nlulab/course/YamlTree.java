package dev.nlulab.course;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * YAML read as a node tree (SnakeYAML's composer) rather than as objects, so that every value keeps
 * the line it came from and an author is told where a problem is. Lines are shifted by
 * {@code firstLine}, the 1-based file line where the YAML text starts.
 */
final class YamlTree {
    /** A YAML problem with the 1-based file line. */
    static final class YamlError extends Exception {
        final int line;

        YamlError(int line, String message) {
            super(message);
            this.line = line;
        }
    }

    private final int firstLine;
    private int lastLine = Integer.MAX_VALUE;

    YamlTree(int firstLine) {
        this.firstLine = firstLine;
    }

    /** The root node, or null for an empty text. */
    Node parse(String text) throws YamlError {
        // an error "at the end of the stream" is shown on the last line of the text, not after it
        lastLine = firstLine + (int) text.stripTrailing().chars().filter(c -> c == '\n').count();
        try {
            return new Yaml(new LoaderOptions()).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() != null ? line(e.getProblemMark().getLine()) : firstLine;
            throw new YamlError(line, "YAML: " + e.getProblem());
        } catch (YAMLException e) {
            throw new YamlError(firstLine, "YAML: " + e.getMessage());
        }
    }

    int line(Node node) {
        return line(node.getStartMark().getLine());
    }

    private int line(int zeroBased) {
        return Math.min(firstLine + zeroBased, lastLine);
    }

    /** Keys in document order; a repeated key is an error. */
    Map<String, Node> mapping(Node node, String what) throws YamlError {
        if (!(node instanceof MappingNode m)) throw new YamlError(line(node), what + " must be a mapping of key: value");
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : m.getValue()) {
            String key = scalar(t.getKeyNode(), "a key in " + what);
            if (out.put(key, t.getValueNode()) != null)
                throw new YamlError(line(t.getKeyNode()), "key '" + key + "' appears twice in " + what);
        }
        return out;
    }

    List<Node> sequence(Node node, String what) throws YamlError {
        if (!(node instanceof SequenceNode s)) throw new YamlError(line(node), what + " must be a list");
        return s.getValue();
    }

    String scalar(Node node, String what) throws YamlError {
        if (!(node instanceof ScalarNode s) || s.getTag().equals(Tag.NULL))
            throw new YamlError(line(node), what + " must be a single value");
        return s.getValue();
    }

    List<String> scalars(Node node, String what) throws YamlError {
        List<String> out = new ArrayList<>();
        for (Node n : sequence(node, what)) out.add(scalar(n, "each item of " + what));
        return out;
    }

    long integer(Node node, String what) throws YamlError {
        String s = scalar(node, what);
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new YamlError(line(node), what + " must be a whole number, was '" + s + "'");
        }
    }

    double number(Node node, String what) throws YamlError {
        String s = scalar(node, what);
        try {
            double d = Double.parseDouble(s.trim());
            if (!Double.isFinite(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw new YamlError(line(node), what + " must be a number, was '" + s + "'");
        }
    }

    /** Plain Java values (maps, lists, strings, numbers, booleans, null), e.g. to pass on as JSON. */
    Object toJava(Node node) throws YamlError {
        if (node instanceof MappingNode) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (var e : mapping(node, "a map").entrySet()) out.put(e.getKey(), toJava(e.getValue()));
            return out;
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            for (Node n : s.getValue()) out.add(toJava(n));
            return out;
        }
        ScalarNode s = (ScalarNode) node;
        Tag tag = s.getTag();
        String v = s.getValue();
        if (tag.equals(Tag.NULL)) return null;
        if (tag.equals(Tag.BOOL)) return Boolean.parseBoolean(v.toLowerCase());
        if (tag.equals(Tag.INT)) {
            try {
                return Long.parseLong(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        if (tag.equals(Tag.FLOAT)) {
            try {
                return Double.parseDouble(v.replace("_", ""));
            } catch (NumberFormatException e) {
                return v;
            }
        }
        return v;
    }
}
