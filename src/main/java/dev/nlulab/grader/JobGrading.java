package dev.nlulab.grader;

import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.JobFinishedListener;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.JobState;
import dev.nlulab.jobs.JobView;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Grades a job exercise when its job ends: a job that succeeded has its predictions.jsonl scored like an
 * upload; any other ending makes the submission not gradable (no attempt counted). Jobs that belong
 * to no submission (an instructor's own run) are left alone.
 */
public final class JobGrading implements JobFinishedListener {
    private final SubmissionService submissions;
    private final JobService jobs;

    public JobGrading(SubmissionService submissions, JobService jobs) {
        this.submissions = submissions;
        this.jobs = jobs;
    }

    @Override
    public void jobFinished(Job job, Path jobDir) {
        if (job.labId() == null) return;
        Path predictions = jobDir.resolve(JobFiles.PREDICTIONS);
        try {
            if (job.state() == JobState.SUCCEEDED && Files.isRegularFile(predictions)) submissions.gradeJob(job.id(), predictions);
            else submissions.jobFailed(job.id(), failure(job, predictions));
        } catch (NoSuchElementException e) {
            return; // no submission for this job
        }
        jobs.markGraded(job.id());
    }

    /**
     * After a restart: grades the submissions whose jobs ended while no server was there to grade them (the
     * scheduler re-attaches to the jobs still running). Returns how many it graded.
     */
    public int gradeEndedJobs() {
        int n = 0;
        for (long jobId : submissions.pendingJobs()) {
            Optional<Job> job = jobs.find(jobId);
            if (job.isEmpty()) {
                submissions.jobFailed(jobId, "job " + jobId + " no longer exists");
                n++;
            } else if (job.get().state().isFinal()) {
                jobFinished(job.get(), jobs.jobDir(jobId));
                n++;
            }
        }
        return n;
    }

    private static String failure(Job job, Path predictions) {
        if (job.state() == JobState.SUCCEEDED) return "the job succeeded but wrote no predictions (" + predictions.getFileName() + ")";
        if (job.infraFailure()) {
            if (JobView.readsForStudents(job)) return "job " + job.id() + " failed: " + job.exitReason();
            // the details are on the job's page, for instructors
            return "job " + job.id() + " could not run because of a problem on NLU Lab's side, not yours: it costs no attempt and no job quota";
        }
        String why = job.exitReason() == null || job.exitReason().isBlank() ? "" : ": " + job.exitReason();
        return "job " + job.id() + " ended " + job.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + why;
    }
}
