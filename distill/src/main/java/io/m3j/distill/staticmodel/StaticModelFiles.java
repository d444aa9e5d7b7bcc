package io.m3j.distill.staticmodel;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.engine.ModelFormatException;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a static model's files are: the model2vec layout keeps everything at the top of the folder;
 * sentence-transformers keeps the StaticEmbedding module in a subfolder named by modules.json.
 *
 * @param config          model2vec's config.json, or null
 * @param normalizeModule whether modules.json has a Normalize module (used when config.json does not say)
 */
record StaticModelFiles(Path weights, Path tokenizer, Path config, boolean normalizeModule) {

    /** The files of a static model in {@code dir}, or null when it is not one. */
    static StaticModelFiles locate(Path dir) {
        if (!Files.isDirectory(dir)) return null;
        Path modulesFile = dir.resolve("modules.json");
        Path moduleDir = null;
        boolean normalize = false;
        if (Files.isRegularFile(modulesFile)) {
            JsonNode modules = StaticModel.readJson(modulesFile);
            for (JsonNode m : modules) {
                String type = m.path("type").asText("");
                if (type.endsWith("StaticEmbedding")) {
                    moduleDir = dir.resolve(m.path("path").asText("")).normalize();
                    if (!moduleDir.startsWith(dir.normalize())) {
                        throw new ModelFormatException(modulesFile + ": StaticEmbedding path " + m.path("path") + " leaves the folder");
                    }
                }
                if (type.endsWith("Normalize")) normalize = true;
            }
        }
        Path root = moduleDir != null ? moduleDir : dir;
        Path weights = root.resolve("model.safetensors");
        Path tokenizer = root.resolve("tokenizer.json");
        if (!Files.isRegularFile(weights) || !Files.isRegularFile(tokenizer)) return null;
        if (moduleDir == null) {
            // Without modules.json, only a model2vec config.json marks the folder as static.
            Path config = dir.resolve("config.json");
            if (!Files.isRegularFile(config) || !StaticModel.readJson(config).path("model_type").asText("").equals("model2vec")) {
                return null;
            }
        }
        Path config = dir.resolve("config.json");
        boolean model2vecConfig = Files.isRegularFile(config)
                && StaticModel.readJson(config).path("model_type").asText("").equals("model2vec");
        return new StaticModelFiles(weights, tokenizer, model2vecConfig ? config : null, normalize);
    }
}
