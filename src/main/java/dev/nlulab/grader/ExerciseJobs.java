package dev.nlulab.grader;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobRejectedException;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.labs.Exercise;
import dev.nlulab.labs.Lab;
import dev.nlulab.labs.Parameter;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Starts the job of a job exercise from its form: checks the values against the exercise's parameters, the
 * submission window and limits, queues the job and records the submission that its grade will land on.
 */
public final class ExerciseJobs {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SubmissionService submissions;
    private final JobService jobs;

    public ExerciseJobs(SubmissionService submissions, JobService jobs) {
        this.submissions = submissions;
        this.jobs = jobs;
    }

    /** The submission of a started job, or what is wrong with the form: by field, and in general. */
    public record Started(SubmissionView submission, Map<String, String> fieldErrors, List<String> problems) {
        public boolean ok() { return submission != null; }
    }

    /**
     * Starts the job for {@code form} (parameter name to the text the student typed).
     * @throws SubmissionRefusedException when the window is closed or a limit is reached (no job started)
     */
    public Started start(Viewer viewer, Lab lab, Exercise ex, Map<String, String> form) {
        return start(viewer, lab, ex, form, null);
    }

    /** As {@link #start(Viewer, Lab, Exercise, Map)}, with the student's write-up (checked before the job is queued). */
    public Started start(Viewer viewer, Lab lab, Exercise ex, Map<String, String> form, String writeup) {
        if (ex.kind() != Exercise.Kind.JOB) throw new IllegalArgumentException("exercise '" + ex.id() + "' takes a file, not a job");
        Map<String, Object> values = new LinkedHashMap<>(form);
        Map<String, String> errors = ex.parameters().validate(values);
        if (!errors.isEmpty()) return new Started(null, errors, List.of());
        submissions.requireOpen(viewer, lab.id(), ex.id()); // before queueing: a refused student starts nothing
        SubmissionService.requireWriteup(ex, writeup);
        ObjectNode spec = JSON.valueToTree(ex.parameters().resolve(values));
        Job job;
        try {
            job = jobs.submit(new JobService.JobRequest(viewer.userId(), lab.id(), ex.id(), ex.jobKind(), spec, null, lab.dataDir()));
        } catch (JobRejectedException e) {
            return rejected(ex, e);
        }
        try {
            return new Started(submissions.submitJob(viewer, lab.id(), ex.id(), job.id(), writeup), Map.of(), List.of());
        } catch (SubmissionRefusedException e) {
            jobs.cancel(job.id()); // another request took the last attempt in between
            throw e;
        }
    }

    /** The job kind's own checks (quotas, memory): on the field they name, or in general. */
    private static Started rejected(Exercise ex, JobRejectedException e) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> general = new ArrayList<>();
        for (SpecCheck.Problem p : e.problems()) {
            String field = p.field().startsWith("spec.") ? p.field().substring("spec.".length()) : p.field();
            if (ex.parameters().parameters().stream().map(Parameter::name).anyMatch(field::equals)) fields.put(field, p.message());
            else general.add(p.message());
        }
        return new Started(null, fields, general);
    }
}
