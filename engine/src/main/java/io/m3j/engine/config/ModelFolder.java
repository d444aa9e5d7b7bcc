package io.m3j.engine.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.engine.ModelFormatException;
import io.m3j.engine.UnsupportedModelException;
import io.m3j.engine.io.OnnxModelFile;
import io.m3j.engine.io.SafetensorsFile;
import io.m3j.engine.io.ShardedSafetensors;
import io.m3j.engine.io.TorchCheckpoint;
import io.m3j.engine.io.Weights;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A model directory in the Hugging Face / sentence-transformers layout: {@code config.json}, weights,
 * tokenizer files, and optionally {@code modules.json} (Pooling, Normalize),
 * {@code sentence_bert_config.json} and bge-m3's {@code colbert_linear.pt} / {@code sparse_linear.pt}.
 */
public final class ModelFolder {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private ModelFolder(Path dir) {
        this.dir = dir;
    }

    public static ModelFolder of(Path dir) {
        if (!Files.isDirectory(dir)) throw new ModelFormatException("Model folder " + dir + " is not a directory");
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new ModelFormatException("Model folder " + dir + " has no config.json");
        }
        return new ModelFolder(dir);
    }

    public Path dir() {
        return dir;
    }

    public EncoderConfig config() {
        return EncoderConfig.read(dir.resolve("config.json"));
    }

    /** tokenizer.json, else sentencepiece.bpe.model, else vocab.txt; null if there is none. */
    public Path tokenizerFile() {
        for (String name : List.of("tokenizer.json", "sentencepiece.bpe.model", "vocab.txt")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    public List<WeightFormat> availableFormats() {
        List<WeightFormat> formats = new ArrayList<>();
        if (Files.isRegularFile(dir.resolve("model.safetensors")) || Files.isRegularFile(dir.resolve("model.safetensors.index.json"))) {
            formats.add(WeightFormat.SAFETENSORS);
        }
        if (Files.isRegularFile(dir.resolve("pytorch_model.bin"))) formats.add(WeightFormat.PYTORCH);
        if (onnxFile() != null) formats.add(WeightFormat.ONNX);
        return formats;
    }

    /** The first available format in {@link WeightFormat} order. */
    public WeightFormat preferredFormat() {
        List<WeightFormat> formats = availableFormats();
        if (formats.isEmpty()) {
            throw new ModelFormatException("Model folder " + dir + " has no weights (model.safetensors, "
                    + "model.safetensors.index.json, pytorch_model.bin, onnx/model.onnx or model.onnx)");
        }
        return formats.getFirst();
    }

    /** Opens the weights in the preferred available format. */
    public Weights openWeights() {
        return openWeights(preferredFormat());
    }

    public Weights openWeights(WeightFormat format) {
        return switch (format) {
            case SAFETENSORS -> Files.isRegularFile(dir.resolve("model.safetensors"))
                    ? SafetensorsFile.open(dir.resolve("model.safetensors"))
                    : ShardedSafetensors.open(require("model.safetensors.index.json"));
            case PYTORCH -> TorchCheckpoint.open(require("pytorch_model.bin"));
            case ONNX -> {
                Path onnx = onnxFile();
                if (onnx == null) throw new ModelFormatException("Model folder " + dir + " has no onnx/model.onnx or model.onnx");
                yield OnnxModelFile.open(onnx);
            }
        };
    }

    /** bge-m3 head weights ({@code colbert_linear} / {@code sparse_linear}, .pt or .safetensors), or null when absent. */
    public Weights openHead(String stem) {
        Path pt = dir.resolve(stem + ".pt");
        if (Files.isRegularFile(pt)) return TorchCheckpoint.open(pt);
        Path st = dir.resolve(stem + ".safetensors");
        if (Files.isRegularFile(st)) return SafetensorsFile.open(st);
        return null;
    }

    /**
     * Pooling and normalisation from modules.json; without modules.json, mean pooling and no
     * normalisation (what sentence-transformers does for a plain Hugging Face model).
     */
    public PoolingConfig pooling() {
        int maxSeqLength = 0;
        Path sbert = dir.resolve("sentence_bert_config.json");
        if (Files.isRegularFile(sbert)) maxSeqLength = readJson(sbert).path("max_seq_length").asInt(0);
        Path modulesFile = dir.resolve("modules.json");
        if (!Files.isRegularFile(modulesFile)) return new PoolingConfig(List.of(PoolingMode.MEAN), false, maxSeqLength);
        JsonNode modules = readJson(modulesFile);
        if (!modules.isArray()) throw new ModelFormatException(modulesFile + " is not a JSON array");
        List<PoolingMode> modes = null;
        boolean normalize = false;
        for (JsonNode module : modules) {
            String type = module.path("type").asText("");
            String simple = type.substring(type.lastIndexOf('.') + 1);
            switch (simple) {
                case "Transformer" -> { }
                case "Pooling" -> {
                    Path config = dir.resolve(module.path("path").asText("")).resolve("config.json").normalize();
                    if (!config.startsWith(dir.normalize()) || !Files.isRegularFile(config)) {
                        throw new ModelFormatException(modulesFile + ": Pooling module config " + config + " is missing");
                    }
                    modes = PoolingConfig.parseModes(readJson(config), config.toString());
                }
                case "Normalize" -> normalize = true;
                default -> throw new UnsupportedModelException(modulesFile + ": module type '" + type
                        + "' is not supported (Transformer, Pooling, Normalize)");
            }
        }
        if (modes == null) throw new UnsupportedModelException(modulesFile + " has no Pooling module");
        return new PoolingConfig(modes, normalize, maxSeqLength);
    }

    /**
     * The ids FlagEmbedding leaves out of bge-m3 sparse weights: the CLS, EOS, PAD and UNK tokens,
     * looked up in tokenizer.json's added tokens via special_tokens_map.json.
     */
    public int[] sparseExcludedIds() {
        Path map = dir.resolve("special_tokens_map.json");
        Path tokenizer = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(map) || !Files.isRegularFile(tokenizer)) {
            throw new ModelFormatException("Model folder " + dir + " needs special_tokens_map.json and tokenizer.json to know "
                    + "which special ids the sparse head skips");
        }
        JsonNode specials = readJson(map);
        JsonNode added = readJson(tokenizer).path("added_tokens");
        Set<Integer> ids = new LinkedHashSet<>();
        for (String role : List.of("cls_token", "eos_token", "pad_token", "unk_token")) {
            JsonNode v = specials.path(role);
            String content = v.isObject() ? v.path("content").asText(null) : v.asText(null);
            if (content == null) continue;
            for (JsonNode t : added) {
                if (content.equals(t.path("content").asText())) ids.add(t.path("id").asInt());
            }
        }
        int[] out = new int[ids.size()];
        int i = 0;
        for (int id : ids) out[i++] = id;
        return out;
    }

    private Path onnxFile() {
        for (Path p : List.of(dir.resolve("onnx").resolve("model.onnx"), dir.resolve("model.onnx"))) {
            if (Files.isRegularFile(p)) return p;
        }
        return null;
    }

    private Path require(String name) {
        Path p = dir.resolve(name);
        if (!Files.isRegularFile(p)) throw new ModelFormatException("Model folder " + dir + " has no " + name);
        return p;
    }

    private static JsonNode readJson(Path p) {
        try {
            return JSON.readTree(p.toFile());
        } catch (IOException e) {
            throw new ModelFormatException("Cannot read " + p + ": " + e.getMessage(), e);
        }
    }
}
