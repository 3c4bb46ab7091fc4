package dev.nlulab.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The real-text part of pretraining: Jane Austen's six novels from the Debian package
 * {@code r-cran-janeaustenr} (public domain; R data read by {@link RDataPackage}, no R needed), cleaned
 * into paragraphs and written one paragraph per line.
 *
 * <p>Why Austen and not {@code bible-kjv-text}: her prose is nineteenth-century but close to the plain
 * English of the task questions (people, things, counting, "she had"), while the King James Bible's
 * "thee/thou/hath" would teach the small model forms it never needs. The package is already on the
 * machine image; the R data format turned out simple to read (zlib + R's XDR serialization).
 */
public final class CorpusBuilder {
    /** Where Debian installs the package. */
    public static final Path JANEAUSTENR = Path.of("/usr/lib/R/site-library/janeaustenr");
    public static final String DEBIAN_PACKAGE = "r-cran-janeaustenr";

    private static final Pattern HEADING = Pattern.compile("(?i)(chapter|volume)\\s+[0-9ivxlc]+\\.?|by jane austen|finis");

    /** What a build wrote. */
    public record Stats(int books, int paragraphs, long words, long characters) {
    }

    private CorpusBuilder() {
    }

    /**
     * Paragraphs of a book given as lines: blank lines separate paragraphs; headings (chapter and
     * volume lines, lines without lower-case letters, "FINIS") are dropped; "_italics_" markers removed;
     * runs of spaces become one.
     */
    public static List<String> paragraphs(List<String> lines) {
        List<String> paragraphs = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty()) {
                flush(current, paragraphs);
            } else {
                if (current.length() > 0) current.append(' ');
                current.append(line);
            }
        }
        flush(current, paragraphs);
        return paragraphs;
    }

    private static void flush(StringBuilder current, List<String> paragraphs) {
        String text = current.toString().replace("_", "").replaceAll("\\s+", " ").strip();
        current.setLength(0);
        if (text.isEmpty() || HEADING.matcher(text).matches() || text.chars().noneMatch(Character::isLowerCase)) return;
        paragraphs.add(text);
    }

    /** All novels of the package at {@code packageDir} as paragraphs, in the package's order. */
    public static List<String> janeAusten(Path packageDir) {
        if (!Files.isDirectory(packageDir)) {
            throw new IllegalArgumentException("the R package " + DEBIAN_PACKAGE + " is not installed at " + packageDir
                    + ": install it with 'apt-get install -y " + DEBIAN_PACKAGE + "'");
        }
        RDataPackage data = RDataPackage.open(packageDir);
        List<String> all = new ArrayList<>();
        for (String book : data.names()) all.addAll(paragraphs(data.characterVector(book)));
        return all;
    }

    /** Writes the novels of the package at {@code packageDir} to {@code out}, one paragraph per line. */
    public static Stats build(Path packageDir, Path out) {
        List<String> all = janeAusten(packageDir);
        try {
            if (out.getParent() != null) Files.createDirectories(out.getParent());
            Files.write(out, all, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write corpus " + out + ": " + e.getMessage(), e);
        }
        long words = all.stream().mapToLong(p -> p.split(" ").length).sum();
        long chars = all.stream().mapToLong(String::length).sum();
        return new Stats(RDataPackage.open(packageDir).names().size(), all.size(), words, chars);
    }
}
