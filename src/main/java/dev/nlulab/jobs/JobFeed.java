package dev.nlulab.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nlulab.identity.Viewer;
import dev.nlulab.web.CourseTime;

import java.nio.file.Path;
import java.util.List;

/**
 * What a job page's live view needs next: the job's state, queue place and progress, and the log
 * lines and metric points written since the last look. The first update carries the log's end and
 * every metric point so far, so a page (re)connecting mid-run draws the whole curve.
 */
final class JobFeed {
    private final JobService jobs;
    private final long jobId;
    private final Viewer viewer;
    private final CourseTime courseTime;
    private final FileTail log;
    private final FileTail metrics;
    private String lastStatus = "";

    /** {@code viewer}: an instructor may read what the platform did wrong (see {@link JobService#logShownTo}). */
    JobFeed(JobService jobs, long jobId, Viewer viewer, CourseTime courseTime) {
        this.jobs = jobs;
        this.jobId = jobId;
        this.viewer = viewer;
        this.courseTime = courseTime;
        Path dir = jobs.jobDir(jobId);
        this.log = new FileTail(dir.resolve(JobFiles.LOG), 32 * 1024);
        this.metrics = new FileTail(dir.resolve(JobFiles.METRICS), 8L << 20);
    }

    /** One update: the payload, whether anything changed since the last, and whether the job has ended. */
    record Update(String json, boolean changed, boolean ended) {}

    Update next() {
        // the row first, then the files: once the row says "ended" the process is gone and its files are complete
        JobService.JobDetail d = jobs.detail(jobId).orElseThrow();
        Job j = d.job();
        ObjectNode n = JobFiles.JSON.createObjectNode();
        n.put("state", j.state().name());
        n.put("stateLabel", JobView.stateLabel(j.state()));
        if (d.queuePosition() != null) n.put("queuePosition", d.queuePosition());
        if (d.progress() != null) n.put("progress", d.progress());
        if (d.eta() != null) n.put("eta", JobView.duration(d.eta()));
        if (j.startedAt() != null) n.put("started", courseTime.format(j.startedAt()));
        if (j.finishedAt() != null) n.put("finished", courseTime.format(j.finishedAt()));
        if (j.exitReason() != null) n.put("exitReason", JobView.exitReason(j, viewer.instructor()));
        if (j.measuredPeakBytes() != null) n.put("peakMemory", JobView.bytes(j.measuredPeakBytes()));
        String status = n.toString();
        boolean changed = !status.equals(lastStatus);
        lastStatus = status;

        ArrayNode logLines = n.putArray("log");
        boolean logShown = jobs.logShownTo(j, viewer);
        List<String> lines = logShown ? log.newLines() : List.of();
        lines.forEach(logLines::add);
        ArrayNode points = n.putArray("metrics");
        for (String line : metrics.newLines()) {
            JsonNode p = parse(line);
            if (p != null && p.isObject()) points.add(p);
        }
        changed |= !lines.isEmpty() || !points.isEmpty();
        boolean ended = j.state().isFinal();
        if (ended) {
            ArrayNode files = n.putArray("artefacts");
            for (JobArtefacts.Artefact a : JobArtefacts.list(jobs.jobDir(jobId), logShown)) {
                files.addObject().put("name", a.name()).put("size", a.size());
            }
            ArrayNode summary = n.putArray("summary");
            JobFiles.readSummary(jobs.jobDir(jobId)).forEach(r -> summary.addObject().put("name", r.name()).put("value", r.value()));
            JobFiles.readTable(jobs.jobDir(jobId)).ifPresent(t -> n.set("table", JobFiles.JSON.valueToTree(t)));
        }
        return new Update(n.toString(), changed, ended);
    }

    private static JsonNode parse(String line) {
        try {
            return JobFiles.JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return null; // a torn line from a killed process is not a point
        }
    }
}
