package io.m3j.tokenizer.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.Token;
import io.m3j.tokenizer.Tokenizer;
import io.m3j.tokenizer.TokenizerFormatException;
import io.m3j.tokenizer.decode.Decoder;
import io.m3j.tokenizer.decode.WordPieceDecoder;
import io.m3j.tokenizer.model.TokenizerModel;
import io.m3j.tokenizer.model.WordPieceModel;
import io.m3j.tokenizer.normalize.BertNormalizer;
import io.m3j.tokenizer.normalize.Normalizer;
import io.m3j.tokenizer.postprocess.BertProcessing;
import io.m3j.tokenizer.postprocess.PostProcessor;
import io.m3j.tokenizer.postprocess.TokenBuffer;
import io.m3j.tokenizer.pretokenize.BertPreTokenizer;
import io.m3j.tokenizer.pretokenize.PreTokenizer;
import io.m3j.tokenizer.text.NormalizedString;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face {@code tokenizer.json} pipeline: added tokens, normalizer, pre-tokenizer, model,
 * post-processor and decoder, giving the ids Hugging Face tokenizers gives. Immutable and thread-safe.
 *
 * <p><b>Truncation and padding.</b> The file's {@code truncation} and {@code padding} blocks are
 * parsed and validated but NOT applied implicitly: {@link #encode(String, boolean, int)} truncates
 * only to the explicit {@code maxLength} (0 = none; special tokens count toward it; longest-first
 * for pairs; tokens are dropped on the right) and never pads. The file's settings are available from
 * {@link #truncation()} and {@link #padding()} for callers that want them. {@link #encodeBatch} pads
 * on the right to the longest encoding with {@link #padId()}.
 */
public final class JsonTokenizer implements Tokenizer {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String source;
    private final Normalizer normalizer;
    private final PreTokenizer preTokenizer;
    private final TokenizerModel model;
    private final PostProcessor postProcessor;
    private final Decoder decoder;
    private final AddedVocabulary addedVocabulary;
    private final Map<String, Integer> addedIds = new HashMap<>();
    private final Map<Integer, String> addedTokens = new HashMap<>();
    private final Set<String> specialTokens = new HashSet<>();
    private final int vocabSize;
    private final TruncationConfig truncation;
    private final PaddingConfig padding;
    private final int padId;

    JsonTokenizer(String source, Normalizer normalizer, PreTokenizer preTokenizer, TokenizerModel model,
                  PostProcessor postProcessor, Decoder decoder, List<AddedToken> added,
                  TruncationConfig truncation, PaddingConfig padding) {
        this.source = source;
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.postProcessor = postProcessor;
        this.decoder = decoder;
        this.truncation = truncation;
        this.padding = padding;
        for (AddedToken t : added) {
            addedIds.put(t.content(), t.id());
            addedTokens.put(t.id(), t.content());
            if (t.special()) specialTokens.add(t.content());
        }
        int size = model.vocabSize();
        for (AddedToken t : added) size = Math.max(size, t.id() + 1);
        this.vocabSize = size;
        this.addedVocabulary = new AddedVocabulary(added, normalizer);
        checkPostProcessorIds();
        if (padding != null) {
            padId = padding.padId();
        } else {
            int p = tokenToId("<pad>");
            padId = p >= 0 ? p : tokenToId("[PAD]");
        }
    }

    /** Loads a tokenizer.json. */
    public static JsonTokenizer load(Path tokenizerJson) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(tokenizerJson);
        } catch (IOException e) {
            throw new TokenizerFormatException(tokenizerJson + ": cannot read: " + e.getMessage(), e);
        }
        return parse(bytes, tokenizerJson.toString());
    }

    /** Parses tokenizer.json content; {@code source} names it in error messages. */
    public static JsonTokenizer parse(byte[] json, String source) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new TokenizerFormatException(source + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new TokenizerFormatException(source + ": cannot parse: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new TokenizerFormatException(source + ": expected a JSON object at the top level");
        JsonNodeReader r = new JsonNodeReader(source, "$", root);
        Normalizer normalizer = TokenizerJsonParser.normalizer(r.opt("normalizer"));
        PreTokenizer pre = TokenizerJsonParser.preTokenizer(r.opt("pre_tokenizer"));
        TokenizerModel model = TokenizerJsonParser.model(r.get("model"));
        PostProcessor post = TokenizerJsonParser.postProcessor(r.opt("post_processor"));
        Decoder decoder = TokenizerJsonParser.decoder(r.opt("decoder"));
        List<AddedToken> added = TokenizerJsonParser.addedTokens(r.opt("added_tokens"));
        TruncationConfig truncation = TokenizerJsonParser.truncation(r.opt("truncation"));
        PaddingConfig padding = TokenizerJsonParser.padding(r.opt("padding"));
        return new JsonTokenizer(source, normalizer, pre, model, post, decoder, added, truncation, padding);
    }

    /**
     * A BERT WordPiece tokenizer for a model folder that has only {@code vocab.txt}: BertNormalizer
     * (accents stripped when lowercasing), BertPreTokenizer, WordPiece ({@code [UNK]}, {@code ##},
     * 100 chars per word), {@code [CLS] A [SEP] (B [SEP])}; {@code [PAD] [UNK] [CLS] [SEP] [MASK]} are
     * special added tokens when the vocabulary has them.
     */
    public static JsonTokenizer fromBertVocab(Path vocabTxt, boolean lowercase) {
        List<String> lines;
        try {
            lines = Files.readAllLines(vocabTxt, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new TokenizerFormatException(vocabTxt + ": cannot read: " + e.getMessage(), e);
        }
        String[] tokens = new String[lines.size()];
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            tokens[i] = lines.get(i).stripTrailing();
            ids.putIfAbsent(tokens[i], i);
        }
        for (String required : List.of("[UNK]", "[CLS]", "[SEP]")) {
            if (!ids.containsKey(required)) throw new TokenizerFormatException(vocabTxt + ": BERT vocabulary has no " + required + " token");
        }
        WordPieceModel model = new WordPieceModel(tokens, "[UNK]", "##", 100);
        List<AddedToken> added = new ArrayList<>();
        for (String special : List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]")) {
            Integer id = ids.get(special);
            if (id != null) added.add(new AddedToken(id, special, false, false, false, false, true));
        }
        added.sort((a, b) -> Integer.compare(a.id(), b.id()));
        return new JsonTokenizer(vocabTxt.toString(), new BertNormalizer(true, true, lowercase, lowercase),
                new BertPreTokenizer(), model, new BertProcessing("[SEP]", ids.get("[SEP]"), "[CLS]", ids.get("[CLS]")),
                new WordPieceDecoder("##", true), added, null, null);
    }

    @Override
    public Encoding encode(String text, boolean addSpecialTokens, int maxLength) {
        TokenBuffer a = encodeSequence(text, 0);
        if (maxLength > 0) {
            int added = addSpecialTokens && postProcessor != null ? postProcessor.addedTokens(false) : 0;
            checkRoomForSpecialTokens(maxLength, added);
            a.truncate(maxLength - added);
        }
        return postProcess(a, null, addSpecialTokens).toEncoding();
    }

    @Override
    public Encoding encodePair(String first, String second, boolean addSpecialTokens, int maxLength) {
        TokenBuffer a = encodeSequence(first, 0);
        TokenBuffer b = encodeSequence(second, 1);
        if (maxLength > 0) {
            int added = addSpecialTokens && postProcessor != null ? postProcessor.addedTokens(true) : 0;
            checkRoomForSpecialTokens(maxLength, added);
            truncateLongestFirst(a, b, maxLength - added);
        }
        return postProcess(a, b, addSpecialTokens).toEncoding();
    }

    /**
     * The special tokens a post-processor adds carry their ids in the file; HF uses them as they are.
     * One outside the vocabulary would only fail later, far from its cause (an embedding lookup), so
     * it is refused here, naming it.
     */
    private void checkPostProcessorIds() {
        if (postProcessor == null) return;
        for (boolean pair : new boolean[]{false, true}) {
            TokenBuffer out = postProcessor.process(new TokenBuffer(0), pair ? new TokenBuffer(0) : null, true);
            for (int i = 0; i < out.size(); i++) {
                if (out.id(i) < 0 || out.id(i) >= vocabSize) {
                    throw new TokenizerFormatException(source + ": $.post_processor adds \"" + out.token(i) + "\" with id "
                            + out.id(i) + ", outside the vocabulary (" + vocabSize + " ids)");
                }
            }
        }
    }

    // HF refuses this too (its truncation reports the sequence as too short for the special tokens).
    private void checkRoomForSpecialTokens(int maxLength, int added) {
        if (maxLength < added) {
            throw new IllegalArgumentException("maxLength " + maxLength + " cannot hold the " + added
                    + " special tokens the post-processor of " + source + " adds");
        }
    }

    /** Hugging Face's LongestFirst: shorten the longer sequence first, then both evenly. */
    private static void truncateLongestFirst(TokenBuffer a, TokenBuffer b, int max) {
        int n1 = a.size();
        int n2 = b.size();
        if (n1 + n2 <= max) return;
        if (max == 0) {
            a.truncate(0);
            b.truncate(0);
            return;
        }
        boolean swap = n1 > n2;
        if (swap) {
            int t = n1;
            n1 = n2;
            n2 = t;
        }
        n2 = n1 > max ? n1 : Math.max(n1, max - n1);
        if (n1 + n2 > max) {
            n1 = max / 2;
            n2 = n1 + max % 2;
        }
        if (swap) {
            int t = n1;
            n1 = n2;
            n2 = t;
        }
        a.truncate(n1);
        b.truncate(n2);
    }

    private TokenBuffer postProcess(TokenBuffer a, TokenBuffer b, boolean addSpecialTokens) {
        if (postProcessor == null) return PostProcessor.concat(a, b);
        return postProcessor.process(a, b, addSpecialTokens);
    }

    /** Added tokens, normalization, pre-tokenization and the model for one text. */
    private TokenBuffer encodeSequence(String text, int typeId) {
        TokenBuffer out = new TokenBuffer(text.length() / 3 + 4);
        List<AddedVocabulary.Segment> raw = new ArrayList<>();
        addedVocabulary.splitRaw(new NormalizedString(text), raw);
        List<AddedVocabulary.Segment> normalized = new ArrayList<>();
        List<NormalizedString> pieces = new ArrayList<>();
        List<Token> tokens = new ArrayList<>();
        for (AddedVocabulary.Segment seg : raw) {
            if (seg.token() != null) {
                addAddedToken(seg, typeId, out);
                continue;
            }
            NormalizedString piece = seg.text();
            if (normalizer != null) normalizer.normalize(piece);
            normalized.clear();
            addedVocabulary.splitNormalized(piece, normalized);
            for (AddedVocabulary.Segment nseg : normalized) {
                if (nseg.token() != null) {
                    addAddedToken(nseg, typeId, out);
                    continue;
                }
                pieces.clear();
                if (preTokenizer != null) preTokenizer.preTokenize(nseg.text(), pieces);
                else if (!nseg.text().isEmpty()) pieces.add(nseg.text());
                for (NormalizedString p : pieces) {
                    tokens.clear();
                    model.tokenize(p.text(), tokens);
                    for (Token t : tokens) {
                        // HF reports the vocabulary string (e.g. "<unk>" for an unknown piece), not the text.
                        String value = model.idToToken(t.id());
                        out.add(t.id(), value != null ? value : t.value(), p.originalStart(t.start(), t.end()), p.originalEnd(t.start(), t.end()),
                                typeId, false);
                    }
                }
            }
        }
        return out;
    }

    private void addAddedToken(AddedVocabulary.Segment seg, int typeId, TokenBuffer out) {
        NormalizedString s = seg.text();
        out.add(seg.token().id(), s.text(), s.originalStart(0, s.length()), s.originalEnd(0, s.length()), typeId, false);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            String t = idToToken(id);
            if (t == null) continue;
            if (skipSpecialTokens && specialTokens.contains(t)) continue;
            tokens.add(t);
        }
        if (decoder == null) return String.join(" ", tokens);
        return decoder.decode(tokens);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int tokenToId(String token) {
        Integer id = addedIds.get(token);
        return id != null ? id : model.tokenToId(token);
    }

    @Override
    public String idToToken(int id) {
        String t = addedTokens.get(id);
        return t != null ? t : model.idToToken(id);
    }

    @Override
    public int padId() {
        return padId;
    }

    /** The file's {@code truncation} block, or null; not applied by {@link #encode}. */
    public TruncationConfig truncation() {
        return truncation;
    }

    /** The file's {@code padding} block, or null. */
    public PaddingConfig padding() {
        return padding;
    }

    /** The file's truncation max_length, or 0 if the file has no truncation block. */
    public int truncationMaxLength() {
        return truncation == null ? 0 : truncation.maxLength();
    }

    /**
     * The text after the normalizer alone (Hugging Face {@code normalizer.normalize_str}); the text
     * itself when the tokenizer has no normalizer. Added tokens are not looked for.
     */
    public String normalize(String text) {
        return normalizer == null ? text : normalizer.normalize(text);
    }

    /**
     * The pieces the model would tokenize one by one: normalizer, then pre-tokenizer (Hugging Face
     * {@code pre_tokenizer.pre_tokenize_str(normalize_str(text))}). Added tokens are not looked for.
     */
    public List<String> preTokenize(String text) {
        NormalizedString s = new NormalizedString(text);
        if (normalizer != null) normalizer.normalize(s);
        List<String> out = new ArrayList<>();
        if (preTokenizer == null) {
            if (!s.isEmpty()) out.add(s.text());
            return out;
        }
        List<NormalizedString> pieces = new ArrayList<>();
        preTokenizer.preTokenize(s, pieces);
        for (NormalizedString p : pieces) out.add(p.text());
        return out;
    }

    /** Whether {@code token} is an added token marked special. */
    public boolean isSpecialToken(String token) {
        return specialTokens.contains(token);
    }

    @Override
    public String toString() {
        return "JsonTokenizer[" + source + "]";
    }
}
