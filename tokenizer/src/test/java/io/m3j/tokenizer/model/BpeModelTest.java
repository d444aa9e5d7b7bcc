package io.m3j.tokenizer.model;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import io.m3j.tokenizer.Token;
import io.m3j.tokenizer.TokenizerFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link BpeModel} against the native HF tokenizers BPE (through DJL) on small vocabularies, one
 * group of tests per option. Vocabularies and merges are generated at random (fixed seeds) so that
 * merge orders interact in many ways; the oracle computes every expected value at test time.
 */
class BpeModelTest {

    @TempDir
    Path tmp;

    /** A random BPE vocabulary over {@code alphabet}: every merge's parts and result are in the vocab. */
    private record Vocab(Map<String, Integer> vocab, List<String[]> merges) {
    }

    private static Vocab randomVocab(long seed, String alphabet, int mergeCount, String prefix, String suffix,
                                     String... extraTokens) {
        Random random = new Random(seed);
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<String> tokens = new ArrayList<>();
        for (String t : extraTokens) {
            vocab.putIfAbsent(t, vocab.size());
        }
        alphabet.codePoints().forEach(cp -> {
            String c = Character.toString(cp);
            List<String> forms = new ArrayList<>(List.of(c));
            if (prefix != null) {
                forms.add(prefix + c);
            }
            if (suffix != null) {
                for (String f : List.copyOf(forms)) {
                    forms.add(f + suffix);
                }
            }
            for (String f : forms) {
                if (vocab.putIfAbsent(f, vocab.size()) == null) {
                    tokens.add(f);
                }
            }
        });
        List<String[]> merges = new ArrayList<>();
        int attempts = 0;
        while (merges.size() < mergeCount && attempts++ < mergeCount * 50) {
            String left = tokens.get(random.nextInt(tokens.size()));
            String right = tokens.get(random.nextInt(tokens.size()));
            if (suffix != null && left.endsWith(suffix)) {
                continue; // nothing follows an end-of-word token
            }
            if (prefix != null && !right.startsWith(prefix)) {
                continue; // the right part of a merge is never word-initial
            }
            String merged = left + (prefix == null ? right : right.substring(prefix.length()));
            boolean duplicate = false;
            for (String[] m : merges) {
                duplicate |= m[0].equals(left) && m[1].equals(right);
            }
            if (duplicate) {
                continue;
            }
            merges.add(new String[] {left, right});
            if (vocab.putIfAbsent(merged, vocab.size()) == null) {
                tokens.add(merged);
            }
        }
        return new Vocab(vocab, merges);
    }

    private static List<String> randomTexts(long seed, String alphabet, int count, int maxLength) {
        Random random = new Random(seed);
        int[] cps = alphabet.codePoints().toArray();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            StringBuilder b = new StringBuilder();
            int length = 1 + random.nextInt(maxLength);
            for (int j = 0; j < length; j++) {
                b.appendCodePoint(cps[random.nextInt(cps.length)]);
            }
            texts.add(b.toString());
        }
        return texts;
    }

    private static List<Token> tokenize(BpeModel model, String text) {
        List<Token> out = new ArrayList<>();
        model.tokenize(text, out);
        return out;
    }

    private static int[] ids(List<Token> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = tokens.get(i).id();
        }
        return ids;
    }

    /** Ids, token strings and (for BMP-only text) offsets must equal HF's; returns the number of texts checked. */
    private static int assertSameAsHf(BpeModel model, HfBpeOracle oracle, List<String> texts, boolean offsets) {
        for (String text : texts) {
            List<Token> ours = tokenize(model, text);
            Encoding theirs = oracle.encode(text);
            String context = "text \"" + text + "\"";
            assertArrayEquals(Arrays.stream(theirs.getIds()).mapToInt(Math::toIntExact).toArray(), ids(ours), context);
            assertArrayEquals(theirs.getTokens(), ours.stream().map(Token::value).toArray(String[]::new), context);
            if (offsets && text.codePoints().allMatch(Character::isBmpCodePoint)) {
                CharSpan[] spans = theirs.getCharTokenSpans();
                for (int i = 0; i < spans.length; i++) {
                    assertEquals(spans[i].getStart(), ours.get(i).start(), context + " start of token " + i);
                    assertEquals(spans[i].getEnd(), ours.get(i).end(), context + " end of token " + i);
                }
            }
            // Second call goes through the cache and must give the same tokens.
            assertEquals(ours, tokenize(model, text), context);
        }
        return texts.size();
    }

    @Test
    void mergesLikeHfOnRandomVocabularies() {
        for (long seed = 1; seed <= 6; seed++) {
            Vocab v = randomVocab(seed, "abcde", 60, null, null);
            BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).build();
            HfBpeOracle.Options options = new HfBpeOracle.Options(null, null, null, false, false, false, seed % 2 == 0);
            try (HfBpeOracle oracle = new HfBpeOracle(tmp, v.vocab(), v.merges(), options)) {
                assertSameAsHf(model, oracle, randomTexts(seed, "abcde", 300, 40), true);
                assertSameAsHf(model, oracle, List.of("aaaaaaaaaaaaaaaaaaaaaaa", "abababababababab", "a", ""), true);
            }
        }
    }

    @Test
    void hfUnrelatedExample() {
        // The example from HF's own BPE tests: merges build "unrelated" as a single token.
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String t : List.of("u", "n", "r", "e", "l", "a", "t", "d", "re", "at", "ed", "un", "ated", "rel",
                "related", "unrelated")) {
            vocab.put(t, vocab.size());
        }
        List<String> legacy = List.of("#version: 0.2", "r e", "a t", "e d", "u n", "at ed", "re l", "rel ated",
                "un related");
        BpeModel model = BpeModel.builder().vocab(vocab).legacyMerges(legacy).build();
        List<String[]> pairs = BpeModel.parseLegacyMerges(legacy);
        assertEquals(8, pairs.size());
        try (HfBpeOracle oracle = new HfBpeOracle(tmp, vocab, pairs, HfBpeOracle.Options.defaults())) {
            assertSameAsHf(model, oracle, List.of("unrelated", "related", "unrelatedunrelated", "tad"), true);
        }
        assertEquals(List.of(new Token(15, "unrelated", 0, 9)), tokenize(model, "unrelated"));
    }

    @Test
    void unknownCharactersWithAndWithoutFusion() {
        Vocab v = randomVocab(11, "abcd", 40, null, null, "<unk>");
        List<String> texts = new ArrayList<>(randomTexts(12, "abcdxyé", 300, 30));
        texts.addAll(List.of("x", "xx", "axxb", "xyzab", "abxy"));
        for (boolean fuse : new boolean[] {false, true}) {
            BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).unkToken("<unk>").fuseUnk(fuse)
                    .build();
            HfBpeOracle.Options options = new HfBpeOracle.Options("<unk>", null, null, fuse, false, false, false);
            try (HfBpeOracle oracle = new HfBpeOracle(tmp, v.vocab(), v.merges(), options)) {
                assertSameAsHf(model, oracle, texts, true);
            }
        }
    }

    @Test
    void unknownCharactersAreDroppedWithoutUnkToken() {
        Vocab v = randomVocab(13, "abcd", 40, null, null);
        BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).build();
        try (HfBpeOracle oracle = new HfBpeOracle(tmp, v.vocab(), v.merges(), HfBpeOracle.Options.defaults())) {
            // Offsets not compared: HF shifts them after a dropped char (see BpeModel's class doc).
            assertSameAsHf(model, oracle, randomTexts(14, "abcdxy", 300, 30), false);
        }
        List<Token> tokens = tokenize(model, "xa");
        assertEquals(1, tokens.size());
        assertEquals(1, tokens.get(0).start());
    }

    @Test
    void unknownTokenMissingFromVocabularyIsAnErrorWhenNeeded() {
        BpeModel model = BpeModel.builder().vocab(Map.of("a", 0)).merges(List.of()).unkToken("<unk>").build();
        assertEquals(1, tokenize(model, "a").size());
        TokenizerFormatException e = assertThrows(TokenizerFormatException.class, () -> tokenize(model, "b"));
        assertTrue(e.getMessage().contains("<unk>"), e.getMessage());
    }

    @Test
    void continuingSubwordPrefixAndEndOfWordSuffix() {
        String[][] settings = {{"##", null}, {null, "</w>"}, {"##", "</w>"}};
        for (int s = 0; s < settings.length; s++) {
            String prefix = settings[s][0];
            String suffix = settings[s][1];
            Vocab v = randomVocab(20 + s, "abcd", 80, prefix, suffix, "[UNK]");
            BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).unkToken("[UNK]")
                    .continuingSubwordPrefix(prefix).endOfWordSuffix(suffix).build();
            HfBpeOracle.Options options = new HfBpeOracle.Options("[UNK]", prefix, suffix, false, false, false, false);
            try (HfBpeOracle oracle = new HfBpeOracle(tmp, v.vocab(), v.merges(), options)) {
                assertSameAsHf(model, oracle, randomTexts(30 + s, "abcdx", 300, 25), true);
            }
        }
    }

    @Test
    void byteFallback() {
        // Byte tokens for every byte except 0xF0 (so 4-byte UTF-8 chars fall back to <unk>), plus merges
        // between byte tokens and a multi-char token containing a surrogate pair.
        List<String> extra = new ArrayList<>(List.of("<unk>"));
        for (int b = 0; b < 256; b++) {
            if (b != 0xF0) {
                extra.add(String.format("<0x%02X>", b));
            }
        }
        extra.add("<0xC3><0xA9>");
        extra.add("\uD83D\uDE00");
        extra.add("a\uD83D\uDE00");
        Vocab v = randomVocab(40, "abc", 30, null, null, extra.toArray(String[]::new));
        List<String[]> merges = new ArrayList<>(v.merges());
        merges.add(new String[] {"<0xC3>", "<0xA9>"});
        merges.add(new String[] {"a", "\uD83D\uDE00"});
        String alphabet = "abcé中\u00ff\uD83D\uDE00\uD83D\uDE01";
        List<String> texts = new ArrayList<>(randomTexts(41, alphabet, 300, 20));
        texts.addAll(List.of("é", "中", "\uD83D\uDE01\uD83D\uDE01", "a\uD83D\uDE00", "aé\uD83D\uDE01é"));
        for (boolean fuse : new boolean[] {false, true}) {
            BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(merges).unkToken("<unk>").fuseUnk(fuse)
                    .byteFallback(true).build();
            HfBpeOracle.Options options = new HfBpeOracle.Options("<unk>", null, null, fuse, true, false, false);
            try (HfBpeOracle oracle = new HfBpeOracle(tmp, v.vocab(), merges, options)) {
                assertSameAsHf(model, oracle, texts, false);
            }
        }
        BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(merges).unkToken("<unk>").byteFallback(true)
                .build();
        // Every byte token of one char spans that whole char.
        List<Token> tokens = tokenize(model, "a中");
        assertEquals(4, tokens.size());
        for (int i = 1; i < 4; i++) {
            assertEquals(1, tokens.get(i).start());
            assertEquals(2, tokens.get(i).end());
        }
    }

    @Test
    void ignoreMerges() {
        Vocab v = randomVocab(50, "abc", 30, null, null, "<unk>", "abcabc", "cba", "ccc");
        List<String> texts = new ArrayList<>(randomTexts(51, "abc", 200, 8));
        texts.addAll(List.of("abcabc", "cba", "ccc", "abcabca"));
        for (boolean ignore : new boolean[] {false, true}) {
            BpeModel model = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).unkToken("<unk>")
                    .ignoreMerges(ignore).build();
            HfBpeOracle.Options options = new HfBpeOracle.Options("<unk>", null, null, false, false, ignore, false);
            try (HfBpeOracle oracle = new HfBpeOracle(tmp, v.vocab(), v.merges(), options)) {
                assertSameAsHf(model, oracle, texts, true);
            }
        }
    }

    @Test
    void surrogatePairsAreOneSymbol() {
        String grin = "\uD83D\uDE00";
        Map<String, Integer> vocab = new LinkedHashMap<>();
        for (String t : List.of("a", grin, "a" + grin, "a" + grin + "a")) {
            vocab.put(t, vocab.size());
        }
        List<String[]> merges = List.of(new String[] {"a", grin}, new String[] {"a" + grin, "a"});
        BpeModel model = BpeModel.builder().vocab(vocab).merges(merges).build();
        try (HfBpeOracle oracle = new HfBpeOracle(tmp, vocab, merges, HfBpeOracle.Options.defaults())) {
            assertSameAsHf(model, oracle, List.of("a" + grin + "a", grin + grin + "a" + grin), false);
        }
        assertEquals(List.of(new Token(1, grin, 0, 2), new Token(3, "a" + grin + "a", 2, 6)),
                tokenize(model, grin + "a" + grin + "a"));
    }

    @Test
    void cacheDisabledGivesSameResults() {
        Vocab v = randomVocab(60, "abcde", 60, null, null);
        BpeModel cached = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).build();
        BpeModel uncached = BpeModel.builder().vocab(v.vocab()).merges(v.merges()).cacheCapacity(0).build();
        for (String text : randomTexts(61, "abcde", 200, 30)) {
            assertEquals(tokenize(cached, text), tokenize(uncached, text));
        }
    }

    @Test
    void rejectsInvalidConfiguration() {
        Map<String, Integer> vocab = Map.of("a", 0, "b", 1, "ab", 2);
        List<String[]> ok = List.<String[]>of(new String[] {"a", "b"});

        TokenizerFormatException dropout = assertThrows(TokenizerFormatException.class,
                () -> BpeModel.builder().vocab(vocab).merges(ok).dropout(0.1).build());
        assertTrue(dropout.getMessage().contains("dropout"), dropout.getMessage());
        BpeModel.builder().vocab(vocab).merges(ok).dropout(0.0).build();
        BpeModel.builder().vocab(vocab).merges(ok).dropout(null).build();

        TokenizerFormatException missingPart = assertThrows(TokenizerFormatException.class,
                () -> BpeModel.builder().vocab(vocab).merges(List.<String[]>of(new String[] {"a", "c"})).build());
        assertTrue(missingPart.getMessage().contains("merge #0") && missingPart.getMessage().contains("\"c\""),
                missingPart.getMessage());

        TokenizerFormatException missingResult = assertThrows(TokenizerFormatException.class,
                () -> BpeModel.builder().vocab(vocab).merges(List.<String[]>of(new String[] {"b", "a"})).build());
        assertTrue(missingResult.getMessage().contains("\"ba\""), missingResult.getMessage());

        TokenizerFormatException badLegacy = assertThrows(TokenizerFormatException.class,
                () -> BpeModel.builder().vocab(vocab).legacyMerges(List.of("a b c")).build());
        assertTrue(badLegacy.getMessage().contains("a b c"), badLegacy.getMessage());

        assertThrows(TokenizerFormatException.class, () -> BpeModel.builder().merges(ok).build());
        assertThrows(TokenizerFormatException.class, () -> BpeModel.builder().vocab(vocab).build());
    }

    @Test
    void vocabularyLookups() {
        BpeModel model = BpeModel.builder().vocab(Map.of("a", 0, "b", 1, "ab", 5)).merges(List.of()).build();
        // The id space, not the entry count (HF's get_vocab_size would say 3): every id the model
        // can produce is below vocabSize(), which is what an embedding table must cover.
        assertEquals(6, model.vocabSize());
        assertEquals(5, model.tokenToId("ab"));
        assertEquals(-1, model.tokenToId("c"));
        assertEquals("ab", model.idToToken(5));
        assertEquals(null, model.idToToken(3));
        assertEquals(null, model.idToToken(6));
        assertEquals(null, model.idToToken(-1));
    }
}
