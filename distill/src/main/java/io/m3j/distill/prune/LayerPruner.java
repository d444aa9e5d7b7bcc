package io.m3j.distill.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.config.ModelFolder;
import io.m3j.engine.io.DType;
import io.m3j.engine.io.SafetensorsWriter;
import io.m3j.engine.io.Tensor;
import io.m3j.engine.io.Weights;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Makes a layer-pruned student: a copy of a teacher encoder that keeps only some of its transformer
 * layers (renumbered 0..k-1 in the order given), with the embeddings, pooler and everything else
 * unchanged. The student folder holds {@code model.safetensors} (whatever the teacher's weight
 * format was: safetensors, PyTorch or ONNX), {@code config.json} with the new
 * {@code num_hidden_layers}, and the teacher's tokenizer, sentence-transformers and bge-m3 head
 * files, so m3j, transformers and sentence-transformers load it as they load the teacher.
 *
 * <p>Entry points for {@code m3j prune}: {@link #prune(Path, int[], Path)} for {@code --layers}
 * (parse with {@link #parseLayers}), {@link #pruneEvenly(Path, int, Path)} for {@code --keep N}.
 */
public final class LayerPruner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern LAYER = Pattern.compile("^(.*\\bencoder\\.layer\\.)(\\d+)(\\..+)$");
    private static final Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.]+");
    /** Files a student must not inherit: the teacher's own weights in any format. */
    private static final Set<String> WEIGHT_FILES = Set.of("model.safetensors", "model.safetensors.index.json",
            "pytorch_model.bin", "pytorch_model.bin.index.json", "model.onnx", "tf_model.h5", "flax_model.msgpack");

    private LayerPruner() {
    }

    /** What was written. */
    public record PruneResult(Path out, int teacherLayers, int[] keptLayers, int tensors, long parameters, long bytes) {
    }

    /**
     * {@code count} layers spread evenly over {@code total}: layer {@code floor(i * total / count)}
     * for i = 0..count-1 (24 layers, keep 8: 0,3,6,...,21, the bge-m3-distill-8l choice).
     */
    public static int[] evenlySpaced(int total, int count) {
        if (count < 1 || count > total) {
            throw new IllegalArgumentException("cannot keep " + count + " of " + total + " layers (need 1 <= keep <= " + total + ")");
        }
        int[] out = new int[count];
        for (int i = 0; i < count; i++) out[i] = (int) ((long) i * total / count);
        return out;
    }

    /** Parses {@code 0,3,6,9}. */
    public static int[] parseLayers(String text) {
        String[] parts = text.split(",");
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("layer list '" + text + "': '" + parts[i] + "' is not a layer number", e);
            }
        }
        return out;
    }

    /** {@code m3j prune --keep N}: keeps {@link #evenlySpaced} layers of the teacher's num_hidden_layers. */
    public static PruneResult pruneEvenly(Path teacher, int keep, Path out) {
        int total = readJson(ModelFolder.of(teacher).dir().resolve("config.json")).path("num_hidden_layers").asInt(-1);
        if (total < 1) throw new ModelFormatException(teacher.resolve("config.json") + " has no positive num_hidden_layers");
        return prune(teacher, evenlySpaced(total, keep), out);
    }

    /**
     * Writes a student keeping {@code layers} (strictly increasing teacher layer indices) of the
     * teacher folder into {@code out} (created; existing files of the same names are replaced).
     */
    public static PruneResult prune(Path teacher, int[] layers, Path out) {
        ModelFolder folder = ModelFolder.of(teacher);
        JsonNode config = readJson(teacher.resolve("config.json"));
        int total = config.path("num_hidden_layers").asInt(-1);
        if (total < 1) throw new ModelFormatException(teacher.resolve("config.json") + " has no positive num_hidden_layers");
        validate(layers, total);
        Map<Integer, Integer> renumber = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) renumber.put(layers[i], i);
        try (Weights weights = folder.openWeights()) {
            Files.createDirectories(out);
            copySupportFiles(teacher, out);
            List<Tensor> sources = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String name : weights.names()) {
                Tensor t = weights.require(name);
                if (!t.dtype().isFloatingPoint() || !PARAMETER_NAME.matcher(name).matches()) continue;
                Matcher m = LAYER.matcher(name);
                String target = name;
                if (m.matches()) {
                    Integer to = renumber.get(Integer.parseInt(m.group(2)));
                    if (to == null) continue;
                    target = m.group(1) + to + m.group(3);
                }
                sources.add(t);
                names.add(target);
            }
            checkEveryLayerFound(names, layers.length, weights.source());
            // Sorted names make the file deterministic whatever order the source listed them in.
            Integer[] order = new Integer[names.size()];
            for (int i = 0; i < order.length; i++) order[i] = i;
            Arrays.sort(order, (a, b) -> names.get(a).compareTo(names.get(b)));
            SafetensorsWriter writer = new SafetensorsWriter().metadata("format", "pt");
            Map<String, Tensor> byTarget = new LinkedHashMap<>();
            long parameters = 0;
            for (int i : order) {
                Tensor t = sources.get(i);
                String dtype = t.dtype() == DType.F64 ? "F32" : t.dtype().name();
                long[] shape = Arrays.stream(t.shape()).asLongStream().toArray();
                writer.add(names.get(i), dtype, shape);
                byTarget.put(names.get(i), t);
                parameters += t.numel();
            }
            Path file = out.resolve("model.safetensors");
            writer.write(file, (name, offset, buffer) -> fill(byTarget.get(name), offset, buffer));
            ObjectNode newConfig = config.deepCopy();
            newConfig.put("num_hidden_layers", layers.length);
            Files.writeString(out.resolve("config.json"), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(newConfig));
            return new PruneResult(out, total, layers.clone(), byTarget.size(), parameters, Files.size(file));
        } catch (IOException e) {
            throw new UncheckedIOException("writing pruned student to " + out, e);
        }
    }

    private static void validate(int[] layers, int total) {
        if (layers.length == 0) throw new IllegalArgumentException("keep at least one layer");
        for (int i = 0; i < layers.length; i++) {
            if (layers[i] < 0 || layers[i] >= total) {
                throw new IllegalArgumentException("layer " + layers[i] + " does not exist: the teacher has layers 0.." + (total - 1));
            }
            if (i > 0 && layers[i] <= layers[i - 1]) {
                throw new IllegalArgumentException("layers must be strictly increasing, found " + Arrays.toString(layers));
            }
        }
    }

    private static void checkEveryLayerFound(List<String> names, int kept, String source) {
        for (int i = 0; i < kept; i++) {
            String marker = "encoder.layer." + i + ".";
            boolean found = false;
            for (String n : names) {
                if (n.contains(marker)) {
                    found = true;
                    break;
                }
            }
            if (!found) throw new ModelFormatException("Weights in " + source + " have no tensors for a kept layer (student layer " + i + ")");
        }
    }

    /** Little-endian bytes of {@code t} from {@code offset}; F64 is narrowed to F32. */
    private static void fill(Tensor t, long offset, ByteBuffer out) {
        MemorySegment data = t.data();
        if (t.dtype() == DType.F64) {
            for (long i = offset / 4; out.hasRemaining(); i++) {
                out.putFloat((float) data.getAtIndex(ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), i));
            }
            return;
        }
        int n = out.remaining();
        MemorySegment.copy(data, offset, MemorySegment.ofBuffer(out), 0, n);
        out.position(out.position() + n);
    }

    /** Everything in the teacher folder except its weights: tokenizer, sentence-transformers modules, bge-m3 heads. */
    private static void copySupportFiles(Path teacher, Path out) throws IOException {
        try (Stream<Path> files = Files.walk(teacher)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path rel = teacher.relativize(f);
                String first = rel.getName(0).toString();
                if (WEIGHT_FILES.contains(rel.toString()) || first.equals("onnx") || first.equals("openvino")
                        || rel.toString().equals("config.json") || first.startsWith(".")) {
                    continue;
                }
                Path to = out.resolve(rel.toString());
                Files.createDirectories(to.getParent());
                Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
