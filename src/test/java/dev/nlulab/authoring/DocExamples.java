package dev.nlulab.authoring;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced blocks of an authoring doc. A block whose info string names a file
 * ({@code ```yaml file=labs/x/lab.yaml}) is an example of that file; blocks naming the same file are
 * joined in order. Only top-level fences count: a {@code ```quiz} shown inside a {@code ````} block
 * is part of that block.
 */
record DocExamples(List<Block> blocks) {
    record Block(int line, String language, String file, String text) {}

    private static final Pattern OPEN = Pattern.compile("^(`{3,}|~{3,})\\s*(\\S*)\\s*(.*)$");
    private static final Pattern FILE = Pattern.compile("(?:^|\\s)file=(\\S+)");

    static DocExamples read(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        List<Block> blocks = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher open = OPEN.matcher(lines.get(i));
            if (!open.matches()) continue;
            String fence = open.group(1);
            Matcher file = FILE.matcher(open.group(3));
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.size(); i++) {
                String l = lines.get(i);
                if (l.startsWith(fence) && l.substring(fence.length()).replace(String.valueOf(fence.charAt(0)), "").isBlank()) break;
                text.append(l).append('\n');
            }
            if (i == lines.size()) throw new IllegalStateException(doc + ":" + (start + 1) + ": the fence is never closed");
            blocks.add(new Block(start + 1, open.group(2), file.find() ? file.group(1) : null, text.toString()));
        }
        return new DocExamples(blocks);
    }

    /** Blocks with a language but no file: examples nothing checks. */
    List<Block> unchecked() {
        return blocks.stream().filter(b -> !b.language().isEmpty() && b.file() == null).toList();
    }

    /** Writes every file example under {@code root}; returns the files written, by relative path. */
    Map<String, Path> writeFiles(Path root) throws IOException {
        Map<String, StringBuilder> joined = new LinkedHashMap<>();
        for (Block b : blocks) {
            if (b.file() != null) joined.computeIfAbsent(b.file(), f -> new StringBuilder()).append(b.text()).append('\n');
        }
        Map<String, Path> written = new LinkedHashMap<>();
        for (Map.Entry<String, StringBuilder> e : joined.entrySet()) {
            Path p = root.resolve(e.getKey()).normalize();
            if (!p.startsWith(root)) throw new IllegalArgumentException("example file outside the course: " + e.getKey());
            Files.createDirectories(p.getParent());
            Files.writeString(p, e.getValue(), StandardCharsets.UTF_8);
            written.put(e.getKey(), p);
        }
        return written;
    }
}
