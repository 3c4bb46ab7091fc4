package dev.nlulab.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The files of a job a student may download: the job's own outputs at the top of its folder and
 * whatever the kind saved flat in artefacts/. A name is looked up, never joined blindly: it must be
 * a plain file name, and the file's real path (links resolved) must stay inside the job folder.
 */
public final class JobArtefacts {
    static final List<String> OUTPUTS = List.of(JobFiles.PREDICTIONS, JobFiles.METRICS, JobFiles.LOG, JobFiles.RESULT);
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    /** One downloadable file: its name in the URL and its size. */
    public record Artefact(String name, long bytes) {
        public String size() { return JobView.bytes(bytes); }
    }

    private JobArtefacts() {}

    /** {@code withLog}: whether log.txt is listed (see {@link JobService#logShownTo}). */
    static List<Artefact> list(Path jobDir, boolean withLog) {
        List<Artefact> out = new ArrayList<>();
        for (String name : OUTPUTS) {
            if (withLog || !name.equals(JobFiles.LOG)) find(jobDir, name).ifPresent(f -> out.add(new Artefact(name, size(f))));
        }
        Path folder = jobDir.resolve(JobFiles.ARTEFACTS);
        if (Files.isDirectory(folder)) {
            try (Stream<Path> files = Files.list(folder)) {
                files.map(f -> f.getFileName().toString()).sorted()
                        .filter(name -> !OUTPUTS.contains(name)) // the job's own outputs take those names
                        .forEach(name -> find(jobDir, name).ifPresent(f -> out.add(new Artefact(name, size(f)))));
            } catch (IOException e) {
                // listed again on the next page load
            }
        }
        return out;
    }

    /** The file behind a download name, or empty for anything else (unknown, not plain, outside the folder). */
    static Optional<Path> find(Path jobDir, String name) {
        if (name == null || !PLAIN_NAME.matcher(name).matches() || name.contains("..")) return Optional.empty();
        Path base = jobDir.toAbsolutePath().normalize();
        Path f = (OUTPUTS.contains(name) ? base : base.resolve(JobFiles.ARTEFACTS)).resolve(name).normalize();
        if (!f.startsWith(base) || !Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) return Optional.empty();
        try {
            if (!f.toRealPath().startsWith(base.toRealPath())) return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(f);
    }

    static String contentType(String name) {
        if (name.endsWith(".jsonl")) return "application/x-ndjson; charset=utf-8";
        if (name.endsWith(".json")) return "application/json; charset=utf-8";
        if (name.endsWith(".txt") || name.endsWith(".log")) return "text/plain; charset=utf-8";
        if (name.endsWith(".csv")) return "text/csv; charset=utf-8";
        return "application/octet-stream";
    }

    /** Text files (worth compressing on the way); anything else is sent as it is. */
    static boolean isText(String name) {
        return !contentType(name).equals("application/octet-stream");
    }

    private static long size(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }
}
