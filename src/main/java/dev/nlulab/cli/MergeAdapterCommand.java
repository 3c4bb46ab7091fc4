package dev.nlulab.cli;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.peft.AdaptedLinear;
import dev.nlulab.ml.peft.AdapterFiles;
import dev.nlulab.ml.peft.Peft;
import dev.nlulab.ml.peft.PeftConfig;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.peft.Requantization;
import dev.nlulab.ml.quant.CalibrationInputs;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.ml.quant.QuantizedLinear;
import dev.nlulab.ml.quant.Requantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code nlulab merge-adapter}: base model + PEFT adapter folder -> one merged model. QA-LoRA merges
 * exactly into INT-N; QLoRA is re-quantized (--requantize rtn|gptq: the paper's "QLoRA w/ GPTQ");
 * LoRA gives a float model.
 */
@Command(name = "merge-adapter", mixinStandardHelpOptions = true,
        description = "Merge a LoRA / QLoRA / QA-LoRA adapter into its base model and save the result.")
public final class MergeAdapterCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "base model folder (float, or INT-N with quantization_config)")
    Path model;

    @Option(names = "--adapter", required = true, description = "folder with adapter_config.json and adapter_model.safetensors")
    Path adapter;

    @Option(names = "--out", required = true, description = "folder to write the merged model to")
    Path out;

    @Option(names = "--requantize", defaultValue = "rtn", description = "QLoRA only: rtn or gptq (default ${DEFAULT-VALUE})")
    String requantize;

    @Option(names = "--bits", defaultValue = "4", description = "QLoRA only: bits of the re-quantized model (default ${DEFAULT-VALUE})")
    int bits;

    @Option(names = "--group-size", defaultValue = "32", description = "QLoRA only: group size, -1 per row (default ${DEFAULT-VALUE})")
    int groupSize;

    @Option(names = "--calibration", description = "QLoRA with gptq: one sequence of token ids per line")
    Path calibration;

    @Override
    public Integer call() throws Exception {
        PeftConfig config = AdapterFiles.readConfig(adapter);
        try (NDManager root = NDManager.newBaseManager(); LlamaModel m = QuantizedCheckpoint.loadAny(model, root)) {
            Map<String, AdaptedLinear> adapted = Peft.apply(m, config, Map.of());
            AdapterFiles.load(adapter, adapted, m.manager());
            Requantization requantization = null;
            if (config.method() == PeftMethod.QLORA) {
                Requantizer quantizer = Requantizer.parse(requantize);
                Map<String, float[]> inputs = Map.of();
                if (quantizer == Requantizer.GPTQ) {
                    if (calibration == null) {
                        throw new IllegalArgumentException("--requantize gptq needs --calibration (a file of token id lines)");
                    }
                    inputs = CalibrationInputs.record(m, adapted.keySet(), CalibrationInputs.readTokenIds(calibration));
                }
                requantization = new Requantization(quantizer, bits, groupSize, inputs);
            }
            Map<String, Linear> merged = Peft.merge(m, adapted, requantization);
            IntNWeight intN = null; // QA-LoRA and re-quantized QLoRA merge into INT-N, LoRA into float
            for (Linear l : merged.values()) {
                if (intN == null && l instanceof QuantizedLinear q && q.weight() instanceof IntNWeight w) intN = w;
            }
            if (intN != null) {
                int savedGroup = intN.groupSize() == intN.cols() ? -1 : intN.groupSize();
                QuantizedCheckpoint.save(m, out, intN.bits(), savedGroup);
            } else {
                m.save(out);
            }
            QuantizedCheckpoint.copyTokenizer(model, out);
            System.out.printf("merged %s adapters of %d modules into %s%n", config.method(), merged.size(), out);
        }
        return 0;
    }
}
