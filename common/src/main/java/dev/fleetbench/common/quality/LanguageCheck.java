package dev.fleetbench.common.quality;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The answer is written in the given language (ISO 639-1 code). JSON: {@code language: fr}.
 *
 * <p>The heuristic, hand-written because a detection library would load large profile files (I/O in a pure package)
 * for a check that needs only a few widely different languages: first the script — Cyrillic is "ru", Greek "el",
 * Hangul "ko", kana "ja", Han without kana "zh", Arabic "ar", Hebrew "he", Devanagari "hi" — when more than half the
 * letters are in it; for Latin script, the language whose most common function words (about 25 each, for en, fr,
 * de, es, it, pt, nl) make up most of the word hits, with at least 3 hits and twice as many as the runner-up. Text
 * with fewer hits is "not detectable", which fails the check.
 *
 * @param code the expected language, one of {@link #SUPPORTED}
 */
public record LanguageCheck(String code) implements Check {

    private static final Map<String, Set<String>> FUNCTION_WORDS = Map.of(
            "en", Set.of("the", "and", "is", "are", "of", "to", "in", "that", "it", "with", "for", "was", "this", "on",
                    "be", "have", "not", "you", "they", "by", "at", "from", "which", "or", "an"),
            "fr", Set.of("le", "la", "les", "et", "est", "des", "une", "un", "du", "que", "qui", "dans", "pour", "pas",
                    "sur", "au", "avec", "ce", "il", "elle", "nous", "vous", "sont", "mais", "aux"),
            "de", Set.of("der", "die", "das", "und", "ist", "nicht", "ein", "eine", "zu", "den", "mit", "von", "sich",
                    "auf", "dem", "für", "auch", "es", "wir", "sie", "sind", "ich", "wird", "im", "aus"),
            "es", Set.of("el", "los", "las", "y", "es", "en", "que", "del", "una", "por", "con", "para", "su", "se",
                    "lo", "como", "más", "pero", "son", "está", "muy", "al", "también", "sus", "hay"),
            "it", Set.of("il", "di", "che", "è", "della", "per", "non", "sono", "gli", "del", "una", "con", "anche",
                    "nel", "alla", "lo", "questo", "come", "più", "ma", "le", "dei", "delle", "ha", "essere"),
            "pt", Set.of("o", "os", "as", "não", "uma", "um", "do", "da", "dos", "das", "que", "com", "para", "em",
                    "por", "mais", "mas", "foi", "são", "está", "ao", "seu", "sua", "também", "muito"),
            "nl", Set.of("de", "het", "een", "en", "van", "is", "niet", "dat", "op", "te", "zijn", "voor", "met",
                    "die", "ook", "maar", "er", "wordt", "aan", "bij", "worden", "hij", "ze", "wij", "naar"));

    /** The codes this check can recognise. */
    public static final List<String> SUPPORTED =
            List.of("en", "fr", "de", "es", "it", "pt", "nl", "ru", "el", "ko", "ja", "zh", "ar", "he", "hi");

    public LanguageCheck {
        CheckJson.requireText("language", code);
        code = code.strip().toLowerCase(Locale.ROOT);
        if (!SUPPORTED.contains(code)) {
            throw new IllegalArgumentException("expect.language '" + code + "' is not detectable; use one of "
                    + String.join(", ", SUPPORTED));
        }
    }

    public String key() {
        return "language";
    }

    public Object json() {
        return code;
    }

    public Tally check(String answer) {
        String found = detect(answer);
        if (found == null) {
            return Tally.one(false, "language not detectable, asked " + code);
        }
        return Tally.one(found.equals(code), "language " + found + (found.equals(code) ? "" : ", asked " + code));
    }

    /** The detected language code, or null when the text says too little to tell. */
    public static String detect(String text) {
        Map<String, Integer> scripts = new HashMap<>();
        int letters = 0;
        boolean kana = false;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            if (!Character.isLetter(cp)) {
                continue;
            }
            letters++;
            Character.UnicodeScript s = Character.UnicodeScript.of(cp);
            kana |= s == Character.UnicodeScript.HIRAGANA || s == Character.UnicodeScript.KATAKANA;
            String lang = switch (s) {
                case CYRILLIC -> "ru";
                case GREEK -> "el";
                case HANGUL -> "ko";
                case HIRAGANA, KATAKANA -> "ja";
                case HAN -> "zh";
                case ARABIC -> "ar";
                case HEBREW -> "he";
                case DEVANAGARI -> "hi";
                default -> null;
            };
            if (lang != null) {
                scripts.merge(lang, 1, Integer::sum);
            }
        }
        int cjk = scripts.getOrDefault("ja", 0) + scripts.getOrDefault("zh", 0);
        if (cjk * 2 > letters && letters > 0) {
            return kana ? "ja" : "zh";
        }
        for (Map.Entry<String, Integer> e : scripts.entrySet()) {
            if (e.getValue() * 2 > letters) {
                return e.getKey();
            }
        }
        Map<String, Integer> hits = new HashMap<>();
        for (String w : Answers.words(text.toLowerCase(Locale.ROOT))) {
            for (Map.Entry<String, Set<String>> e : FUNCTION_WORDS.entrySet()) {
                if (e.getValue().contains(w)) {
                    hits.merge(e.getKey(), 1, Integer::sum);
                }
            }
        }
        String best = null;
        int first = 0;
        int second = 0;
        for (Map.Entry<String, Integer> e : hits.entrySet()) {
            if (e.getValue() > first) {
                second = first;
                first = e.getValue();
                best = e.getKey();
            } else if (e.getValue() > second) {
                second = e.getValue();
            }
        }
        return first >= 3 && first >= 2 * second ? best : null;
    }
}
