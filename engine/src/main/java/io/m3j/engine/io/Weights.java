package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;

import java.util.Set;

/**
 * Named tensors from one or more weight files, under Hugging Face parameter names
 * (e.g. {@code encoder.layer.0.attention.self.query.weight}, Linear weights as [out, in]).
 * Closing releases the file mappings; tensors obtained before must not be used afterwards.
 */
public interface Weights extends AutoCloseable {

    /** The tensor with this exact name, or null. */
    Tensor find(String name);

    Set<String> names();

    /** Which file(s) these weights come from, for error messages. */
    String source();

    @Override
    void close();

    /** The tensor with this name, or a {@link ModelFormatException} naming it and the file. */
    default Tensor require(String name) {
        Tensor t = find(name);
        if (t == null) throw new ModelFormatException("Missing tensor " + name + " in " + source());
        return t;
    }

    /** The tensor with this name and exactly this shape. */
    default Tensor require(String name, int... shape) {
        return require(name).requireShape(shape);
    }
}
