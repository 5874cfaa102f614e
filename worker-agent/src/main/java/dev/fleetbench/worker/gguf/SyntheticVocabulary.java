package dev.fleetbench.worker.gguf;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SentencePiece-style ("llama") vocabulary of synthetic models: {@code <unk>}, {@code <s>}, {@code </s>}, the 256
 * byte tokens {@code <0x00>}…{@code <0xFF>} (type 6), letters and punctuation, and common English words as
 * {@code ▁word} pieces.
 *
 * <p>Why it is shaped this way: llama.cpp's SPM tokenizer builds a word by merging neighbouring pieces, and a merge
 * only happens when the merged text is itself a token, so every word comes with its left prefixes ({@code ▁t},
 * {@code ▁th}, {@code ▁the}). Only whole words and punctuation are <em>generable</em>: {@link SyntheticModels} gives
 * every other token (control, bytes, letters, prefixes) a zero row in the output matrix, so greedy decoding never
 * picks them. No token has a {@code ▁} after its first character, so a generated sequence of words re-tokenizes to
 * exactly as many tokens as were generated: counting output tokens with the tokenizer then agrees with the engine.
 * Immutable.
 */
public final class SyntheticVocabulary {

    public static final int UNK = 0;
    public static final int BOS = 1;
    public static final int EOS = 2;

    /** llama.cpp token types. */
    static final int TYPE_NORMAL = 1;
    static final int TYPE_UNKNOWN = 2;
    static final int TYPE_CONTROL = 3;
    static final int TYPE_BYTE = 6;

    private static final String SPACE = "\u2581";

    private static final String WORDS = "the a an and to was he she it they in on with of for but so then one day "
            + "little big small happy sad good bad red blue green yellow sun sky tree park ball cat dog bird fish "
            + "girl boy mom dad friend friends toy toys house home garden flower flowers box car boat water rain "
            + "play played playing run ran jump jumped see saw look looked want wanted like liked love loved go went "
            + "come came find found help helped make made eat ate say said smile smiled laugh laughed is are had "
            + "have has did do not very too all some many time once upon there were her his them their you we i "
            + "me my your our this that what who where when why how yes no up down out into from over under again "
            + "fun nice kind brave scared funny pretty tall new old long soft warm cold wet dry fast slow together "
            + "every always never now after before away back around near far best first last other each would "
            + "could can will just also only because while until";
    private static final String CAPITALIZED = "The Once One She He They Lily Tom Sue Max Ben Mia It Then";
    private static final String PUNCTUATION = ".,!?";

    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> types = new ArrayList<>();
    private final BitSet generable = new BitSet();

    public SyntheticVocabulary() {
        add("<unk>", TYPE_UNKNOWN, false);
        add("<s>", TYPE_CONTROL, false);
        add("</s>", TYPE_CONTROL, false);
        for (int b = 0; b < 256; b++) {
            add(String.format("<0x%02X>", b), TYPE_BYTE, false);
        }
        add(SPACE, TYPE_NORMAL, false);
        for (char c = 'a'; c <= 'z'; c++) {
            add(String.valueOf(c), TYPE_NORMAL, false);
        }
        for (char c : PUNCTUATION.toCharArray()) {
            add(String.valueOf(c), TYPE_NORMAL, true);
        }
        Map<String, Boolean> pieces = new LinkedHashMap<>();
        for (String w : (WORDS + " " + CAPITALIZED).split(" ")) {
            String piece = SPACE + w;
            for (int end = 2; end <= piece.length(); end++) {
                String prefix = piece.substring(0, end);
                boolean word = end == piece.length();
                pieces.merge(prefix, word, Boolean::logicalOr);
            }
        }
        pieces.forEach((piece, word) -> add(piece, TYPE_NORMAL, word));
    }

    private void add(String token, int type, boolean canGenerate) {
        if (canGenerate) {
            generable.set(tokens.size());
        }
        tokens.add(token);
        types.add(type);
    }

    public int size() {
        return tokens.size();
    }

    public List<String> tokens() {
        return List.copyOf(tokens);
    }

    /** SPM scores: 0 for special and byte tokens, else minus the token's index (earlier = preferred). */
    public float[] scores() {
        float[] s = new float[tokens.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = types.get(i) == TYPE_NORMAL ? -i : 0f;
        }
        return s;
    }

    public int[] tokenTypes() {
        return types.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether the model may emit this token (it gets a non-zero output row). */
    public boolean isGenerable(int token) {
        return generable.get(token);
    }
}
