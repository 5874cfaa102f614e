package dev.fleetbench.common.suites;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.PromptSet;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;

/**
 * The built-in, offline task suites, one or more per use case, generated from a seed so a suite is reproducible and
 * numbers vary between seeds. Texts are Java constants, so this stays a pure package (no resource loading); their
 * sources and licenses are in {@code SOURCES.md} next to this package's resources and in {@code docs/quality.md}.
 */
public final class Suites {

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1L;

    private record Entry(SuiteInfo info, LongFunction<List<Task>> tasks) { }

    private static final Map<String, Entry> SUITES = new LinkedHashMap<>();

    static {
        add("chat-instructions", UseCase.CHAT, ChatSuite::tasks,
                "written for FleetBench in the style of IFEval (instructions whose constraints code can check); "
                        + "topics picked by the seed", ChatSuite.LICENSE);
        add("reasoning-arithmetic", UseCase.REASONING, ArithmeticSuite::tasks,
                "word problems written for FleetBench; every number is generated from the seed", ArithmeticSuite.LICENSE);
        add("reasoning-logic", UseCase.REASONING, LogicSuite::tasks,
                "short logic puzzles written for FleetBench; names, days and offsets picked by the seed",
                LogicSuite.LICENSE);
        add("code-python", UseCase.CODE, CodeSuite::tasks,
                "small Python functions written for FleetBench, checked by parsing (never run); divisors picked "
                        + "by the seed", CodeSuite.LICENSE);
        add("summarization-passages", UseCase.SUMMARIZATION, SummarySuite::tasks, SummarySuite.SOURCE,
                SummarySuite.LICENSE);
    }

    private Suites() {
    }

    private static void add(String name, UseCase useCase, LongFunction<List<Task>> tasks, String source,
                            String license) {
        SUITES.put(name, new Entry(new SuiteInfo(name, useCase, tasks.apply(DEFAULT_SEED).size(), source, license),
                tasks));
    }

    /** Every built-in suite, in a stable order. */
    public static List<SuiteInfo> catalog() {
        return SUITES.values().stream().map(Entry::info).toList();
    }

    /**
     * The suite {@code name} generated from {@code seed}. Same name + seed → identical prompts (ids, texts, checks).
     *
     * @throws IllegalArgumentException for an unknown name, naming it and the known suites
     */
    public static Suite resolve(String name, long seed) {
        Entry e = entry(name);
        List<PromptSpec> prompts = e.tasks().apply(seed).stream().map(Task::prompt).toList();
        String version = HardwareProfile.sha256Hex(name + '\u0000' + seed + '\u0000'
                + new PromptSet(prompts).version()).substring(0, 12);
        return new Suite(name, e.info().useCase(), version, seed, prompts);
    }

    /**
     * A reference answer per prompt id, in prompt order, each of which passes its prompt's check (as the build
     * proves): for engines with known answers in tests and demos.
     *
     * @throws IllegalArgumentException for an unknown name, as {@link #resolve} does
     */
    public static Map<String, String> referenceAnswers(String name, long seed) {
        return java.util.Collections.unmodifiableMap(references(name, seed));
    }

    /** Reference answers by prompt id, each of which passes its prompt's check. */
    static Map<String, String> references(String name, long seed) {
        Map<String, String> out = new LinkedHashMap<>();
        entry(name).tasks().apply(seed).forEach(t -> out.put(t.prompt().id(), t.reference()));
        return out;
    }

    private static Entry entry(String name) {
        Entry e = name == null ? null : SUITES.get(name);
        if (e == null) {
            throw new IllegalArgumentException("unknown suite '" + name + "'; known suites are "
                    + String.join(", ", SUITES.keySet()));
        }
        return e;
    }

    /** Prompt id {@code <suite>.<n>}. */
    static String id(String suite, int n) {
        return suite + "." + n;
    }
}
