package io.m3j.engine.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.engine.ModelFormatException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A sharded safetensors checkpoint described by {@code model.safetensors.index.json}. */
public final class ShardedSafetensors {
    private ShardedSafetensors() {
    }

    public static Weights open(Path indexFile) {
        JsonNode index;
        try {
            index = new ObjectMapper().readTree(indexFile.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read safetensors index " + indexFile + ": " + e.getMessage(), e);
        }
        JsonNode weightMap = index == null ? null : index.get("weight_map");
        if (weightMap == null || !weightMap.isObject()) {
            throw new ModelFormatException("Safetensors index " + indexFile + " has no weight_map object");
        }
        Path dir = indexFile.toAbsolutePath().getParent();
        Set<String> shardNames = new LinkedHashSet<>();
        for (Map.Entry<String, JsonNode> e : weightMap.properties()) shardNames.add(e.getValue().asText());
        List<Weights> shards = new ArrayList<>();
        try {
            for (String shard : shardNames) {
                Path p = dir.resolve(shard).normalize();
                if (!p.startsWith(dir) || !p.toFile().isFile()) {
                    throw new ModelFormatException("Safetensors index " + indexFile + " names shard '" + shard
                            + "', which is not a file in " + dir);
                }
                shards.add(SafetensorsFile.open(p));
            }
            CompositeWeights all = new CompositeWeights(shards);
            for (Map.Entry<String, JsonNode> e : weightMap.properties()) {
                if (all.find(e.getKey()) == null) {
                    throw new ModelFormatException("Tensor " + e.getKey() + " listed in " + indexFile
                            + " is missing from shard " + e.getValue().asText());
                }
            }
            return all;
        } catch (RuntimeException e) {
            for (Weights w : shards) w.close();
            throw e;
        }
    }
}
