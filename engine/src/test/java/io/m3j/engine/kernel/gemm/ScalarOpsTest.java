package io.m3j.engine.kernel.gemm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class ScalarOpsTest {

    @Test
    void expIsWithinFourUlpOfMathExp() {
        double worst = 0;
        for (float x = -87f; x <= 88f; x += 0.00731f) {
            double expected = Math.exp(x);
            double ulps = Math.abs(ScalarOps.exp(x) - expected) / Math.ulp((float) expected);
            worst = Math.max(worst, ulps);
        }
        assertTrue(worst <= 4, "worst error " + worst + " ulp");
        assertEquals(1f, ScalarOps.exp(0f));
        assertEquals((float) Math.exp(-87), ScalarOps.exp(-1000f), 1e-44f);
    }

    @Test
    void geluFormsMatchTheirDefinitions() {
        for (float v = -12f; v <= 12f; v += 0.0137f) {
            double erfForm = 0.5 * v * (1 + ReferenceGemm.erf(v / Math.sqrt(2)));
            double tanhForm = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertEquals(erfForm, ScalarOps.geluErf(v), 2e-7 * (1 + Math.abs(v)), "erf form at " + v);
            assertEquals(tanhForm, ScalarOps.geluTanh(v), 1e-6 * (1 + Math.abs(v)), "tanh form at " + v);
        }
    }

    @Test
    void vectorFormsGiveTheSameBitsAsScalar() {
        assumeTrue(Gemm.panamaAvailable(), "no usable Vector API on this machine");
        float[] x = new float[64];
        float[] out = new float[64];
        float[] scratch = new float[64];
        for (int start = -500; start < 500; start++) {
            for (int i = 0; i < x.length; i++) {
                x[i] = (start * x.length + i) * 0.00291f;
            }
            System.arraycopy(x, 0, out, 0, x.length);
            PanamaEpilogue.exp(out, 0, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(ScalarOps.exp(x[i])), Float.floatToRawIntBits(out[i]), "exp " + x[i]);
            }
            System.arraycopy(x, 0, out, 0, x.length);
            PanamaEpilogue.geluErf(out, scratch, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(ScalarOps.geluErf(x[i])), Float.floatToRawIntBits(out[i]), "erf " + x[i]);
            }
            System.arraycopy(x, 0, out, 0, x.length);
            PanamaEpilogue.geluTanh(out, scratch, x.length);
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(ScalarOps.geluTanh(x[i])), Float.floatToRawIntBits(out[i]), "tanh " + x[i]);
            }
        }
    }
}
