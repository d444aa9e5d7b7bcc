package io.m3j.engine.kernel;

/**
 * Chooses the kernels once per process, like Lucene's VectorizationProvider: the Vector API
 * implementation when {@code jdk.incubator.vector} is in the boot layer, else the scalar one (with
 * one log line naming the flag). {@code -Dm3j.kernels=scalar|panama} forces a choice; forcing
 * panama without the module is an error, not a silent fallback.
 */
public final class KernelSelector {
    public static final String PROPERTY = "m3j.kernels";
    static final Kernels DEFAULT = select(System.getProperty(PROPERTY, "auto"));

    private KernelSelector() {
    }

    public static boolean vectorApiAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The scalar kernels, always available. */
    public static Kernels scalar() {
        return new ScalarKernels();
    }

    /** The Vector API kernels; fails when the JVM was started without {@code --add-modules jdk.incubator.vector}. */
    public static Kernels panama() {
        if (!vectorApiAvailable()) {
            throw new IllegalStateException("Vector API kernels requested but the JVM lacks --add-modules jdk.incubator.vector");
        }
        return new PanamaKernels();
    }

    static Kernels select(String choice) {
        return switch (choice) {
            case "scalar" -> scalar();
            case "panama" -> panama();
            case "auto" -> {
                if (vectorApiAvailable()) yield new PanamaKernels();
                System.getLogger("io.m3j.engine").log(System.Logger.Level.INFO,
                        "m3j: using scalar kernels; add the JVM flag --add-modules jdk.incubator.vector for the faster Vector API kernels");
                yield scalar();
            }
            default -> throw new IllegalStateException("-D" + PROPERTY + "=" + choice + " is not one of scalar, panama, auto");
        };
    }
}
