package dev.nlulab.jobs;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class MemoryEstimateTest {
    // LLaMA-7B: hidden 4096, MLP 11008, 32 layers; LoRA r = 64 on all seven linear layers of a block
    static long llama7bAdapters(boolean qaLora) {
        long perLayer = 0;
        for (long[] m : new long[][]{{4096, 4096}, {4096, 4096}, {4096, 4096}, {4096, 4096},
                {4096, 11008}, {4096, 11008}, {11008, 4096}}) {
            perLayer += qaLora ? MemoryEstimate.qaLoraParams(64, m[0], m[1], 32, 1) : MemoryEstimate.loraParams(64, m[0], m[1], 1);
        }
        return perLayer * 32;
    }

    @Test
    void adapterCountsMatchTheQaLoraPapersTable2() {
        // QA-LoRA paper, Table 2: 160M trainable parameters for QLoRA on LLaMA-7B, 89M for QA-LoRA
        assertThat(llama7bAdapters(false) / 1e6).isCloseTo(160, within(0.5));
        assertThat(llama7bAdapters(true) / 1e6).isCloseTo(89, within(0.5));
    }

    @Test
    void weightsTakeBitsOverEightBytesPerParameter() {
        assertThat(MemoryEstimate.weightBytes(7_000_000_000L, 4)).isEqualTo(3_500_000_000L);
        assertThat(MemoryEstimate.weightBytes(10, 3)).isEqualTo(4); // 3.75 bytes, rounded up
        assertThat(MemoryEstimate.weightBytes(1000, 16)).isEqualTo(2000);
    }

    @Test
    void theWholeFormulaAddsWeightsAdaptersWithAdamWAndActivations() {
        long params = 3_200_000, adapters = 40_000;
        long total = MemoryEstimate.trainingPeakBytes(params, 4, adapters, 8, 64, 256, 4);
        assertThat(total).isEqualTo(1_600_000 + adapters * 16 + (long) Math.ceil(8.0 * 64 * 256 * 4 * MemoryEstimate.ACTIVATION_BYTES_PER_UNIT));
        // halving the batch halves only the activations
        long half = MemoryEstimate.trainingPeakBytes(params, 4, adapters, 4, 64, 256, 4);
        assertThat(total - half).isEqualTo(MemoryEstimate.activationBytes(4, 64, 256, 4, MemoryEstimate.ACTIVATION_BYTES_PER_UNIT));
    }

    @Test
    void badArgumentsAreNamed() {
        assertThatThrownBy(() -> MemoryEstimate.weightBytes(10, 0)).hasMessageContaining("bits");
        assertThatThrownBy(() -> MemoryEstimate.qaLoraParams(8, 100, 100, 32, 1)).hasMessageContaining("group size 32");
    }
}
