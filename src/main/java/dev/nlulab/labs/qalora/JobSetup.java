package dev.nlulab.labs.qalora;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.nlulab.jobs.JobContext;
import dev.nlulab.jobs.MemoryEstimate;
import dev.nlulab.ml.Devices;
import dev.nlulab.ml.LlamaConfig;
import dev.nlulab.ml.Projection;
import dev.nlulab.ml.peft.PeftMethod;
import dev.nlulab.ml.quant.Requantizer;

import java.util.Map;

/** What the lab's job kinds share: where they run, and how much memory a fine-tuning run takes. */
final class JobSetup {
    /** Java heap besides the model's own arrays: data, generation, the queue's JSON. */
    static final long HEAP_BASE = 256L << 20;

    private JobSetup() {}

    /**
     * One PyTorch thread per CPU job (the queue packs jobs onto cores; two threads of one job would fight
     * a neighbour for them), set before the engine starts; a GPU when the CUDA build sees one.
     */
    static NDManager engine(JobContext ctx) {
        if (System.getProperty("ai.djl.pytorch.num_threads") == null) System.setProperty("ai.djl.pytorch.num_threads", "1");
        if (System.getProperty("ai.djl.pytorch.num_interop_threads") == null) System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        Device device = Devices.resolve("auto");
        ctx.log("device " + device + (device.isGpu() ? "" : ", " + System.getProperty("ai.djl.pytorch.num_threads") + " intra-op thread(s)"));
        return NDManager.newBaseManager(device);
    }

    /**
     * Peak memory of one run on {@code c} ({@link MemoryEstimate}'s terms): the float base as loaded, the
     * projections' dequantized copies (CPU PyTorch has no low-bit matMul), adapters with gradients and
     * AdamW moments, activations kept for backward (float32: twice the 16-bit constant), the logits with
     * their log-softmax and gradient, and the Java heap (weights copied for quantizing, GPTQ's inputs).
     */
    static long estimate(FineTuneSpec s, LlamaConfig c) {
        long projections = 0, adapterParams = 0, calibrationWidth = 0;
        for (Projection p : Projection.values()) {
            long in = p.inFeatures(c), out = p.outFeatures(c);
            projections += in * out * c.numHiddenLayers();
            calibrationWidth += in * c.numHiddenLayers();
            if (!s.targets().contains(p.shortName())) continue;
            adapterParams += s.method() == PeftMethod.QALORA
                    ? MemoryEstimate.qaLoraParams(s.rank(), in, out, s.groupSize(), c.numHiddenLayers())
                    : MemoryEstimate.loraParams(s.rank(), in, out, c.numHiddenLayers());
        }
        long weights = MemoryEstimate.weightBytes(c.parameterCount(), 32)
                + (s.method() == PeftMethod.LORA ? 0 : MemoryEstimate.weightBytes(projections, 32) + MemoryEstimate.weightBytes(projections, s.bits()));
        long perStep = (long) s.batchSize() * FineTuneSpec.MAX_LENGTH;
        long activations = MemoryEstimate.activationBytes(s.batchSize(), FineTuneSpec.MAX_LENGTH, c.hiddenSize(), c.numHiddenLayers(),
                2 * MemoryEstimate.ACTIVATION_BYTES_PER_UNIT);
        long logits = perStep * c.vocabSize() * 4 * 3;
        boolean gptq = s.method() != PeftMethod.LORA && s.quantizer() == Requantizer.GPTQ;
        long calibration = gptq ? (long) FineTuneRun.CALIBRATION_SEQUENCES * FineTuneSpec.MAX_LENGTH * calibrationWidth * 4 : 0;
        long heap = HEAP_BASE + 8 * projections + calibration;
        return weights + MemoryEstimate.adapterBytes(adapterParams) + activations + logits + heap;
    }

    /** A metrics line's values for one optimizer step (the job page's table and curve read these names). */
    static Map<String, Object> stepValues(dev.nlulab.ml.StepMetrics m, Double evalLoss, String run) {
        Map<String, Object> v = new java.util.LinkedHashMap<>();
        if (run != null) v.put("run", run);
        v.put("loss", m.loss());
        v.put("lr", m.learningRate());
        v.put("grad_norm", m.gradientNorm());
        v.put("tokens_per_s", m.tokensPerSecond());
        v.put("step_ms", m.seconds() * 1000);
        if (evalLoss != null) v.put("eval_loss", evalLoss);
        if (m.rssBytes() > 0) v.put("rss_bytes", m.rssBytes());
        return v;
    }
}
