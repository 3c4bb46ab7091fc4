package dev.nlulab.labs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A lab's public data files, the files directly under {@code labs/<id>/data/} whose names are plain: no
 * folders, no leading dot, so no way out of the folder (and never into {@code grader/}, which holds the keys).
 */
public final class LabDataFiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");

    private LabDataFiles() {}

    /** The lab's data files, by name. */
    public static List<Path> list(Lab lab) throws IOException {
        if (!Files.isDirectory(lab.dataDir())) return List.of();
        try (Stream<Path> s = Files.list(lab.dataDir())) {
            return s.filter(Files::isRegularFile).filter(f -> NAME.matcher(f.getFileName().toString()).matches()).sorted().toList();
        }
    }

    /** The data file of that name, if it is one: a plain name of a regular file directly in the data folder, links not followed out. */
    public static Optional<Path> find(Lab lab, String name) throws IOException {
        if (!NAME.matcher(name).matches()) return Optional.empty();
        Path dir = lab.dataDir().toAbsolutePath().normalize();
        Path file = dir.resolve(name).normalize();
        if (!file.getParent().equals(dir) || !Files.isRegularFile(file) || !file.toRealPath().startsWith(dir.toRealPath())) {
            return Optional.empty();
        }
        return Optional.of(file);
    }
}
