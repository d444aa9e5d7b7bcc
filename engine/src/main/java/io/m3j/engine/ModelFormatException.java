package io.m3j.engine;

/**
 * A model file is malformed or does not hold what the model needs: a truncated file, offsets outside
 * the file, a missing tensor, a wrong shape, a forbidden pickle global. The message names the file,
 * the tensor or component, what was expected and what was found.
 */
public class ModelFormatException extends RuntimeException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
