package io.m3j.engine;

/**
 * A well-formed model that uses something this engine does not implement (a model type, an
 * activation, a pooling mode, a dtype). The message names the unsupported component.
 */
public class UnsupportedModelException extends RuntimeException {
    public UnsupportedModelException(String message) {
        super(message);
    }
}
