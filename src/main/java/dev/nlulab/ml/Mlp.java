package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

import java.util.Map;

/** SwiGLU feed-forward: {@code down(silu(gate(x)) * up(x))}. */
final class Mlp {
    private final Map<String, Linear> linears;
    private final String gate;
    private final String up;
    private final String down;

    Mlp(Map<String, Linear> linears, String prefix) {
        this.linears = linears;
        this.gate = prefix + "gate_proj";
        this.up = prefix + "up_proj";
        this.down = prefix + "down_proj";
    }

    NDArray forward(NDArray x) { // (B, T, D)
        NDArray g = linears.get(gate).forward(x); // (B, T, F)
        NDArray silu = g.mul(Activation.sigmoid(g)); // not Activation.swish: its beta is a Number (docs/djl-pitfalls.md #1)
        return linears.get(down).forward(silu.mul(linears.get(up).forward(x))); // (B, T, D)
    }
}
