package dev.fleetbench.common.quality;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How an answer is prepared before it is checked: a reasoning model's thinking is removed, so is anything before a
 * final-answer marker, and trailing white space never counts. Also finds fenced blocks (```lang … ```). Pure.
 */
public final class Answers {

    /** Longest answer text a check looks at, so a runaway answer cannot stall a check (64 KiB of characters). */
    public static final int MAX_CHECKED_CHARS = 64 * 1024;

    private static final Pattern THINK = Pattern.compile("(?is)<(think|thinking|reasoning)>.*?</\\1>");
    /** A thinking block that was opened and never closed: the model ran out of tokens while thinking. */
    private static final Pattern OPEN_THINK = Pattern.compile("(?is)<(think|thinking|reasoning)>.*");
    /** A stray closing tag (some chat templates put the opening tag in the prompt): everything before it is thinking. */
    private static final Pattern CLOSE_THINK = Pattern.compile("(?is)^.*</(think|thinking|reasoning)>");
    private static final Pattern FINAL_MARKER = Pattern.compile(
            "(?im)^\\s*(?:#+\\s*|\\*\\*)?final\\s+answer\\s*(?:\\*\\*)?\\s*[:：]\\s*(?:\\*\\*)?");
    private static final Pattern FENCE = Pattern.compile("(?s)```[ \\t]*([A-Za-z0-9_+.-]*)[^\\n]*\\n(.*?)(?:```|\\z)");

    private Answers() {
    }

    /**
     * The part of the answer that is checked: without {@code <think>…</think>} blocks, without what comes before the
     * last "Final answer:" line marker, without trailing white space, and cut to {@link #MAX_CHECKED_CHARS}.
     *
     * @param answer the raw answer; null is treated as empty
     * @return never null; empty when nothing but thinking was said
     */
    public static String finalPart(String answer) {
        if (answer == null) {
            return "";
        }
        String t = answer.length() > MAX_CHECKED_CHARS * 4 ? answer.substring(0, MAX_CHECKED_CHARS * 4) : answer;
        t = THINK.matcher(t).replaceAll("");
        t = OPEN_THINK.matcher(t).replaceAll("");
        t = CLOSE_THINK.matcher(t).replaceFirst("");
        Matcher m = FINAL_MARKER.matcher(t);
        int start = -1;
        while (m.find()) {
            start = m.end();
        }
        if (start >= 0) {
            t = t.substring(start);
        }
        t = t.stripTrailing();
        if (t.length() > MAX_CHECKED_CHARS) {
            t = t.substring(0, MAX_CHECKED_CHARS);
        }
        return t;
    }

    /** One fenced block: its language tag (lower case, possibly empty) and its body. */
    public record Fence(String language, String body) {
    }

    /** The fenced blocks of a text in order; an unterminated last fence runs to the end of the text. */
    public static List<Fence> fences(String text) {
        List<Fence> out = new ArrayList<>();
        Matcher m = FENCE.matcher(text);
        while (m.find()) {
            out.add(new Fence(m.group(1).toLowerCase(Locale.ROOT), m.group(2)));
        }
        return out;
    }

    /** Words: runs of letters or digits (apostrophes and inner hyphens kept), as IFEval counts them. */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = WORD.matcher(text);
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{N}]+(?:['’-][\\p{L}\\p{N}]+)*");

    /** True when {@code phrase} occurs in {@code text} as whole words, ignoring case. */
    public static boolean hasPhrase(String text, String phrase) {
        String p = phrase.strip();
        if (p.isEmpty()) {
            return false;
        }
        String left = Character.isLetterOrDigit(p.charAt(0)) ? "(?<![\\p{L}\\p{N}])" : "";
        String right = Character.isLetterOrDigit(p.charAt(p.length() - 1)) ? "(?![\\p{L}\\p{N}])" : "";
        return Pattern.compile(left + Pattern.quote(p).replace(" ", "\\E\\s+\\Q") + right,
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE).matcher(text).find();
    }
}
