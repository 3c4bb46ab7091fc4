package dev.nlulab.cli;

import ai.djl.ndarray.NDManager;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.LlamaModel;
import dev.nlulab.ml.quant.CalibrationInputs;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.QuantizedCheckpoint;
import dev.nlulab.ml.quant.QuantizedLinear;
import dev.nlulab.ml.quant.Requantizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code nlulab quantize}: a float model's projections to INT-N by round-to-nearest or GPTQ. */
@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = "Quantize every projection of a Llama-family model to INT-N and save it with codes, scales and zeros.")
public final class QuantizeCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, description = "folder with config.json and model.safetensors")
    Path model;

    @Option(names = "--out", required = true, description = "folder to write the INT-N model to")
    Path out;

    @Option(names = "--bits", defaultValue = "4", description = "2, 3, 4 or 8 (default ${DEFAULT-VALUE})")
    int bits;

    @Option(names = "--group-size", defaultValue = "32", description = "input columns per group, dividing every projection's inputs; -1 for one per row (default ${DEFAULT-VALUE})")
    int groupSize;

    @Option(names = "--method", defaultValue = "rtn", description = "rtn or gptq (default ${DEFAULT-VALUE})")
    String method;

    @Option(names = "--calibration", description = "GPTQ calibration: one sequence of token ids per line")
    Path calibration;

    @Override
    public Integer call() throws Exception {
        Requantizer quantizer = Requantizer.parse(method);
        IntNWeight.checkGroupSize(groupSize, bits); // before the model is loaded
        if (quantizer == Requantizer.GPTQ && calibration == null) {
            throw new IllegalArgumentException("--method gptq needs --calibration (a file of token id lines)");
        }
        try (NDManager root = NDManager.newBaseManager(); LlamaModel m = LlamaModel.load(model, root)) {
            List<String> names = List.copyOf(m.linears().keySet());
            Map<String, float[]> inputs = quantizer == Requantizer.GPTQ
                    ? CalibrationInputs.record(m, names, CalibrationInputs.readTokenIds(calibration)) : Map.of();
            long floatBytes = 0;
            long storedBytes = 0;
            for (String name : names) {
                Linear layer = m.linears().get(name);
                int rows = Math.toIntExact(layer.outFeatures());
                int cols = Math.toIntExact(layer.inFeatures());
                IntNWeight w;
                try {
                    w = quantizer.quantize(layer.floatWeight(root), rows, cols, bits, groupSize, inputs.get(name));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(name + ": " + e.getMessage(), e);
                }
                m.setLinear(name, new QuantizedLinear(w, m.manager()));
                floatBytes += 4L * rows * cols;
                storedBytes += w.storedBytes();
            }
            QuantizedCheckpoint.save(m, out, bits, groupSize);
            QuantizedCheckpoint.copyTokenizer(model, out);
            System.out.printf("quantized %d projections to %d-bit (group %s) by %s: %.2f MB -> %.2f MB%n", names.size(),
                    bits, groupSize <= 0 ? "per row" : groupSize, quantizer, floatBytes / 1e6, storedBytes / 1e6);
        }
        return 0;
    }
}
