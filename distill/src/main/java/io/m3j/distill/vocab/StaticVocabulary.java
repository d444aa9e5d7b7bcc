package io.m3j.distill.vocab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.m3j.engine.UnsupportedModelException;
import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.json.JsonTokenizer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The vocabulary of a static model distilled from a teacher, chosen the way model2vec chooses it,
 * and the teacher input of each of its tokens.
 *
 * <ul>
 *   <li>The teacher's tokens in id order, without its special added tokens (the unknown and padding
 *       tokens stay) and without tokens the removal pattern matches at their start (Python's
 *       {@code re.match}; model2vec's default {@code \[unused\d+\]}).</li>
 *   <li>Then the custom words, each normalized and pre-tokenized by the teacher: a word that stays one
 *       piece becomes a new vocabulary token (skipped when the teacher already has it or the removal
 *       pattern matches it); a word that splits into several pieces becomes a non-special added token
 *       holding its normalized, stripped form.</li>
 *   <li>Each token's teacher input is the teacher's begin specials, its teacher id, the end specials
 *       (e.g. {@code [CLS] tok [SEP]}); a token the teacher does not have is encoded by the teacher
 *       with its specials.</li>
 * </ul>
 * The static tokenizer.json is the teacher's with the new vocabulary, the kept added tokens
 * renumbered, the custom multi-piece tokens added and no post-processor; its truncation length
 * becomes the teacher's {@code model_max_length} when known, and its padding points at the new
 * padding id (what model2vec writes, which Python's model2vec and sentence-transformers load).
 */
public final class StaticVocabulary {
    /** model2vec's default removal pattern. */
    public static final String DEFAULT_REMOVE_PATTERN = "\\[unused\\d+\\]";

    private final List<String> tokens;
    private final List<int[]> teacherInputs;
    private final ObjectNode tokenizerJson;
    private final int removedTokens;
    private final int customTokens;
    private final int customMultiPieceTokens;

    private StaticVocabulary(List<String> tokens, List<int[]> teacherInputs, ObjectNode tokenizerJson,
                             int removedTokens, int customTokens, int customMultiPieceTokens) {
        this.tokens = List.copyOf(tokens);
        this.teacherInputs = List.copyOf(teacherInputs);
        this.tokenizerJson = tokenizerJson;
        this.removedTokens = removedTokens;
        this.customTokens = customTokens;
        this.customMultiPieceTokens = customMultiPieceTokens;
    }

    /**
     * @param teacherJson    the teacher's tokenizer.json
     * @param teacher        the same tokenizer, loaded
     * @param customWords    extra words to add (may be empty)
     * @param removePattern  tokens matching this at their start are dropped; null keeps all
     * @param modelMaxLength the teacher's {@code model_max_length} (tokenizer_config.json), 0 if unknown
     */
    public static StaticVocabulary build(JsonNode teacherJson, JsonTokenizer teacher, List<String> customWords,
                                         Pattern removePattern, int modelMaxLength) {
        String source = teacher.toString();
        JsonNode model = teacherJson.path("model");
        String type = modelType(model, source);
        String[] byId = modelTokens(model, type, source);
        String unk = unkToken(model, type, byId);

        Map<String, JsonNode> added = new HashMap<>();
        Set<String> specials = new HashSet<>();
        for (JsonNode t : teacherJson.path("added_tokens")) {
            String content = t.path("content").asText();
            added.put(content, t);
            if (t.path("special").asBoolean(false)) specials.add(content);
        }
        String pad = padToken(teacherJson, specials);

        List<String> kept = new ArrayList<>();
        List<Integer> keptTeacherIds = new ArrayList<>();
        int removed = 0;
        for (int id = 0; id < byId.length; id++) {
            String t = byId[id];
            if (t == null) continue;
            boolean special = specials.contains(t) && !t.equals(unk) && !t.equals(pad);
            if (special || (removePattern != null && removePattern.matcher(t).lookingAt())) {
                removed++;
                continue;
            }
            kept.add(t);
            keptTeacherIds.add(id);
        }
        if (kept.isEmpty()) {
            throw new IllegalArgumentException(source + ": the removal pattern " + removePattern + " removes every token");
        }

        List<String> newTokens = new ArrayList<>();
        List<String> multiPiece = new ArrayList<>();
        if (!customWords.isEmpty()) {
            if (!type.equals("WordPiece")) {
                throw new UnsupportedModelException(source + ": a custom vocabulary needs a WordPiece teacher tokenizer, found "
                        + type + " (model2vec's rule for adding words is defined for WordPiece)");
            }
            Set<String> seen = new HashSet<>();
            for (String t : byId) if (t != null) seen.add(t);
            Set<String> seenMulti = new LinkedHashSet<>();
            Set<String> unreachable = new HashSet<>();
            for (String word : customWords) {
                List<String> pieces = teacher.preTokenize(word);
                if (pieces.isEmpty()) continue;
                if (pieces.size() > 1) {
                    // A raw word the vocabulary holds but the pre-tokenizer splits is unreachable: model2vec drops it.
                    unreachable.add(word);
                    String content = teacher.normalize(word).strip();
                    if (!content.isEmpty() && seenMulti.add(content)) multiPiece.add(content);
                    continue;
                }
                String piece = pieces.getFirst();
                if (seen.contains(piece)) continue;
                if (removePattern != null && removePattern.matcher(piece).lookingAt()) continue;
                seen.add(piece);
                newTokens.add(piece);
            }
            for (int i = kept.size() - 1; i >= 0; i--) {
                if (unreachable.contains(kept.get(i))) {
                    kept.remove(i);
                    keptTeacherIds.remove(i);
                    removed++;
                }
            }
        }

        List<String> all = new ArrayList<>(kept);
        all.addAll(newTokens);
        all.addAll(multiPiece);
        int[][] wrap = specialWrapping(teacher);
        List<int[]> inputs = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++) {
            int teacherId = i < kept.size() ? keptTeacherIds.get(i) : (i < kept.size() + newTokens.size() ? teacher.tokenToId(all.get(i)) : -1);
            if (teacherId >= 0) {
                int[] in = new int[wrap[0].length + 1 + wrap[1].length];
                System.arraycopy(wrap[0], 0, in, 0, wrap[0].length);
                in[wrap[0].length] = teacherId;
                System.arraycopy(wrap[1], 0, in, wrap[0].length + 1, wrap[1].length);
                inputs.add(in);
            } else {
                inputs.add(teacher.encode(all.get(i), true, 0).ids());
            }
        }

        ObjectNode json = teacherJson.deepCopy();
        Map<String, Integer> newIds = new HashMap<>();
        for (int i = 0; i < all.size(); i++) newIds.putIfAbsent(all.get(i), i);
        ObjectNode outModel = (ObjectNode) json.get("model");
        writeModel(outModel, model, type, kept.size() + newTokens.size(), all, newIds, unk);
        ArrayNode outAdded = json.putArray("added_tokens");
        for (JsonNode t : teacherJson.path("added_tokens")) {
            String content = t.path("content").asText();
            Integer id = newIds.get(content);
            // model2vec keeps only the unknown and padding tokens of the teacher's added tokens.
            if (id == null || id >= kept.size() || !(content.equals(unk) || content.equals(pad))) continue;
            ObjectNode copy = t.deepCopy();
            copy.put("id", id);
            outAdded.add(copy);
        }
        for (int i = 0; i < multiPiece.size(); i++) {
            ObjectNode t = outAdded.addObject();
            t.put("id", kept.size() + newTokens.size() + i);
            t.put("content", multiPiece.get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", true);
            t.put("special", false);
        }
        json.set("post_processor", JsonNodeFactory.instance.nullNode());
        if (json.path("truncation").isObject() && modelMaxLength > 0) {
            ((ObjectNode) json.get("truncation")).put("max_length", modelMaxLength);
        }
        if (json.path("padding").isObject()) {
            Integer padId = pad == null ? null : newIds.get(pad);
            if (padId == null) json.set("padding", JsonNodeFactory.instance.nullNode());
            else ((ObjectNode) json.get("padding")).put("pad_id", padId);
        }
        return new StaticVocabulary(all, inputs, json, removed, newTokens.size(), multiPiece.size());
    }

    /** Static token ids in order: the token strings. */
    public List<String> tokens() {
        return tokens;
    }

    /** Per static token, the teacher ids it is embedded from. */
    public List<int[]> teacherInputs() {
        return teacherInputs;
    }

    /** The static model's tokenizer.json. */
    public ObjectNode tokenizerJson() {
        return tokenizerJson;
    }

    public int size() {
        return tokens.size();
    }

    /** Teacher tokens left out (specials, pattern matches). */
    public int removedTokens() {
        return removedTokens;
    }

    /** Custom words added as new single-piece vocabulary tokens. */
    public int customTokens() {
        return customTokens;
    }

    /** Custom words added as multi-piece added tokens. */
    public int customMultiPieceTokens() {
        return customMultiPieceTokens;
    }

    /**
     * The specials the teacher's post-processor puts before and after a single sequence, found by
     * locating the plain encoding of a short text inside its encoding with specials.
     */
    static int[][] specialWrapping(JsonTokenizer teacher) {
        for (String probe : List.of("a", "hello", "1", "x", ".")) {
            int[] plain = teacher.encode(probe, false, 0).ids();
            int[] full = teacher.encode(probe, true, 0).ids();
            if (plain.length == 0) continue;
            for (int at = 0; at + plain.length <= full.length; at++) {
                if (Arrays.equals(full, at, at + plain.length, plain, 0, plain.length)) {
                    return new int[][]{Arrays.copyOfRange(full, 0, at), Arrays.copyOfRange(full, at + plain.length, full.length)};
                }
            }
        }
        throw new TokenizerFormatException(teacher + ": cannot find where the post-processor puts its special tokens");
    }

    private static String modelType(JsonNode model, String source) {
        String type = model.path("type").asText("");
        if (!type.isEmpty()) return type;
        if (model.path("vocab").isArray()) return "Unigram";
        if (model.has("merges")) return "BPE";
        if (model.has("continuing_subword_prefix")) return "WordPiece";
        throw new TokenizerFormatException(source + ": cannot tell the tokenizer model type (no model.type)");
    }

    private static String[] modelTokens(JsonNode model, String type, String source) {
        JsonNode vocab = model.path("vocab");
        if (type.equals("Unigram")) {
            String[] out = new String[vocab.size()];
            for (int i = 0; i < out.length; i++) out[i] = vocab.get(i).get(0).asText();
            return out;
        }
        if (!vocab.isObject()) throw new TokenizerFormatException(source + ": model.vocab of " + type + " is not an object");
        int max = -1;
        for (var e : vocab.properties()) max = Math.max(max, e.getValue().asInt());
        String[] out = new String[max + 1];
        for (var e : vocab.properties()) out[e.getValue().asInt()] = e.getKey();
        return out;
    }

    private static String unkToken(JsonNode model, String type, String[] byId) {
        if (type.equals("Unigram")) {
            JsonNode id = model.get("unk_id");
            return id == null || id.isNull() || id.asInt() >= byId.length ? null : byId[id.asInt()];
        }
        JsonNode unk = model.get("unk_token");
        return unk == null || unk.isNull() ? null : unk.asText();
    }

    private static String padToken(JsonNode json, Set<String> specials) {
        JsonNode padding = json.path("padding");
        if (padding.isObject() && padding.path("pad_token").isTextual()) return padding.get("pad_token").asText();
        for (String candidate : List.of("[PAD]", "<pad>")) if (specials.contains(candidate)) return candidate;
        return null;
    }

    private static void writeModel(ObjectNode out, JsonNode model, String type, int vocabTokens, List<String> all,
                                   Map<String, Integer> newIds, String unk) {
        if (type.equals("Unigram")) {
            Map<String, JsonNode> scored = new HashMap<>();
            for (JsonNode entry : model.path("vocab")) scored.putIfAbsent(entry.get(0).asText(), entry);
            ArrayNode vocab = out.putArray("vocab");
            for (int i = 0; i < vocabTokens; i++) vocab.add(scored.get(all.get(i)).deepCopy());
            if (unk != null && newIds.containsKey(unk)) out.put("unk_id", newIds.get(unk));
            else out.set("unk_id", JsonNodeFactory.instance.nullNode());
            return;
        }
        ObjectNode vocab = out.putObject("vocab");
        for (int i = 0; i < vocabTokens; i++) vocab.put(all.get(i), i);
        if (type.equals("BPE") && model.has("merges")) {
            String prefix = model.path("continuing_subword_prefix").asText("");
            ArrayNode merges = out.putArray("merges");
            for (JsonNode m : model.path("merges")) {
                String a, b;
                if (m.isArray()) {
                    a = m.get(0).asText();
                    b = m.get(1).asText();
                } else {
                    String s = m.asText();
                    int space = s.indexOf(' ');
                    if (space < 0) continue;
                    a = s.substring(0, space);
                    b = s.substring(space + 1);
                }
                String merged = a + (!prefix.isEmpty() && b.startsWith(prefix) ? b.substring(prefix.length()) : b);
                if (isVocab(newIds, a, vocabTokens) && isVocab(newIds, b, vocabTokens) && isVocab(newIds, merged, vocabTokens)) {
                    merges.add(m.deepCopy());
                }
            }
        }
    }

    private static boolean isVocab(Map<String, Integer> ids, String token, int vocabTokens) {
        Integer id = ids.get(token);
        return id != null && id < vocabTokens;
    }
}
