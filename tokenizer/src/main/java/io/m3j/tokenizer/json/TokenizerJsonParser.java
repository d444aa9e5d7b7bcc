package io.m3j.tokenizer.json;

import io.m3j.tokenizer.decode.BpeDecoder;
import io.m3j.tokenizer.decode.ByteFallbackDecoder;
import io.m3j.tokenizer.decode.ByteLevelDecoder;
import io.m3j.tokenizer.decode.Decoder;
import io.m3j.tokenizer.decode.FuseDecoder;
import io.m3j.tokenizer.decode.MetaspaceDecoder;
import io.m3j.tokenizer.decode.ReplaceDecoder;
import io.m3j.tokenizer.decode.SequenceDecoder;
import io.m3j.tokenizer.decode.StripDecoder;
import io.m3j.tokenizer.decode.WordPieceDecoder;
import io.m3j.tokenizer.model.BpeModel;
import io.m3j.tokenizer.model.TokenizerModel;
import io.m3j.tokenizer.model.UnigramModel;
import io.m3j.tokenizer.model.WordPieceModel;
import io.m3j.tokenizer.normalize.BertNormalizer;
import io.m3j.tokenizer.normalize.LowercaseNormalizer;
import io.m3j.tokenizer.normalize.Normalizer;
import io.m3j.tokenizer.normalize.PrecompiledNormalizer;
import io.m3j.tokenizer.normalize.PrependNormalizer;
import io.m3j.tokenizer.normalize.ReplaceNormalizer;
import io.m3j.tokenizer.normalize.SequenceNormalizer;
import io.m3j.tokenizer.normalize.StripAccentsNormalizer;
import io.m3j.tokenizer.normalize.StripNormalizer;
import io.m3j.tokenizer.normalize.UnicodeNormalizer;
import io.m3j.tokenizer.postprocess.BertProcessing;
import io.m3j.tokenizer.postprocess.ByteLevelProcessing;
import io.m3j.tokenizer.postprocess.PostProcessor;
import io.m3j.tokenizer.postprocess.RobertaProcessing;
import io.m3j.tokenizer.postprocess.SequenceProcessing;
import io.m3j.tokenizer.postprocess.TemplateProcessing;
import io.m3j.tokenizer.pretokenize.BertPreTokenizer;
import io.m3j.tokenizer.pretokenize.ByteLevelPreTokenizer;
import io.m3j.tokenizer.pretokenize.DigitsPreTokenizer;
import io.m3j.tokenizer.pretokenize.MetaspacePreTokenizer;
import io.m3j.tokenizer.pretokenize.PreTokenizer;
import io.m3j.tokenizer.pretokenize.PunctuationPreTokenizer;
import io.m3j.tokenizer.pretokenize.SequencePreTokenizer;
import io.m3j.tokenizer.pretokenize.SplitBehavior;
import io.m3j.tokenizer.pretokenize.SplitPreTokenizer;
import io.m3j.tokenizer.pretokenize.WhitespacePreTokenizer;
import io.m3j.tokenizer.pretokenize.WhitespaceSplitPreTokenizer;
import io.m3j.tokenizer.spm.PrecompiledCharsMap;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Builds the components of a {@link JsonTokenizer} from a parsed tokenizer.json. */
final class TokenizerJsonParser {
    private TokenizerJsonParser() {
    }

    static Normalizer normalizer(JsonNodeReader n) {
        if (n == null) return null;
        String type = n.type();
        return switch (type) {
            case "BertNormalizer" -> {
                boolean lowercase = n.bool("lowercase", true);
                boolean strip = n.has("strip_accents") ? n.bool("strip_accents", lowercase) : lowercase;
                yield new BertNormalizer(n.bool("clean_text", true), n.bool("handle_chinese_chars", true), strip, lowercase);
            }
            case "Sequence" -> {
                List<Normalizer> list = new ArrayList<>();
                for (JsonNodeReader e : n.get("normalizers").elements()) list.add(normalizer(e));
                yield new SequenceNormalizer(list);
            }
            case "Lowercase" -> new LowercaseNormalizer();
            case "Strip" -> new StripNormalizer(n.bool("strip_left", true), n.bool("strip_right", true));
            case "StripAccents" -> new StripAccentsNormalizer();
            case "NFC" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFC);
            case "NFD" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new UnicodeNormalizer(java.text.Normalizer.Form.NFKD);
            case "Prepend" -> new PrependNormalizer(n.string("prepend"));
            case "Replace" -> {
                JsonNodeReader p = n.get("pattern");
                String content = n.string("content");
                String literal = patternLiteral(p);
                yield literal != null ? ReplaceNormalizer.literal(literal, content)
                        : ReplaceNormalizer.regex(patternRegex(p), content);
            }
            case "Precompiled" -> precompiled(n);
            default -> throw n.unsupported("normalizer type '" + type + "'");
        };
    }

    private static Normalizer precompiled(JsonNodeReader n) {
        JsonNodeReader blob = n.opt("precompiled_charsmap");
        if (blob == null) return new PrecompiledNormalizer(PrecompiledCharsMap.empty());
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(blob.asString());
        } catch (IllegalArgumentException e) {
            throw blob.error("precompiled_charsmap is not valid base64: " + e.getMessage());
        }
        try {
            return new PrecompiledNormalizer(bytes.length == 0 ? PrecompiledCharsMap.empty() : PrecompiledCharsMap.parse(bytes));
        } catch (RuntimeException e) {
            throw blob.error("corrupt precompiled_charsmap: " + e.getMessage());
        }
    }

    static PreTokenizer preTokenizer(JsonNodeReader n) {
        if (n == null) return null;
        String type = n.type();
        return switch (type) {
            case "BertPreTokenizer" -> new BertPreTokenizer();
            case "Whitespace" -> new WhitespacePreTokenizer();
            case "WhitespaceSplit" -> new WhitespaceSplitPreTokenizer();
            case "ByteLevel" -> new ByteLevelPreTokenizer(n.bool("add_prefix_space", true), n.bool("use_regex", true));
            case "Metaspace" -> new MetaspacePreTokenizer(n.get("replacement").asChar(), prependScheme(n), n.bool("split", true));
            case "Digits" -> new DigitsPreTokenizer(n.bool("individual_digits", false));
            case "Punctuation" -> new PunctuationPreTokenizer(behavior(n, "Isolated"));
            case "Split" -> {
                JsonNodeReader p = n.get("pattern");
                String literal = patternLiteral(p);
                Pattern regex = literal == null ? patternRegex(p) : null;
                yield new SplitPreTokenizer(literal, regex, behavior(n, null), n.bool("invert", false));
            }
            case "Sequence" -> {
                List<PreTokenizer> list = new ArrayList<>();
                for (JsonNodeReader e : n.get("pretokenizers").elements()) list.add(preTokenizer(e));
                yield new SequencePreTokenizer(list);
            }
            default -> throw n.unsupported("pre_tokenizer type '" + type + "'");
        };
    }

    private static MetaspacePreTokenizer.PrependScheme prependScheme(JsonNodeReader n) {
        if (n.has("prepend_scheme")) {
            String s = n.string("prepend_scheme");
            return switch (s) {
                case "always" -> MetaspacePreTokenizer.PrependScheme.ALWAYS;
                case "first" -> MetaspacePreTokenizer.PrependScheme.FIRST;
                case "never" -> MetaspacePreTokenizer.PrependScheme.NEVER;
                default -> throw n.get("prepend_scheme").unsupported("prepend_scheme '" + s + "' (expected always, first or never)");
            };
        }
        // Files written before prepend_scheme existed use add_prefix_space.
        return n.bool("add_prefix_space", true) ? MetaspacePreTokenizer.PrependScheme.ALWAYS
                : MetaspacePreTokenizer.PrependScheme.NEVER;
    }

    private static SplitBehavior behavior(JsonNodeReader n, String def) {
        String s = def == null ? n.string("behavior") : n.optString("behavior", def);
        SplitBehavior b = SplitBehavior.fromJson(s);
        if (b == null) throw n.get("behavior").unsupported("split behavior '" + s + "'");
        return b;
    }

    /** The literal of a {@code {"String": ...}} pattern, or null for a {@code {"Regex": ...}} one. */
    private static String patternLiteral(JsonNodeReader p) {
        if (p.has("String")) return p.string("String");
        if (p.has("Regex")) return null;
        throw p.error("expected a pattern object with 'String' or 'Regex'");
    }

    /** Compiles an Oniguruma pattern with Java regex in Unicode mode. */
    static Pattern patternRegex(JsonNodeReader p) {
        String regex = p.string("Regex");
        try {
            return Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
        } catch (PatternSyntaxException e) {
            throw p.get("Regex").error("regex not supported by Java: " + e.getDescription() + " in " + regex);
        }
    }

    static PostProcessor postProcessor(JsonNodeReader n) {
        if (n == null) return null;
        String type = n.type();
        return switch (type) {
            case "TemplateProcessing" -> template(n);
            case "BertProcessing" -> {
                JsonNodeReader sep = n.get("sep");
                JsonNodeReader cls = n.get("cls");
                yield new BertProcessing(tokenOf(sep), idOf(sep), tokenOf(cls), idOf(cls));
            }
            case "RobertaProcessing" -> {
                JsonNodeReader sep = n.get("sep");
                JsonNodeReader cls = n.get("cls");
                yield new RobertaProcessing(tokenOf(sep), idOf(sep), tokenOf(cls), idOf(cls),
                        n.bool("trim_offsets", true), n.bool("add_prefix_space", true));
            }
            case "ByteLevel" -> new ByteLevelProcessing(n.bool("trim_offsets", true), n.bool("add_prefix_space", true));
            case "Sequence" -> {
                List<PostProcessor> list = new ArrayList<>();
                List<JsonNodeReader> elements = n.get("processors").elements();
                for (int i = 0; i < elements.size(); i++) {
                    PostProcessor p = postProcessor(elements.get(i));
                    // Only the last processor may combine the sequences or add tokens; see SequenceProcessing.
                    if (i < elements.size() - 1 && !(p instanceof ByteLevelProcessing)) {
                        throw elements.get(i).unsupported("post_processor '" + elements.get(i).type()
                                + "' before the last element of a Sequence (only ByteLevel is supported there)");
                    }
                    list.add(p);
                }
                yield new SequenceProcessing(list);
            }
            default -> throw n.unsupported("post_processor type '" + type + "'");
        };
    }

    private static String tokenOf(JsonNodeReader pair) {
        List<JsonNodeReader> e = pair.elements();
        if (e.size() != 2) throw pair.error("expected [token, id]");
        return e.get(0).asString();
    }

    private static int idOf(JsonNodeReader pair) {
        return pair.elements().get(1).asInt();
    }

    private static TemplateProcessing template(JsonNodeReader n) {
        Map<String, TemplateProcessing.SpecialPiece> specials = new HashMap<>();
        JsonNodeReader st = n.opt("special_tokens");
        if (st != null) {
            for (Map.Entry<String, JsonNodeReader> e : st.fields()) {
                JsonNodeReader v = e.getValue();
                List<JsonNodeReader> ids = v.get("ids").elements();
                List<JsonNodeReader> tokens = v.get("tokens").elements();
                if (ids.size() != tokens.size()) throw v.error("'ids' and 'tokens' differ in length");
                int[] idArr = new int[ids.size()];
                String[] tokArr = new String[ids.size()];
                for (int i = 0; i < idArr.length; i++) {
                    idArr[i] = ids.get(i).asInt();
                    tokArr[i] = tokens.get(i).asString();
                }
                specials.put(e.getKey(), new TemplateProcessing.SpecialPiece(e.getKey(), idArr, tokArr, 0));
            }
        }
        return new TemplateProcessing(templatePieces(n.get("single"), specials), templatePieces(n.get("pair"), specials));
    }

    private static List<TemplateProcessing.Piece> templatePieces(JsonNodeReader list,
                                                                 Map<String, TemplateProcessing.SpecialPiece> specials) {
        List<TemplateProcessing.Piece> out = new ArrayList<>();
        for (JsonNodeReader e : list.elements()) {
            if (e.has("Sequence")) {
                JsonNodeReader s = e.get("Sequence");
                String id = s.string("id");
                if (!id.equals("A") && !id.equals("B")) throw s.get("id").error("expected sequence id A or B, found " + id);
                out.add(new TemplateProcessing.SequencePiece(id.equals("A"), s.integer("type_id", 0)));
            } else if (e.has("SpecialToken")) {
                JsonNodeReader s = e.get("SpecialToken");
                String id = s.string("id");
                TemplateProcessing.SpecialPiece sp = specials.get(id);
                if (sp == null) throw s.error("special token '" + id + "' is missing from special_tokens");
                out.add(new TemplateProcessing.SpecialPiece(id, sp.ids(), sp.tokens(), s.integer("type_id", 0)));
            } else {
                throw e.unsupported("template piece " + e.node());
            }
        }
        return out;
    }

    static Decoder decoder(JsonNodeReader n) {
        if (n == null) return null;
        String type = n.type();
        return switch (type) {
            case "ByteLevel" -> new ByteLevelDecoder();
            case "Metaspace" -> new MetaspaceDecoder(n.get("replacement").asChar(),
                    prependScheme(n) != MetaspacePreTokenizer.PrependScheme.NEVER);
            case "WordPiece" -> new WordPieceDecoder(n.optString("prefix", "##"), n.bool("cleanup", true));
            case "ByteFallback" -> new ByteFallbackDecoder();
            case "Fuse" -> new FuseDecoder();
            case "Strip" -> new StripDecoder(n.get("content").asChar(), n.integer("start", 0), n.integer("stop", 0));
            case "Replace" -> {
                JsonNodeReader p = n.get("pattern");
                String literal = patternLiteral(p);
                yield new ReplaceDecoder(literal, literal == null ? patternRegex(p) : null, n.string("content"));
            }
            case "BPEDecoder" -> new BpeDecoder(n.optString("suffix", "</w>"));
            case "Sequence" -> {
                List<Decoder> list = new ArrayList<>();
                for (JsonNodeReader e : n.get("decoders").elements()) list.add(decoder(e));
                yield new SequenceDecoder(list);
            }
            default -> throw n.unsupported("decoder type '" + type + "'");
        };
    }

    static TokenizerModel model(JsonNodeReader n) {
        String type = n.has("type") ? n.type() : inferModelType(n);
        return switch (type) {
            case "WordPiece" -> {
                Map<String, Integer> vocab = vocabMap(n.get("vocab"));
                try {
                    yield WordPieceModel.of(vocab, n.optString("unk_token", "[UNK]"),
                            n.optString("continuing_subword_prefix", "##"), n.integer("max_input_chars_per_word", 100));
                } catch (IllegalArgumentException e) {
                    throw n.error(e.getMessage());
                }
            }
            case "Unigram" -> unigram(n);
            case "BPE" -> bpe(n);
            default -> throw n.unsupported("model type '" + type + "'");
        };
    }

    private static TokenizerModel unigram(JsonNodeReader n) {
        List<JsonNodeReader> entries = n.get("vocab").elements();
        List<String> tokens = new ArrayList<>(entries.size());
        double[] scores = new double[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            List<JsonNodeReader> pair = entries.get(i).elements();
            if (pair.size() != 2) throw entries.get(i).error("expected [token, score]");
            tokens.add(pair.get(0).asString());
            scores[i] = pair.get(1).asDouble();
        }
        try {
            return UnigramModel.huggingFace(tokens, scores, n.integer("unk_id", -1), n.bool("byte_fallback", false));
        } catch (IllegalArgumentException e) {
            throw n.error(e.getMessage());
        }
    }

    private static TokenizerModel bpe(JsonNodeReader n) {
        JsonNodeReader dropout = n.opt("dropout");
        if (dropout != null && dropout.asDouble() != 0.0) {
            throw dropout.unsupported("BPE dropout " + dropout.asDouble() + " (m3j is deterministic; only null or 0)");
        }
        List<String[]> merges = new ArrayList<>();
        JsonNodeReader m = n.opt("merges");
        if (m != null) {
            List<String> legacy = new ArrayList<>();
            for (JsonNodeReader e : m.elements()) {
                if (e.isString()) {
                    legacy.add(e.asString());
                } else {
                    List<JsonNodeReader> pair = e.elements();
                    if (pair.size() != 2) throw e.error("expected a merge [left, right]");
                    merges.add(new String[]{pair.get(0).asString(), pair.get(1).asString()});
                }
            }
            if (!legacy.isEmpty()) {
                if (!merges.isEmpty()) throw m.error("mixes \"a b\" strings and [a, b] pairs");
                try {
                    merges = BpeModel.parseLegacyMerges(legacy);
                } catch (RuntimeException e) {
                    throw m.error(e.getMessage());
                }
            }
        }
        try {
            return BpeModel.builder().vocab(vocabMap(n.get("vocab"))).merges(merges)
                    .unkToken(n.optString("unk_token", null))
                    .continuingSubwordPrefix(n.optString("continuing_subword_prefix", null))
                    .endOfWordSuffix(n.optString("end_of_word_suffix", null))
                    .fuseUnk(n.bool("fuse_unk", false)).byteFallback(n.bool("byte_fallback", false))
                    .ignoreMerges(n.bool("ignore_merges", false)).build();
        } catch (RuntimeException e) {
            throw n.error(e.getMessage());
        }
    }

    /** Old files may omit the model type; Hugging Face then tells the models apart by their fields. */
    private static String inferModelType(JsonNodeReader n) {
        if (n.has("merges")) return "BPE";
        if (n.has("continuing_subword_prefix") || n.has("max_input_chars_per_word")) return "WordPiece";
        if (n.has("vocab") && n.get("vocab").isArray()) return "Unigram";
        throw n.error("model has no 'type' and its fields match no known model");
    }

    static Map<String, Integer> vocabMap(JsonNodeReader v) {
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNodeReader> e : v.fields()) vocab.put(e.getKey(), e.getValue().asInt());
        return vocab;
    }

    static List<AddedToken> addedTokens(JsonNodeReader n) {
        List<AddedToken> out = new ArrayList<>();
        if (n == null) return out;
        for (JsonNodeReader e : n.elements()) {
            boolean special = e.bool("special", false);
            out.add(new AddedToken(e.integer("id"), e.string("content"), e.bool("single_word", false),
                    e.bool("lstrip", false), e.bool("rstrip", false), e.bool("normalized", !special), special));
        }
        return out;
    }

    static TruncationConfig truncation(JsonNodeReader n) {
        if (n == null) return null;
        String strategy = n.optString("strategy", "LongestFirst");
        if (!List.of("LongestFirst", "OnlyFirst", "OnlySecond").contains(strategy)) {
            throw n.get("strategy").unsupported("truncation strategy '" + strategy + "'");
        }
        String direction = n.optString("direction", "Right");
        if (!direction.equals("Right") && !direction.equals("Left")) {
            throw n.get("direction").unsupported("truncation direction '" + direction + "'");
        }
        int max = n.integer("max_length");
        if (max < 0) throw n.get("max_length").error("negative max_length " + max);
        return new TruncationConfig(max, strategy, direction, n.integer("stride", 0));
    }

    static PaddingConfig padding(JsonNodeReader n) {
        if (n == null) return null;
        int fixed = 0;
        JsonNodeReader s = n.opt("strategy");
        if (s != null) {
            if (s.isString()) {
                if (!s.asString().equals("BatchLongest")) throw s.unsupported("padding strategy '" + s.asString() + "'");
            } else if (s.isObject() && s.has("Fixed")) {
                fixed = s.integer("Fixed");
            } else {
                throw s.unsupported("padding strategy " + s.node());
            }
        }
        String direction = n.optString("direction", "Right");
        if (!direction.equals("Right") && !direction.equals("Left")) {
            throw n.get("direction").unsupported("padding direction '" + direction + "'");
        }
        return new PaddingConfig(fixed, direction, n.integer("pad_to_multiple_of", 0), n.integer("pad_id", 0),
                n.integer("pad_type_id", 0), n.optString("pad_token", "[PAD]"));
    }
}
