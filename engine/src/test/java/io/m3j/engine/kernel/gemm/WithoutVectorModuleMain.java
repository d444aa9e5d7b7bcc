package io.m3j.engine.kernel.gemm;

/**
 * Run by {@link WithoutVectorModuleTest} in a JVM started without {@code --add-modules
 * jdk.incubator.vector}: the scalar GEMM must work and the Panama one must say why it cannot.
 */
public final class WithoutVectorModuleMain {

    private WithoutVectorModuleMain() {
    }

    public static void main(String[] args) {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            fail("the vector module is present; this check needs a JVM without it");
        }
        if (Gemm.panamaAvailable()) {
            fail("panamaAvailable() is true without the module");
        }
        try {
            Gemm.panama();
            fail("Gemm.panama() did not throw");
        } catch (UnsupportedOperationException expected) {
            if (!expected.getMessage().contains("jdk.incubator.vector")) {
                fail("message does not name the module: " + expected.getMessage());
            }
        }
        // W = [[1, 2, 3], [4, 5, 6]], A = [[1, 1, 1], [2, 0, -1]]; bias [10, 20].
        float[] w = {1, 2, 3, 4, 5, 6};
        float[] a = {1, 1, 1, 2, 0, -1};
        float[] expected = {16, 35, 9, 22};
        for (Precision precision : new Precision[] {Precision.FP32, Precision.BF16}) {
            float[] c = new float[4];
            PackedWeights packed = PackedWeights.pack(w, 2, 3, WeightLayout.OUT_IN, precision);
            Gemm.scalar().multiply(a, 2, packed, c, Epilogue.bias(new float[] {10, 20}), ParallelFor.serial());
            if (!java.util.Arrays.equals(c, expected)) {
                fail(precision + ": got " + java.util.Arrays.toString(c));
            }
        }
        System.out.println("scalar GEMM OK without the vector module");
    }

    private static void fail(String message) {
        System.out.println("FAIL: " + message);
        System.exit(1);
    }
}
