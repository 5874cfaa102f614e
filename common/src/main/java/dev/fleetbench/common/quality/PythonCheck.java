package dev.fleetbench.common.quality;

import dev.fleetbench.common.quality.python.PythonSyntax;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Python code that defines a function of the asked name and arity, parsed with a real Python 3 parser (generated
 * from {@code Python.g4}) and never run. JSON: {@code python: {function: is_palindrome, arity: 1, keywords: [return]}}.
 * Requirements: the code parses; the function is defined; it takes {@code arity} positional arguments (defaults may
 * cover the rest; a method's {@code self} is not counted); each keyword is one of the code's tokens (a name, a
 * keyword or an operator such as {@code %}). The code is the first fenced block (untagged or {@code py…}) that parses
 * and defines the function; an answer without fences is read whole, or from its first line that starts code
 * ({@code def}, {@code class}, {@code import}, {@code from}, {@code @}) when prose comes first.
 *
 * @param function the function's name
 * @param arity    positional arguments it must accept, 0–32
 * @param keywords tokens that must occur in the code; may be empty
 */
public record PythonCheck(String function, int arity, List<String> keywords) implements Check {

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_][\\p{L}\\p{N}_]*");
    private static final Pattern CODE_START =
            Pattern.compile("(?m)^[ \\t]*(?:async[ \\t]+def|def|class|import|from|@)\\b");
    private static final int MAX_ARITY = 32;

    public PythonCheck {
        CheckJson.requireText("python.function", function);
        if (!IDENTIFIER.matcher(function).matches()) {
            throw new IllegalArgumentException("expect.python.function '" + function + "' is not a Python name");
        }
        if (arity < 0 || arity > MAX_ARITY) {
            throw new IllegalArgumentException("expect.python.arity " + arity + " is out of range 0.." + MAX_ARITY);
        }
        keywords = keywords == null || keywords.isEmpty() ? List.of() : CheckJson.requireTexts("python.keywords", keywords);
    }

    static PythonCheck fromJson(Map<String, Object> m) {
        if (!m.containsKey("function") || !m.containsKey("arity")) {
            throw new IllegalArgumentException("expect.python needs function and arity");
        }
        return new PythonCheck(CheckJson.text("python.function", m.get("function")),
                CheckJson.integer("python.arity", m.get("arity")),
                m.containsKey("keywords") ? CheckJson.texts("python.keywords", m.get("keywords")) : List.of());
    }

    public String key() {
        return "python";
    }

    public Object json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("function", function);
        m.put("arity", arity);
        if (!keywords.isEmpty()) {
            m.put("keywords", keywords);
        }
        return m;
    }

    public Tally check(String answer) {
        PythonSyntax.Parsed parsed = bestParse(answer);
        List<String> missed = new ArrayList<>();
        List<String> found = new ArrayList<>();
        int total = 3 + keywords.size();
        if (parsed == null) {
            missed.add("no Python code");
            return new Tally(0, total, missed, found);
        }
        if (parsed.ok()) {
            found.add("code parses");
        } else {
            missed.add("code does not parse (" + parsed.error() + ")");
        }
        PythonSyntax.Function f = parsed.functions().stream().filter(x -> x.name().equals(function)).findFirst()
                .orElse(null);
        if (f == null) {
            missed.add("no function '" + function + "'" + (parsed.functions().isEmpty() ? ""
                    : " (defines " + String.join(", ", parsed.functions().stream().map(PythonSyntax.Function::name)
                    .distinct().toList()) + ")"));
            missed.add("arity not checked without the function");
        } else {
            found.add("defines " + function);
            (f.acceptsPositional(arity) ? found : missed).add(f.acceptsPositional(arity)
                    ? "takes " + arity + " argument" + (arity == 1 ? "" : "s")
                    : "'" + function + "' does not take " + arity + " positional argument" + (arity == 1 ? "" : "s"));
        }
        Set<String> tokens = parsed.tokens();
        for (String k : keywords) {
            (tokens.contains(k) ? found : missed).add((tokens.contains(k) ? "uses '" : "lacks '") + k + "'");
        }
        return new Tally(found.size(), total, missed, found);
    }

    /** The best candidate: parses and defines the function, else parses, else the first candidate's failure. */
    private PythonSyntax.Parsed bestParse(String answer) {
        List<String> candidates = new ArrayList<>();
        List<Answers.Fence> fences = Answers.fences(answer);
        for (Answers.Fence f : fences) {
            if (f.language().isEmpty() || f.language().startsWith("py")) {
                candidates.add(f.body());
            }
        }
        if (fences.isEmpty()) {
            candidates.add(answer);
            var m = CODE_START.matcher(answer);
            if (m.find() && m.start() > 0) {
                candidates.add(answer.substring(m.start()));
            }
        }
        PythonSyntax.Parsed firstOk = null;
        PythonSyntax.Parsed first = null;
        for (String c : candidates) {
            String code = dedent(c);
            if (code.isBlank()) {
                continue;
            }
            PythonSyntax.Parsed p = PythonSyntax.parse(code);
            if (p.ok() && p.functions().stream().anyMatch(x -> x.name().equals(function))) {
                return p;
            }
            firstOk = firstOk == null && p.ok() ? p : firstOk;
            first = first == null ? p : first;
        }
        if (firstOk != null) {
            return firstOk;
        }
        // Prefer the failure of the candidate that at least starts like code.
        return candidates.size() > 1 && fences.isEmpty() ? PythonSyntax.parse(dedent(candidates.get(1))) : first;
    }

    /** Removes the indentation common to every non-blank line, as Python's textwrap.dedent does. */
    static String dedent(String code) {
        String[] lines = code.split("\r?\n", -1);
        int common = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                int i = 0;
                while (i < l.length() && (l.charAt(i) == ' ' || l.charAt(i) == '\t')) {
                    i++;
                }
                common = Math.min(common, i);
            }
        }
        if (common == 0 || common == Integer.MAX_VALUE) {
            return code;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(lines[i].isBlank() ? "" : lines[i].substring(common));
            if (i < lines.length - 1) {
                b.append('\n');
            }
        }
        return b.toString();
    }
}
