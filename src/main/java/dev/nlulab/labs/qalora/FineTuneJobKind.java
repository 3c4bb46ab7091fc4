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
import dev.nlulab.ml.quant.Requantizer;
import dev.nlulab.tasks.TaskItem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code qalora-finetune}: one fine-tuning run of the QA-LoRA lab ({@link FineTuneSpec} lists its
 * settings). It quantizes the base, trains adapters on the lab's train split with the dev loss every
 * few steps, saves the adapter in PEFT's layout, merges it (QLoRA: and quantizes again), checks the
 * merge against the unmerged model, evaluates both on dev, saves the merged model and answers every
 * test question with it. Artefacts (flat, so each downloads): adapter_config.json,
 * adapter_model.safetensors, the merged model's config.json, model.safetensors and tokenizer.json,
 * and report.json.
 */
public final class FineTuneJobKind implements JobKind {
    public static final String ID = "qalora-finetune";
    /** Dev examples whose loss is the curve's eval loss. */
    static final int EVAL_LOSS_ITEMS = 100;

    @Override
    public String id() { return ID; }

    @Override
    public SpecCheck validate(JsonNode spec, Path dataDir) {
        return FineTuneSpec.parse(spec, dataDir).check();
    }

    @Override
    public long estimatePeakMemoryBytes(JsonNode spec, Path dataDir) {
        FineTuneSpec.Parsed p = FineTuneSpec.parse(spec, dataDir);
        return p.spec() == null ? JobSetup.HEAP_BASE : JobSetup.estimate(p.spec(), p.baseModel().config());
    }

    @Override
    public void run(JobContext ctx) throws Exception {
        FineTuneSpec.Parsed parsed = FineTuneSpec.parse(ctx.spec(), ctx.dataDir());
        if (!parsed.check().isOk()) throw new IllegalArgumentException("the spec has problems: " + parsed.check());
        FineTuneSpec spec = parsed.spec();
        Path artefacts = ctx.dir().resolve(JobFiles.ARTEFACTS);
        Files.createDirectories(artefacts);
        List<TaskItem> train = LabData.labelled(ctx.dataDir(), "train", spec.families());
        List<TaskItem> dev = LabData.labelled(ctx.dataDir(), "dev", LabData.FAMILIES);
        List<LabData.Question> test = LabData.test(ctx.dataDir());
        ctx.log(spec.label() + ": rank " + spec.rank() + ", alpha " + spec.alpha() + ", targets " + String.join(",", spec.targets())
                + ", " + spec.steps() + " steps of " + spec.batchSize() + " x " + spec.accumulation() + " examples, lr " + spec.lr()
                + " (" + spec.schedule().name().toLowerCase(Locale.ROOT) + ", warm-up " + spec.warmup() + "), data "
                + String.join("+", spec.families()) + " (" + train.size() + " train items), format " + spec.format().name().toLowerCase(Locale.ROOT));
        try (NDManager root = JobSetup.engine(ctx)) {
            long t0 = System.nanoTime();
            RunReport report;
            try (FineTuneRun run = FineTuneRun.start(spec, parsed.baseModel(), root, train)) {
                List<TrainingExample> trainExamples = train.stream().map(i -> Prompts.example(run.tokenizer(), spec.format(), i)).toList();
                List<TrainingExample> evalExamples = LabData.perFamily(LabData.labelled(ctx.dataDir(), "dev", spec.families()),
                        EVAL_LOSS_ITEMS / spec.families().size()).stream().map(i -> Prompts.example(run.tokenizer(), spec.format(), i)).toList();
                ctx.log(String.format("base %s loaded and quantized in %.1f s; %,d trainable parameters", parsed.baseModel().name(),
                        run.quantizeSeconds(), run.model().trainableParameterCount()));
                ctx.progress(0.05, null);
                FineTuneRun.Training training = run.train(trainExamples, evalExamples, (m, eval) -> {
                    ctx.metric(m.step(), JobSetup.stepValues(m, eval, null));
                    if (m.step() % 25 == 0 || eval != null) {
                        ctx.log(String.format("step %d/%d loss %.4f%s lr %.2e %.0f tokens/s", m.step(), spec.steps(), m.loss(),
                                eval == null ? "" : String.format(" dev loss %.4f", eval), m.learningRate(), m.tokensPerSecond()));
                    }
                    double done = m.step() / (double) spec.steps();
                    double perStep = (System.nanoTime() - t0) / 1e9 / m.step();
                    ctx.progress(0.05 + 0.8 * done, Duration.ofSeconds((long) (perStep * (spec.steps() - m.step()) + 20)));
                });
                run.saveAdapter(artefacts);
                Evaluation.Accuracy before = run.accuracy(dev);
                ctx.log("dev accuracy before merging: " + RunReport.Accuracy.of(before).describe());
                ctx.progress(0.88, null);
                Requantization requantization = spec.method() != PeftMethod.QLORA ? null
                        : spec.quantizer() == Requantizer.GPTQ ? Requantization.gptq(spec.bits(), spec.groupSize(), run.calibration(trainExamples))
                        : Requantization.rtn(spec.bits(), spec.groupSize());
                List<String> checkQuestions = LabData.perFamily(dev, FineTuneRun.CHECK_PROMPTS / LabData.FAMILIES.size()).stream().map(TaskItem::question).toList();
                try (FineTuneRun.Deployed merged = run.deploy(requantization, checkQuestions)) {
                    ctx.log(String.format("merged%s: max |logit difference| against the unmerged model %.2e on %d dev prompts",
                            requantization == null ? "" : " and re-quantized by " + spec.quantizer() + " to INT" + spec.bits(),
                            merged.maxLogitDifference(), checkQuestions.size()));
                    Evaluation.Accuracy after = merged.accuracy(dev);
                    ctx.log("dev accuracy after merging: " + RunReport.Accuracy.of(after).describe());
                    long weightBytes = merged.save(artefacts, parsed.baseModel().dir());
                    long[] projections = merged.projectionBytes();
                    ctx.progress(0.93, null);
                    List<String> answers = merged.answers(test.stream().map(LabData.Question::question).toList());
                    for (int i = 0; i < test.size(); i++) ctx.prediction(test.get(i).id(), answers.get(i));
                    ctx.log("answered the " + test.size() + " test questions with the merged model");
                    report = new RunReport(spec.label(), spec.method().name().toLowerCase(Locale.ROOT),
                            spec.deploysIntN() ? spec.bits() : null, spec.deploysIntN() ? spec.groupSize() : null,
                            spec.deploysIntN() ? spec.quantizer().name().toLowerCase(Locale.ROOT) : null, ctx.spec(),
                            training.trainableParameters(), training.steps(), training.seconds(), training.medianStepMs(),
                            training.tokensPerSecond(), training.peakRssBytes(), run.quantizeSeconds(), training.finalLoss(),
                            training.finalEvalLoss(), RunReport.Accuracy.of(before), RunReport.Accuracy.of(after),
                            new RunReport.MergeCheck(merged.maxLogitDifference(), checkQuestions.size(), RunReport.MergeCheck.EXACT),
                            new RunReport.Size(weightBytes, projections[0], projections[1]));
                }
            }
            report.write(artefacts.resolve(RunReport.FILE));
            ctx.summary(report.rows());
            ctx.progress(1, Duration.ZERO);
        }
    }
}
