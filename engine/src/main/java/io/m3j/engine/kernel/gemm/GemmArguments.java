package io.m3j.engine.kernel.gemm;

/** Argument checks shared by the GEMM implementations, with messages that name what is wrong. */
final class GemmArguments {

    private GemmArguments() {
    }

    static void check(float[] a, int aOffset, int m, PackedWeights w, float[] c, int cOffset,
                      Epilogue epilogue, ParallelFor parallel) {
        if (w == null || a == null || c == null || epilogue == null || parallel == null) {
            throw new IllegalArgumentException("Gemm: a, w, c, epilogue and parallel are required");
        }
        int k = w.k();
        int n = w.n();
        if (m < 0 || aOffset < 0 || cOffset < 0) {
            throw new IllegalArgumentException("Gemm: negative m or offset (m=" + m + ", aOffset=" + aOffset
                    + ", cOffset=" + cOffset + ")");
        }
        if ((long) aOffset + (long) m * k > a.length) {
            throw new IllegalArgumentException("Gemm: A needs " + ((long) m * k) + " floats (" + m + " x " + k
                    + ") from offset " + aOffset + ", array has " + a.length);
        }
        if ((long) cOffset + (long) m * n > c.length) {
            throw new IllegalArgumentException("Gemm: C needs " + ((long) m * n) + " floats (" + m + " x " + n
                    + ") from offset " + cOffset + ", array has " + c.length);
        }
        if (a == c && aOffset < cOffset + (long) m * n && cOffset < aOffset + (long) m * k) {
            throw new IllegalArgumentException("Gemm: A and C overlap in the same array");
        }
        float[] residual = epilogue.residual();
        if (residual == c && epilogue.residualOffset() != cOffset
                && epilogue.residualOffset() < cOffset + (long) m * n && cOffset < epilogue.residualOffset() + (long) m * n) {
            throw new IllegalArgumentException("Gemm: the residual overlaps C at a different offset ("
                    + epilogue.residualOffset() + " vs " + cOffset + "); it may only be C itself at the same offset");
        }
        epilogue.check(m, n);
    }
}
