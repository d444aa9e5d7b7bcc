package io.m3j.engine.kernel;

import io.m3j.engine.EncoderModel;

import java.nio.file.Path;
import java.util.List;

/** Run in a child JVM by {@link KernelSelectionProcessTest}: prints the chosen kernels and runs a model. */
public final class KernelsMain {
    public static void main(String[] args) {
        System.out.println("kernels=" + Kernels.get().name());
        try (EncoderModel model = EncoderModel.load(Path.of(args[0]))) {
            float[] v = model.embed(List.of(new int[] {0, 415, 360, 17, 2}))[0];
            System.out.println("embedding[0]=" + v[0]);
        }
    }
}
