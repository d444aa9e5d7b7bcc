package io.m3j.tokenizer.spm;

import io.m3j.tokenizer.Encoding;
import io.m3j.tokenizer.Token;
import io.m3j.tokenizer.Tokenizer;
import io.m3j.tokenizer.TokenizerFormatException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The XLM-RoBERTa tokenizer (also bge-m3) built from {@code sentencepiece.bpe.model} alone, for
 * model folders without a {@code tokenizer.json}. It follows transformers' XLM-R tokenizer:
 *
 * <ul>
 *   <li>the fairseq id layout: {@code <s>}=0, {@code <pad>}=1, {@code </s>}=2, {@code <unk>}=3,
 *       every other SentencePiece id shifted by +1 (SentencePiece's own unknown becomes 3),
 *       {@code <mask>} = SentencePiece vocabulary size + 1 (the last id);</li>
 *   <li>the template {@code <s> A </s>}, and {@code <s> A </s></s> B </s>} for pairs, all type id 0;</li>
 *   <li>{@code <s>}, {@code </s>}, {@code <unk>}, {@code <pad>} and {@code <mask>} written literally in
 *       the text are those special tokens; the text between them is encoded piece by piece with
 *       SentencePiece (each piece normalized on its own);</li>
 *   <li>truncation counts the template's special tokens ({@code <s>} + first {@code maxLength - 2}
 *       + {@code </s>}); pairs are truncated longest-first, as Hugging Face tokenizers do;</li>
 *   <li>{@code decode} as the Hugging Face tokenizer does (Metaspace decoder): tokens joined, U+2581
 *       to space, the first token's leading space dropped; unknown tokens read {@code <unk>}.</li>
 * </ul>
 *
 * <p>Offsets follow SentencePiece's alignment, not Hugging Face's: a token that starts with U+2581
 * covers the space it replaced (in {@code "a der"}, {@code ▁der} is 1..5, where tokenizers says
 * 2..5 and gives a lone {@code ▁} the span of the next character).
 *
 * <p>Known, intended difference from a {@code tokenizer.json} built by transformers: this path
 * normalizes with SentencePiece's own normalizer, which composes a half-width katakana followed by
 * a half-width voiced mark ({@code ﾊﾟ} to {@code パ}) because it takes the longest charsmap rule,
 * while Hugging Face's {@code Precompiled} normalizer maps such characters one at a time ({@code ハ} +
 * an unknown mark). We match {@code sentencepiece}, the library this model file belongs to.
 */
public final class XlmRobertaTokenizer implements Tokenizer {
    public static final int BOS_ID = 0;
    public static final int PAD_ID = 1;
    public static final int EOS_ID = 2;
    public static final int UNK_ID = 3;
    private static final String[] SPECIALS = {"<s>", "<pad>", "</s>", "<unk>", "<mask>"};

    private final SentencePieceTokenizer spm;
    private final int spmUnkId;
    private final int maskId;

    private XlmRobertaTokenizer(SentencePieceTokenizer spm) {
        this.spm = spm;
        this.spmUnkId = spm.modelFile().unkId();
        this.maskId = spm.vocabSize() + 1;
    }

    /** Loads {@code sentencepiece.bpe.model} from a model folder, or the given {@code .model} file. */
    public static XlmRobertaTokenizer load(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("sentencepiece.bpe.model") : path;
        if (!Files.isRegularFile(file)) {
            throw new TokenizerFormatException(path + ": no sentencepiece.bpe.model found for the XLM-R tokenizer");
        }
        return new XlmRobertaTokenizer(SentencePieceTokenizer.load(file));
    }

    public static XlmRobertaTokenizer of(SentencePieceModelFile model) {
        return new XlmRobertaTokenizer(SentencePieceTokenizer.of(model));
    }

    /** The id of {@code <mask>}. */
    public int maskId() {
        return maskId;
    }

    /** The fairseq id of a SentencePiece id. */
    private int toFairseq(int spmId) {
        return spmId == spmUnkId ? UNK_ID : spmId + 1;
    }

    /** The tokens of {@code text} (literal special tokens included), without the template. */
    private List<Token> tokenize(String text) {
        List<Token> out = new ArrayList<>();
        int segmentStart = 0;
        int i = 0;
        while (i < text.length()) {
            int special = specialAt(text, i);
            if (special < 0) {
                i++;
                continue;
            }
            addPieces(text, segmentStart, i, out);
            String s = SPECIALS[special];
            out.add(new Token(specialId(special), s, i, i + s.length()));
            i += s.length();
            segmentStart = i;
        }
        addPieces(text, segmentStart, text.length(), out);
        return out;
    }

    private void addPieces(String text, int from, int to, List<Token> out) {
        if (from >= to) return;
        for (Token t : spm.tokenize(text.substring(from, to))) {
            int id = toFairseq(t.id());
            String value = id == UNK_ID ? "<unk>" : t.value();
            out.add(new Token(id, value, t.start() + from, t.end() + from));
        }
    }

    /** Index in {@link #SPECIALS} of the special token starting at {@code i}, longest first, or -1. */
    private static int specialAt(String text, int i) {
        if (text.charAt(i) != '<') return -1;
        int best = -1;
        for (int k = 0; k < SPECIALS.length; k++) {
            if (text.startsWith(SPECIALS[k], i) && (best < 0 || SPECIALS[k].length() > SPECIALS[best].length())) best = k;
        }
        return best;
    }

    private int specialId(int index) {
        return switch (SPECIALS[index]) {
            case "<s>" -> BOS_ID;
            case "<pad>" -> PAD_ID;
            case "</s>" -> EOS_ID;
            case "<unk>" -> UNK_ID;
            default -> maskId;
        };
    }

    @Override
    public Encoding encode(String text, boolean addSpecialTokens, int maxLength) {
        List<Token> tokens = tokenize(text);
        int added = addSpecialTokens ? 2 : 0;
        int keep = tokens.size();
        if (maxLength > 0) {
            if (maxLength < added) throw tooShort(maxLength, added);
            keep = Math.min(keep, maxLength - added);
        }
        EncodingBuilder b = new EncodingBuilder(keep + added);
        if (addSpecialTokens) b.add(BOS_ID, "<s>", 0, 0, 0, true);
        for (int i = 0; i < keep; i++) {
            Token t = tokens.get(i);
            b.add(t.id(), t.value(), t.start(), t.end(), 0, false);
        }
        if (addSpecialTokens) b.add(EOS_ID, "</s>", 0, 0, 0, true);
        return b.build();
    }

    @Override
    public Encoding encodePair(String first, String second, boolean addSpecialTokens, int maxLength) {
        List<Token> a = tokenize(first);
        List<Token> c = tokenize(second);
        int added = addSpecialTokens ? 4 : 0;
        int[] keep = {a.size(), c.size()};
        if (maxLength > 0) {
            if (maxLength < added) throw tooShort(maxLength, added);
            keep = EncodingBuilder.longestFirst(a.size(), c.size(), maxLength - added);
        }
        EncodingBuilder b = new EncodingBuilder(keep[0] + keep[1] + added);
        if (addSpecialTokens) b.add(BOS_ID, "<s>", 0, 0, 0, true);
        for (int i = 0; i < keep[0]; i++) {
            Token t = a.get(i);
            b.add(t.id(), t.value(), t.start(), t.end(), 0, false);
        }
        if (addSpecialTokens) {
            b.add(EOS_ID, "</s>", 0, 0, 0, true);
            b.add(EOS_ID, "</s>", 0, 0, 0, true);
        }
        for (int i = 0; i < keep[1]; i++) {
            Token t = c.get(i);
            b.add(t.id(), t.value(), t.start(), t.end(), 0, false);
        }
        if (addSpecialTokens) b.add(EOS_ID, "</s>", 0, 0, 0, true);
        return b.build();
    }

    private static IllegalArgumentException tooShort(int maxLength, int added) {
        return new IllegalArgumentException("maxLength " + maxLength + " cannot hold the " + added
                + " special tokens of the XLM-R template");
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder out = new StringBuilder();
        boolean first = true;
        for (int id : ids) {
            String token = idToToken(id);
            if (token == null) throw new IllegalArgumentException("Invalid id " + id + " (vocabulary size " + vocabSize() + ")");
            if (skipSpecialTokens && isSpecial(id)) continue;
            String text = token.replace('\u2581', ' ');
            if (first && text.startsWith(" ")) text = text.substring(1);
            first = false;
            out.append(text);
        }
        return out.toString();
    }

    private boolean isSpecial(int id) {
        return id <= UNK_ID || id == maskId;
    }

    @Override
    public int vocabSize() {
        return maskId + 1;
    }

    @Override
    public int tokenToId(String token) {
        for (int k = 0; k < SPECIALS.length; k++) {
            if (SPECIALS[k].equals(token)) return specialId(k);
        }
        int id = spm.tokenToId(token);
        return id < 0 || id == spmUnkId ? -1 : id + 1;
    }

    @Override
    public String idToToken(int id) {
        if (id < 0 || id > maskId) return null;
        return switch (id) {
            case BOS_ID -> "<s>";
            case PAD_ID -> "<pad>";
            case EOS_ID -> "</s>";
            case UNK_ID -> "<unk>";
            default -> id == maskId ? "<mask>" : spm.idToToken(id - 1);
        };
    }

    @Override
    public int padId() {
        return PAD_ID;
    }
}
