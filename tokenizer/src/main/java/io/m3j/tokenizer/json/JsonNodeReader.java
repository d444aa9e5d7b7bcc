package io.m3j.tokenizer.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.m3j.tokenizer.TokenizerFormatException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A JSON node of a tokenizer.json together with its path, so every error names the file, the JSON
 * path and what was expected.
 */
final class JsonNodeReader {
    private final String file;
    private final String path;
    private final JsonNode node;

    JsonNodeReader(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    String path() {
        return path;
    }

    JsonNode node() {
        return node;
    }

    TokenizerFormatException error(String message) {
        return new TokenizerFormatException(file + ": at " + path + ": " + message);
    }

    /** The {@code type} of a component object. */
    String type() {
        return string("type");
    }

    /** Error for a component this implementation does not support. */
    TokenizerFormatException unsupported(String what) {
        return error("unsupported " + what);
    }

    boolean has(String key) {
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNodeReader get(String key) {
        JsonNode v = node.get(key);
        if (v == null || v.isNull()) throw error("missing required field '" + key + "'");
        return new JsonNodeReader(file, path + "." + key, v);
    }

    /** The field, or null if absent or JSON null. */
    JsonNodeReader opt(String key) {
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : new JsonNodeReader(file, path + "." + key, v);
    }

    String string(String key) {
        return get(key).asString();
    }

    String optString(String key, String def) {
        JsonNodeReader v = opt(key);
        return v == null ? def : v.asString();
    }

    boolean bool(String key, boolean def) {
        JsonNodeReader v = opt(key);
        if (v == null) return def;
        if (!v.node.isBoolean()) throw v.error("expected true/false, found " + describe(v.node));
        return v.node.booleanValue();
    }

    int integer(String key, int def) {
        JsonNodeReader v = opt(key);
        return v == null ? def : v.asInt();
    }

    int integer(String key) {
        return get(key).asInt();
    }

    String asString() {
        if (!node.isTextual()) throw error("expected a string, found " + describe(node));
        return node.textValue();
    }

    int asInt() {
        if (!node.isIntegralNumber() || !node.canConvertToInt()) throw error("expected an integer, found " + describe(node));
        return node.intValue();
    }

    double asDouble() {
        if (!node.isNumber()) throw error("expected a number, found " + describe(node));
        return node.doubleValue();
    }

    /** A single character string. */
    char asChar() {
        String s = asString();
        if (s.length() != 1) throw error("expected a single character, found \"" + s + "\"");
        return s.charAt(0);
    }

    List<JsonNodeReader> elements() {
        if (!node.isArray()) throw error("expected an array, found " + describe(node));
        List<JsonNodeReader> out = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) out.add(new JsonNodeReader(file, path + "[" + i + "]", node.get(i)));
        return out;
    }

    /** The fields of an object in file order. */
    List<Map.Entry<String, JsonNodeReader>> fields() {
        if (!node.isObject()) throw error("expected an object, found " + describe(node));
        List<Map.Entry<String, JsonNodeReader>> out = new ArrayList<>(node.size());
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(Map.entry(e.getKey(), new JsonNodeReader(file, path + "." + e.getKey(), e.getValue())));
        }
        return out;
    }

    boolean isObject() {
        return node.isObject();
    }

    boolean isString() {
        return node.isTextual();
    }

    boolean isArray() {
        return node.isArray();
    }

    private static String describe(JsonNode n) {
        String s = n.toString();
        return n.getNodeType().name().toLowerCase() + " " + (s.length() > 60 ? s.substring(0, 60) + "..." : s);
    }
}
