package dev.nlulab.labs.qalora;

import dev.nlulab.demos.ModelChoices;
import dev.nlulab.identity.Viewer;
import dev.nlulab.jobs.Job;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.JobService;
import dev.nlulab.jobs.JobState;
import dev.nlulab.ml.Safetensors;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.LongFunction;

/**
 * The merged models of fine-tuning jobs, as the Model page offers them: a student's own jobs that
 * succeeded and saved a merged model, any student's for instructors. The job's artefacts folder is the
 * model folder (config.json, model.safetensors, tokenizer.json).
 */
public final class MergedModels implements ModelChoices {
    private static final int LIST_LIMIT = 300;
    static final List<String> MODEL_FILES = List.of("config.json", Safetensors.SINGLE_FILE, "tokenizer.json");

    private final JobService jobs;
    private final LongFunction<String> owners;

    /** {@code owners}: a user's name, shown to instructors beside each job. */
    public MergedModels(JobService jobs, LongFunction<String> owners) {
        this.jobs = jobs;
        this.owners = owners;
    }

    @Override
    public List<Choice> choices(Viewer viewer) {
        List<Job> list = viewer.instructor() ? jobs.listAll(JobState.SUCCEEDED, LIST_LIMIT) : jobs.listOwn(viewer.userId(), LIST_LIMIT);
        return list.stream()
                .filter(j -> FineTuneJobKind.ID.equals(j.kind()) && j.state() == JobState.SUCCEEDED && hasModel(dir(j)))
                .map(j -> choice(j, viewer)).toList();
    }

    @Override
    public Choice choose(Viewer viewer, String id) {
        String text = id == null ? "" : id.trim();
        if (!text.matches("[0-9]{1,18}")) throw new Refused(400, "job must be the number of a fine-tuning job, was '" + text + "'.");
        long jobId = Long.parseLong(text);
        Job j = jobs.find(viewer, jobId).orElseThrow(() -> new Refused(404, "There is no job " + jobId + "."));
        if (!FineTuneJobKind.ID.equals(j.kind())) {
            throw new Refused(422, "Job " + jobId + " is a " + j.kind() + " job; only fine-tuning jobs (" + FineTuneJobKind.ID + ") have a merged model.");
        }
        if (j.state() != JobState.SUCCEEDED) {
            throw new Refused(422, "Job " + jobId + " has " + (j.state().isFinal() ? "ended " : "not finished: it is ")
                    + j.state().name().toLowerCase(Locale.ROOT) + "; only a job that succeeded has a merged model to try.");
        }
        if (!hasModel(dir(j))) throw new Refused(422, "Job " + jobId + " saved no merged model (" + String.join(", ", MODEL_FILES) + ").");
        return choice(j, viewer);
    }

    private Choice choice(Job j, Viewer viewer) {
        String label = "#" + j.id() + " " + CompareView.label(jobs.jobDir(j.id()));
        if (viewer.instructor() && j.userId() != viewer.userId()) label += " (" + owners.apply(j.userId()) + ")";
        return new Choice(Long.toString(j.id()), label, dir(j));
    }

    private Path dir(Job j) {
        return jobs.jobDir(j.id()).resolve(JobFiles.ARTEFACTS);
    }

    private static boolean hasModel(Path dir) {
        return MODEL_FILES.stream().allMatch(f -> Files.isRegularFile(dir.resolve(f)));
    }
}
