package dev.nlulab.ml.peft;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.nlulab.ml.DenseLinear;
import dev.nlulab.ml.Linear;
import dev.nlulab.ml.quant.IntNWeight;
import dev.nlulab.ml.quant.Nf4Weight;
import dev.nlulab.ml.quant.QuantizedLinear;
import dev.nlulab.ml.quant.RoundToNearest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Random;

import static dev.nlulab.ml.peft.PeftTestData.maxAbs;
import static dev.nlulab.ml.peft.PeftTestData.maxAbsDiff;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PeftLayersTest {
    static final int IN = 64;
    static final int OUT = 48;
    static NDManager m;

    @BeforeAll
    static void open() {
        m = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        m.close();
    }

    NDArray input(long seed) {
        return PeftTestData.normal(m, seed, 1.0, 2, 5, IN); // (B, T, in)
    }

    QuantizedLinear intN(int bits, int groupSize, long seed) {
        float[] w = PeftTestData.normal(m, seed, 0.1, OUT, IN).toFloatArray();
        return new QuantizedLinear(RoundToNearest.quantize(w, OUT, IN, bits, groupSize), m);
    }

    @Test
    void loraWithZeroBEqualsItsBase() {
        DenseLinear base = PeftTestData.dense(m, 1, OUT, IN);
        LoraLinear lora = new LoraLinear(base, 8, 16, 0, m, new Random(2));
        NDArray x = input(3);
        assertThat(maxAbs(lora.adapter().a())).isGreaterThan(0);
        assertThat(maxAbsDiff(lora.forward(x), base.forward(x))).isZero();
        assertThat(lora.trainable()).containsExactly(lora.adapter().a(), lora.adapter().b());
    }

    @Test
    void dropoutActsOnTheAdapterInputOnlyWhileTraining() {
        DenseLinear base = PeftTestData.dense(m, 34, OUT, IN);
        LoraLinear lora = new LoraLinear(base, 8, 16, 0.5f, m, new Random(35));
        PeftTestData.randomize(lora.adapter(), 36);
        NDArray x = input(37);
        NDArray eval = lora.forward(x);
        assertThat(maxAbsDiff(lora.forward(x), eval)).isZero();
        lora.adapter().setTraining(true);
        NDArray train = lora.forward(x);
        lora.adapter().setTraining(false);
        assertThat(maxAbsDiff(train, eval)).isGreaterThan(1e-3);
        assertThat(maxAbsDiff(lora.forward(x), eval)).isZero();
    }

    @Test
    void loraMergeEqualsUnmerged() {
        LoraLinear lora = new LoraLinear(PeftTestData.dense(m, 4, OUT, IN), 8, 16, 0, m, new Random(5));
        PeftTestData.randomize(lora.adapter(), 6);
        NDArray x = input(7);
        NDArray merged = lora.merge(m).forward(x);
        NDArray unmerged = lora.forward(x);
        assertThat(maxAbsDiff(unmerged, lora.base().forward(x))).isGreaterThan(0.1); // the adapter matters
        assertThat(maxAbsDiff(merged, unmerged)).isLessThan(1e-4);
        // any Linear's weight, read through its forward of the identity, is the merged weight too
        float[] viaIdentity = lora.floatWeight(m);
        float[] expected = lora.mergedWeight(m);
        for (int i = 0; i < expected.length; i++) {
            assertThat(viaIdentity[i]).isCloseTo(expected[i], org.assertj.core.data.Offset.offset(1e-5f));
        }
    }

    @Test
    void qaLoraMergedEqualsUnmergedAndStaysIntN() {
        for (int bits : new int[] {2, 3, 4}) {
            for (int g : new int[] {16, 32, -1}) {
                QaLoraLinear qa = new QaLoraLinear(intN(bits, g, 8), 4, 16, 0, m, new Random(9));
                PeftTestData.randomize(qa.adapter(), 10);
                NDArray x = input(11);
                NDArray unmerged = qa.forward(x);
                QuantizedLinear merged = qa.merge(m);
                assertThat(maxAbsDiff(unmerged, qa.base().forward(x))).as("adapter effect").isGreaterThan(0.05);
                assertThat(maxAbsDiff(merged.forward(x), unmerged)).as("%d bits, group %d", bits, g).isLessThan(1e-4);
                IntNWeight before = (IntNWeight) ((QuantizedLinear) qa.base()).weight();
                IntNWeight after = (IntNWeight) merged.weight();
                assertThat(after.bits()).isEqualTo(bits);
                assertThat(after.packed()).isEqualTo(before.packed());
                assertThat(after.scales()).isEqualTo(before.scales());
                assertThat(after.zeros()).isNotEqualTo(before.zeros());
            }
        }
    }

    @Test
    void qaLoraNeedsAnIntNBase() {
        float[] w = PeftTestData.normal(m, 38, 0.1, OUT, IN).toFloatArray();
        QuantizedLinear nf4 = new QuantizedLinear(Nf4Weight.quantize(w, OUT, IN, false), m);
        assertThatThrownBy(() -> new QaLoraLinear(nf4, 4, 16, 0, m, new Random(39)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("INT-N base").hasMessageContaining("Nf4Weight");
    }

    @Test
    void qaLoraPoolsEachGroupToItsMean() {
        QaLoraLinear qa = new QaLoraLinear(intN(4, 16, 12), 4, 16, 0, m, new Random(13));
        NDArray x = input(14);
        float[] pooled = qa.pool(x).toFloatArray();
        float[] raw = x.toFloatArray();
        assertThat(qa.pool(x).getShape()).isEqualTo(new Shape(2, 5, IN / 16));
        double mean = 0;
        for (int i = 16; i < 32; i++) {
            mean += raw[IN + i] / 16.0; // token 1, group 1
        }
        assertThat(pooled[IN / 16 + 1]).isCloseTo((float) mean, org.assertj.core.data.Offset.offset(1e-5f));
    }

    @Test
    void qloraMergeChangesOutputsByLessWithMoreBits() {
        float[] w = PeftTestData.normal(m, 15, 0.1, OUT, IN).toFloatArray();
        LoraLinear qlora = new LoraLinear(new QuantizedLinear(Nf4Weight.quantize(w, OUT, IN, true), m), 8, 16, 0, m, new Random(16));
        PeftTestData.randomize(qlora.adapter(), 17);
        NDArray x = input(18);
        NDArray unmerged = qlora.forward(x);
        double scale = maxAbs(unmerged);
        double previous = Double.MAX_VALUE;
        for (int bits : IntNWeight.SUPPORTED_BITS) {
            QuantizedLinear merged = Requantization.rtn(bits, 16).apply("layer", qlora.merge(m), m);
            double change = maxAbsDiff(merged.forward(x), unmerged);
            assertThat(change).as("%d bits", bits).isGreaterThan(0).isLessThan(previous);
            previous = change;
        }
        assertThat(previous).isLessThan(0.02 * scale); // 8 bits: close to the float merge
    }

    @Test
    void qloraRequantizedByGptqKeepsCalibrationOutputsCloserThanRtn() {
        float[] w = PeftTestData.normal(m, 19, 0.1, OUT, IN).toFloatArray();
        LoraLinear qlora = new LoraLinear(new QuantizedLinear(Nf4Weight.quantize(w, OUT, IN, true), m), 8, 16, 0, m, new Random(20));
        PeftTestData.randomize(qlora.adapter(), 21);
        // correlated calibration inputs: a rank-6 signal plus noise
        NDArray x = PeftTestData.normal(m, 22, 1, 256, 6).matMul(PeftTestData.normal(m, 23, 1, 6, IN))
                .add(PeftTestData.normal(m, 24, 0.1, 256, IN));
        NDArray target = qlora.forward(x);
        Map<String, float[]> calibration = Map.of("layer", x.toFloatArray());
        for (int bits : new int[] {2, 3, 4}) {
            Linear rtn = Requantization.rtn(bits, 32).apply("layer", qlora.merge(m), m);
            Linear gptq = Requantization.gptq(bits, 32, calibration).apply("layer", qlora.merge(m), m);
            double rtnError = target.sub(rtn.forward(x)).square().sum().getFloat();
            double gptqError = target.sub(gptq.forward(x)).square().sum().getFloat();
            assertThat(gptqError).as("%d bits", bits).isLessThan(rtnError);
        }
    }

    @Test
    void loraGradientsMatchFiniteDifferencesAfterAGarbageCollection() {
        LoraLinear lora = new LoraLinear(PeftTestData.dense(m, 25, OUT, IN), 4, 16, 0, m, new Random(26));
        PeftTestData.randomize(lora.adapter(), 27);
        checkGradients(lora, lora.adapter());
    }

    @Test
    void qaLoraGradientsMatchFiniteDifferencesAfterAGarbageCollection() {
        QaLoraLinear qa = new QaLoraLinear(intN(3, 16, 28), 4, 16, 0, m, new Random(29));
        PeftTestData.randomize(qa.adapter(), 30);
        checkGradients(qa, qa.adapter());
    }

    /** Loss = sum(y * R): exact finite differences in each adapter entry, since y is linear in A and in B. */
    private void checkGradients(Linear layer, Adapter adapter) {
        NDArray x = input(31);
        NDArray r = PeftTestData.normal(m, 32, 1, 2, 5, OUT);
        try (NDManager step = m.newSubManager()) {
            x.tempAttach(step);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = layer.forward(x).mul(r).sum();
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    try (NDManager junk = m.newSubManager()) { // reuse freed native memory
                        for (int j = 0; j < 50; j++) {
                            junk.randomNormal(new Shape(64, 64)).mul(junk.create(3f));
                        }
                    }
                }
                gc.backward(loss);
            }
        }
        Random pick = new Random(33);
        for (NDArray p : adapter.parameters()) {
            float[] grad = p.getGradient().toFloatArray();
            assertThat(maxAbs(p.getGradient())).isGreaterThan(0);
            float[] values = p.toFloatArray();
            for (int t = 0; t < 5; t++) {
                int i = pick.nextInt(values.length);
                float h = 1e-2f;
                double[] losses = new double[2];
                for (int s = 0; s < 2; s++) {
                    float[] moved = values.clone();
                    moved[i] += s == 0 ? h : -h;
                    p.set(moved);
                    losses[s] = layer.forward(x).mul(r).sum().getFloat();
                }
                p.set(values);
                double numeric = (losses[0] - losses[1]) / (2 * h);
                assertThat(grad[i]).as("d loss / d %s[%d]", p.getShape(), i)
                        .isCloseTo((float) numeric, org.assertj.core.data.Offset.offset((float) (0.01 * Math.abs(numeric) + 2e-3)));
            }
        }
    }
}
