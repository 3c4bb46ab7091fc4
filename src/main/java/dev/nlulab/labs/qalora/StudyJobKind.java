package dev.nlulab.labs.qalora;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.JobFiles;
import dev.nlulab.jobs.JobKind;
import dev.nlulab.jobs.SpecCheck;
import dev.nlulab.ml.TrainingExample;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.peft.Requantization;
import dev.nlulab.tasks.TaskItem;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code qalora-study}: the paper's Table 1 in one job. On the same data and settings it trains LoRA on the
 * float base, QLoRA on the NF4 base and QA-LoRA on an INT-N base at each of {@link StudySpec#BITS}, then
 * deploys each: LoRA merged in float, QLoRA merged and quantized again by RTN and by GPTQ at each width,
 * QA-LoRA merged into its zeros. Every deployed model answers the same dev questions; its merged weights
 * are written to disk to be measured, then deleted. The table (study.json, the page's table) has a row per
 * method and width; the job predicts "complete" for each row whose every cell was measured, which is what
 * the completion key grades.
 */
public final class StudyJobKind implements JobKind {
    public static final String ID = "qalora-study";

    @Override
    public String id() { return ID; }

    @Override
    public SpecCheck validate(JsonNode spec, Path dataDir) {
        return StudySpec.parse(spec, dataDir).check();
    }

    /** One training at a time: the largest of theirs. */
    @Override
    public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) {
        StudySpec.Parsed p = StudySpec.parse(spec, dataDir);
        if (p.spec() == null) return JobSetup.HEAP_BASE;
        return p.spec().trainings().stream().mapToLong(s -> JobSetup.estimate(s, p.baseModel().config())).max().orElseThrow();
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        StudySpec.Parsed parsed = StudySpec.parse(ctx.spec(), ctx.dataDir());
        if (!parsed.check().isOk()) throw new IllegalArgumentException("the spec has problems: " + parsed.check());
        StudySpec study = parsed.spec();
        FineTuneSpec first = study.lora();
        List<TaskItem> train = LabData.labelled(ctx.dataDir(), "train", first.families());
        List<TaskItem> dev = LabData.perFamily(LabData.labelled(ctx.dataDir(), "dev", LabData.FAMILIES), study.devPerFamily());
        List<TaskItem> lossItems = LabData.perFamily(LabData.labelled(ctx.dataDir(), "dev", first.families()),
                FineTuneJobKind.EVAL_LOSS_ITEMS / first.families().size());
        List<String> checkQuestions = LabData.perFamily(dev, FineTuneRun.CHECK_PROMPTS / LabData.FAMILIES.size()).stream()
                .map(TaskItem::question).toList();
        Path scratch = ctx.dir().resolve("merged-scratch");
        Path artefacts = Files.createDirectories(ctx.dir().resolve(JobFiles.ARTEFACTS));
        int trainings = study.trainings().size();
        ctx.log(String.format("study: %d trainings of %d steps of %d examples (rank %d, group size %d, lr %s), %d train items;"
                        + " every model answers %d dev questions", trainings, first.steps(), first.batchSize(), first.rank(),
                first.groupSize(), first.lr(), train.size(), dev.size()));
        long t0 = System.nanoTime();
        List<StudyReport.Row> rows = new ArrayList<>();
        RunReport.Accuracy base = null;
        try (NDManager root = JobSetup.engine(ctx)) {
            for (int k = 0; k < trainings; k++) {
                FineTuneSpec spec = study.trainings().get(k);
                String run = StudySpec.runName(spec);
                int done = k;
                try (FineTuneRun r = FineTuneRun.start(spec, parsed.baseModel(), root, train)) {
                    List<TrainingExample> examples = train.stream().map(i -> Prompts.example(r.tokenizer(), spec.format(), i)).toList();
                    List<TrainingExample> lossExamples = lossItems.stream().map(i -> Prompts.example(r.tokenizer(), spec.format(), i)).toList();
                    if (spec.method() == PeftMethod.LORA) { // fresh adapters (B = 0) leave the float base's answers as they were
                        base = RunReport.Accuracy.of(r.accuracy(dev));
                        ctx.log("the base before fine-tuning: " + base.describe());
                    }
                    long[] peak = {0};
                    FineTuneRun.Training t = r.train(examples, lossExamples, (m, eval) -> {
                        peak[0] = Math.max(peak[0], m.rssBytes());
                        ctx.metric(m.step(), JobSetup.stepValues(m, eval, run));
                        if (m.step() % 50 == 0 || m.step() == spec.steps()) {
                            ctx.log(String.format("%s step %d/%d loss %.4f%s", run, m.step(), spec.steps(), m.loss(),
                                    eval == null ? "" : String.format(" dev loss %.4f", eval)));
                        }
                        double fraction = (done + m.step() / (double) spec.steps()) / trainings;
                        double perTraining = (System.nanoTime() - t0) / 1e9 / Math.max(fraction * trainings, 1e-9);
                        ctx.progress(0.9 * fraction, Duration.ofSeconds((long) (perTraining * (trainings - fraction * trainings))));
                    });
                    RunReport.Accuracy before = RunReport.Accuracy.of(r.accuracy(dev));
                    ctx.log(String.format("%s trained in %.0f s (median step %.0f ms); before merging %s", run, t.seconds(),
                            t.medianStepMs(), before.describe()));
                    for (Deployment d : deployments(spec, r, examples)) {
                        try (FineTuneRun.Deployed merged = r.deploy(d.requantization(), checkQuestions)) {
                            RunReport.Accuracy after = RunReport.Accuracy.of(merged.accuracy(dev));
                            double devLoss = Evaluation.loss(r.model(), lossExamples, 16);
                            Path out = Files.createDirectories(scratch.resolve(d.id()));
                            long bytes = merged.save(out, parsed.baseModel().dir());
                            long[] projections = merged.projectionBytes();
                            delete(out);
                            rows.add(new StudyReport.Row(d.id(), d.method(), d.bits(), run, before, after, t.trainableParameters(), t.seconds(),
                                    t.medianStepMs(), peak[0], bytes, projections[0], projections[1], merged.maxLogitDifference(), devLoss));
                            ctx.log(String.format("%s%s: after merging %s, dev loss %.4f; max |logit difference| %.2e; %,d bytes on disk", d.method(),
                                    d.bits() == null ? "" : " INT" + d.bits(), after.describe(), devLoss, merged.maxLogitDifference(), bytes));
                        }
                    }
                }
            }
        } finally {
            delete(scratch);
        }
        StudyReport report = new StudyReport(ctx.spec(), base, rows, (System.nanoTime() - t0) / 1e9);
        report.write(artefacts.resolve(StudyReport.FILE));
        for (StudyReport.Row r : rows) ctx.prediction(r.id(), r.completion());
        ctx.summary(report.summary());
        ctx.table(report.table());
        ctx.progress(1, Duration.ZERO);
    }

    /** One deployed model of a training: its row's id (the completion key's), method and bits (null: float). */
    record Deployment(String id, String method, Integer bits, Requantization requantization) {}

    /** LoRA: merged in float; QA-LoRA: merged exactly at its bits; QLoRA: merged, then RTN and GPTQ at each width. */
    private static List<Deployment> deployments(FineTuneSpec spec, FineTuneRun run, List<TrainingExample> examples) {
        return switch (spec.method()) {
            case LORA -> List.of(new Deployment("lora-float", "LoRA", null, null));
            case QALORA -> List.of(new Deployment("qalora-int" + spec.bits(), "QA-LoRA", spec.bits(), null));
            case QLORA -> {
                Map<String, float[]> calibration = run.calibration(examples); // on the trained model, unmerged
                List<Deployment> out = new ArrayList<>();
                for (int b : StudySpec.BITS) out.add(new Deployment("qlora-rtn-int" + b, "QLoRA + RTN", b, Requantization.rtn(b, spec.groupSize())));
                for (int b : StudySpec.BITS) {
                    out.add(new Deployment("qlora-gptq-int" + b, "QLoRA + GPTQ", b, Requantization.gptq(b, spec.groupSize(), calibration)));
                }
                yield out;
            }
        };
    }

    /** Deletes a folder of files and folders (the merged models written to be measured). */
    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
