package io.m3j.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A {@code .safetensors} file, memory-mapped: tensors are slices of the mapping, never copied to
 * the heap. Layout: 8-byte little-endian header length N, N bytes of JSON
 * ({@code name -> {dtype, shape, data_offsets:[begin,end]}}, offsets relative to the byte after the
 * header), then the data. Every offset and size is checked against the file before use.
 */
public final class SafetensorsFile implements Weights {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private final MappedFile file;
    private final Map<String, Tensor> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(MappedFile file, Map<String, Tensor> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) {
        MappedFile file = MappedFile.open(path);
        try {
            return parse(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    private static SafetensorsFile parse(MappedFile file) {
        Path path = file.path();
        if (file.size() < 8) {
            throw new ModelFormatException("Safetensors file " + path + " is truncated: " + file.size()
                    + " bytes, expected at least the 8-byte header length");
        }
        long headerLength = file.segment().get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
        if (headerLength <= 0 || headerLength > MAX_HEADER || headerLength > file.size() - 8) {
            throw new ModelFormatException("Safetensors file " + path + ": header length " + headerLength
                    + " does not fit the file (" + file.size() + " bytes)");
        }
        byte[] headerBytes = file.slice(8, headerLength, "Safetensors header").toArray(ValueLayout.JAVA_BYTE);
        JsonNode header;
        try {
            header = JSON.readTree(new String(headerBytes, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            throw new ModelFormatException("Safetensors file " + path + ": header is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
        if (header == null || !header.isObject()) {
            throw new ModelFormatException("Safetensors file " + path + ": header is not a JSON object");
        }
        long dataStart = 8 + headerLength;
        long dataSize = file.size() - dataStart;
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                e.getValue().properties().forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                continue;
            }
            tensors.put(e.getKey(), tensor(file, e.getKey(), e.getValue(), dataStart, dataSize));
        }
        return new SafetensorsFile(file, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
    }

    private static Tensor tensor(MappedFile file, String name, JsonNode info, long dataStart, long dataSize) {
        String where = "Tensor " + name + " in " + file.path();
        DType dtype = dtype(info.path("dtype").asText(""), where);
        JsonNode shapeNode = info.path("shape");
        JsonNode offsets = info.path("data_offsets");
        if (!shapeNode.isArray() || !offsets.isArray() || offsets.size() != 2) {
            throw new ModelFormatException(where + ": header entry needs a shape array and data_offsets [begin, end], found " + info);
        }
        int[] shape = new int[shapeNode.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToInt() || d.asInt() < 0) {
                throw new ModelFormatException(where + ": invalid dimension " + d + " in shape " + shapeNode);
            }
            shape[i] = d.asInt();
        }
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataSize) {
            throw new ModelFormatException(where + ": data_offsets [" + begin + ", " + end
                    + "] point outside the data section of " + dataSize + " bytes (file truncated or header corrupt)");
        }
        long expected = Tensor.numel(shape) * dtype.byteSize();
        if (end - begin != expected) {
            throw new ModelFormatException(where + ": shape " + shapeNode + " of " + dtype + " needs " + expected
                    + " bytes but data_offsets span " + (end - begin));
        }
        MemorySegment data = file.slice(dataStart + begin, end - begin, where);
        return new Tensor(name, dtype, shape, data, file.path().toString());
    }

    private static DType dtype(String name, String where) {
        return switch (name) {
            case "F32" -> DType.F32;
            case "F16" -> DType.F16;
            case "BF16" -> DType.BF16;
            case "F64" -> DType.F64;
            case "I64" -> DType.I64;
            case "I32" -> DType.I32;
            case "I16" -> DType.I16;
            case "I8" -> DType.I8;
            case "U8" -> DType.U8;
            case "BOOL" -> DType.BOOL;
            default -> throw new UnsupportedModelException(where + ": unsupported dtype '" + name + "'");
        };
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public Tensor find(String name) {
        return tensors.get(name);
    }

    @Override
    public Set<String> names() {
        return tensors.keySet();
    }

    @Override
    public String source() {
        return file.path().toString();
    }

    @Override
    public void close() {
        file.close();
    }
}
