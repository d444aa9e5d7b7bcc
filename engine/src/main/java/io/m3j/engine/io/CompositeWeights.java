package io.m3j.engine.io;

import io.m3j.engine.ModelFormatException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Several weight files seen as one (sharded checkpoints, a model plus separate head files). */
public final class CompositeWeights implements Weights {
    private final List<Weights> parts;
    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    public CompositeWeights(List<? extends Weights> parts) {
        this.parts = List.copyOf(parts);
        for (Weights w : this.parts) {
            for (String name : w.names()) {
                Tensor previous = tensors.putIfAbsent(name, w.find(name));
                if (previous != null) {
                    throw new ModelFormatException("Tensor " + name + " appears in both " + previous.source()
                            + " and " + w.source());
                }
            }
        }
    }

    @Override
    public Tensor find(String name) {
        return tensors.get(name);
    }

    @Override
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    @Override
    public String source() {
        List<String> sources = new ArrayList<>();
        for (Weights w : parts) sources.add(w.source());
        return String.join(", ", sources);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (Weights w : parts) {
            try {
                w.close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e; else failure.addSuppressed(e);
            }
        }
        if (failure != null) throw failure;
    }
}
