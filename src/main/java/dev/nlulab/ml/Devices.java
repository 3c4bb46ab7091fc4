package dev.nlulab.ml;

import ai.djl.Device;
import ai.djl.engine.Engine;

/**
 * Where tensors live: "cpu" (the default), "gpu" (fails clearly when none is visible), or "auto".
 * GPU needs a CUDA build of libtorch on the class path instead of the CPU one (a Maven profile).
 */
public final class Devices {
    private Devices() {
    }

    public static Device resolve(String name) {
        switch (name == null ? "cpu" : name.toLowerCase()) {
            case "cpu":
                return Device.cpu();
            case "gpu":
            case "cuda":
                if (Engine.getInstance().getGpuCount() == 0) {
                    throw new IllegalArgumentException("device gpu asked for, but the engine sees no GPU"
                            + " (is the CUDA build of libtorch on the class path and a driver installed?)");
                }
                return Device.gpu();
            case "auto":
                return Engine.getInstance().getGpuCount() > 0 ? Device.gpu() : Device.cpu();
            default:
                throw new IllegalArgumentException("unknown device \"" + name + "\" (cpu, gpu or auto)");
        }
    }
}
