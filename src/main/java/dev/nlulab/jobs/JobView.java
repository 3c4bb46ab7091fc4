package dev.nlulab.jobs;

import dev.nlulab.web.CourseTime;

import java.time.Duration;
import java.util.Locale;

/** A job as the pages show it: times, sizes and state in words, ready for the templates. */
public record JobView(long id, String owner, String lab, String exercise, String kind, JobState state, String stateLabel,
                      Integer queuePosition, String requested, String started, String finished, String exitReason,
                      boolean active) {

    /** What a student reads about a job that failed on the platform's side; the details are for instructors. */
    public static final String NOT_STARTED_FOR_STUDENTS = "This job could not run because of a problem on NLU Lab's side, not"
            + " because of your settings. It used none of your submissions or job quota. Your instructor can see what went"
            + " wrong; try again later.";

    /** Why a job the disk filled under failed (the job process writes it); written for students too. */
    public static final String DISK_FULL = "The server's disk is full, so this job could not write its files and was stopped;"
            + " nothing it wrote counts. This is a problem on NLU Lab's side, not your settings: it used none of your"
            + " submissions or job quota. Try again later.";

    /** {@code instructor}: the viewer may read why a job failed on the platform's side. */
    static JobView of(Job j, String owner, Integer queuePosition, boolean instructor, CourseTime time) {
        return new JobView(j.id(), owner, j.labId(), j.exerciseId(), j.kind(), j.state(), stateLabel(j.state()),
                queuePosition, time.format(j.requestedAt()), time.format(j.startedAt()), time.format(j.finishedAt()),
                exitReason(j, instructor), !j.state().isFinal());
    }

    static String exitReason(Job j, boolean instructor) {
        return j.infraFailure() && !instructor && !readsForStudents(j) ? NOT_STARTED_FOR_STUDENTS : j.exitReason();
    }

    /**
     * Whether a job's reason was written for students (the platform's own words, such as {@link #DISK_FULL}), rather
     * than details of the platform's failure that only instructors read.
     */
    public static boolean readsForStudents(Job j) {
        return DISK_FULL.equals(j.exitReason());
    }

    /** The CSS class of the state pill. */
    public String pillClass() {
        return "pill state-" + state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static String stateLabel(JobState s) {
        return s.name().charAt(0) + s.name().substring(1).toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** "1 h 02 min", "3 min 05 s", "12 s". */
    static String duration(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s >= 3600) return String.format("%d h %02d min", s / 3600, s % 3600 / 60);
        if (s >= 60) return String.format("%d min %02d s", s / 60, s % 60);
        return s + " s";
    }

    static String bytes(long b) {
        if (b >= 1L << 30) return String.format(Locale.ROOT, "%.1f GiB", b / (double) (1L << 30));
        if (b >= 1L << 20) return String.format(Locale.ROOT, "%.1f MiB", b / (double) (1L << 20));
        if (b >= 1L << 10) return String.format(Locale.ROOT, "%.1f KiB", b / 1024.0);
        return b + " B";
    }
}
