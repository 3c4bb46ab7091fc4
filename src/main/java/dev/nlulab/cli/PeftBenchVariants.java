package dev.nlulab.cli;

import dev.nlulab.cli.MlBenchCommand.TrainingVariant;
import dev.nlulab.ml.Projection;
import dev.nlulab.ml.peft.Peft;
import dev.nlulab.ml.peft.PeftConfig;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.peft.Requantization;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The PEFT rows of {@code bench ml}: the same training run with LoRA, QLoRA and QA-LoRA adapters on
 * every projection of a frozen model. Group 16, as when the rows were first measured on the earlier
 * FFN-688 model (688 is not a multiple of 32), so the figures stay comparable.
 */
public final class PeftBenchVariants {
    private static final List<String> ALL_PROJECTIONS = Arrays.stream(Projection.values()).map(Projection::shortName).toList();

    private PeftBenchVariants() {
    }

    public static List<TrainingVariant> variants(int rank, int bits, int groupSize) {
        return List.of(
                variant("LoRA r " + rank, PeftConfig.of(PeftMethod.LORA, rank, ALL_PROJECTIONS)),
                variant("QLoRA r " + rank + ", NF4 base", PeftConfig.of(PeftMethod.QLORA, rank, ALL_PROJECTIONS)),
                variant("QA-LoRA r " + rank + ", INT" + bits + " g " + groupSize + " base",
                        PeftConfig.of(PeftMethod.QALORA, rank, ALL_PROJECTIONS).withQuantization(bits, groupSize)));
    }

    /** Models as they are deployed after fine-tuning: QA-LoRA merged exactly into INT-N, QLoRA merged then re-quantized. */
    public static List<TrainingVariant> mergedVariants(int rank, int bits, int groupSize) {
        PeftConfig qalora = PeftConfig.of(PeftMethod.QALORA, rank, ALL_PROJECTIONS).withQuantization(bits, groupSize);
        PeftConfig qlora = PeftConfig.of(PeftMethod.QLORA, rank, ALL_PROJECTIONS);
        return List.of(
                new TrainingVariant("QA-LoRA merged INT" + bits,
                        model -> Peft.merge(model, Peft.apply(model, qalora, Map.of()), null)),
                new TrainingVariant("QLoRA merged, re-quantized INT" + bits + " (RTN)",
                        model -> Peft.merge(model, Peft.apply(model, qlora, Map.of()), Requantization.rtn(bits, groupSize))));
    }

    private static TrainingVariant variant(String label, PeftConfig config) {
        return new TrainingVariant(label, model -> Peft.apply(model, config, Map.of()));
    }
}
