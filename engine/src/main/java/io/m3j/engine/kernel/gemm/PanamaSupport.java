package io.m3j.engine.kernel.gemm;

/**
 * The only class that names the Panama implementation: call it only after checking that the
 * jdk.incubator.vector module is present, so the scalar path never loads Vector API classes.
 */
final class PanamaSupport {

    private PanamaSupport() {
    }

    static boolean hasEnoughLanes() {
        return preferredFloatLanes() >= 4;
    }

    static int preferredFloatLanes() {
        if (!ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            return 0;
        }
        return PanamaGemm.preferredFloatLanes();
    }

    static Gemm create() {
        return new PanamaGemm();
    }

    static Attention createAttention() {
        return PanamaAttention.INSTANCE;
    }
}
