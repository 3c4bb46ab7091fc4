package dev.nlulab.ml;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;

/** SwiGLU feed-forward: {@code down(silu(gate(x)) * up(x))}. */
final class Mlp {
    Linear gate; // (F, D)
    Linear up;   // (F, D)
    Linear down; // (D, F)

    Mlp(Linear gate, Linear up, Linear down) {
        this.gate = gate;
        this.up = up;
        this.down = down;
    }

    NDArray forward(NDArray x) {                     // (B, T, D)
        NDArray g = gate.forward(x);                 // (B, T, F)
        NDArray silu = g.mul(Activation.sigmoid(g)); // (B, T, F); not Activation.swish: its beta is a Number (docs/djl-pitfalls.md #1)
        return down.forward(silu.mul(up.forward(x))); // (B, T, F) -> (B, T, D)
    }
}
