package dev.nlulab.labs.qalora;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nlulab.jobs.JobKind;
import dev.nlulab.jobs.SpecCheck;

import java.nio.file.Path;

/**
 * What the QA-LoRA lab's job kinds share: a spec names its base model in the lab's data, so they check and
 * estimate with the data folder; without one (null) they check what they can.
 */
abstract class QaLoraJobKind implements JobKind {
    @Override
    public abstract SpecCheck validate(JsonNode spec, Path dataDir);

    @Override
    public abstract long estimatePeakMemoryBytes(JsonNode spec, Path dataDir);

    @Override
    public final SpecCheck validate(JsonNode spec) {
        return validate(spec, null);
    }

    @Override
    public final long estimatePeakMemoryBytes(JsonNode spec) {
        return estimatePeakMemoryBytes(spec, null);
    }
}
