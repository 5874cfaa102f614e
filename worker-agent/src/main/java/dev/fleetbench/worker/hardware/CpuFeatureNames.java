package dev.fleetbench.worker.hardware;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Maps the many spellings of ISA features to the inference-relevant canonical names of
 * {@link dev.fleetbench.common.model.CpuInfo#features()}: Linux {@code /proc/cpuinfo} flags and Features,
 * Windows {@code IsProcessorFeaturePresent} names as OSHI returns them ({@code PF_AVX2_INSTRUCTIONS_AVAILABLE}),
 * and macOS {@code sysctl hw.optional} keys ({@code FEAT_DotProd}, {@code AdvSIMD}, {@code avx2_0}). Features that
 * do not matter for inference kernels are dropped. Pure.
 */
final class CpuFeatureNames {

    private static final Pattern SEPARATORS = Pattern.compile("[\\s:,;=]+");

    /** Lower-case spelling → canonical name. */
    private static final Map<String, String> CANONICAL = Map.ofEntries(
            // x86
            Map.entry("avx", "avx"), Map.entry("avx1.0", "avx"), Map.entry("avx1_0", "avx"),
            Map.entry("pf_avx_instructions_available", "avx"),
            Map.entry("avx2", "avx2"), Map.entry("avx2_0", "avx2"), Map.entry("pf_avx2_instructions_available", "avx2"),
            Map.entry("fma", "fma"), Map.entry("fma3", "fma"),
            Map.entry("f16c", "f16c"),
            Map.entry("avx512f", "avx512f"), Map.entry("pf_avx512f_instructions_available", "avx512f"),
            Map.entry("avx512_vnni", "avx512_vnni"), Map.entry("avx512vnni", "avx512_vnni"),
            Map.entry("avx512_bf16", "avx512_bf16"), Map.entry("avx512bf16", "avx512_bf16"),
            Map.entry("avx_vnni", "avx_vnni"), Map.entry("avxvnni", "avx_vnni"),
            // AMX comes as tile + data types; llama.cpp needs all, but any of them marks an AMX machine
            Map.entry("amx_tile", "amx"), Map.entry("amx_int8", "amx"), Map.entry("amx_bf16", "amx"),
            Map.entry("amx", "amx"),
            // ARM: Linux calls NEON "asimd", macOS "AdvSIMD" or "neon", Windows PF_ARM_NEON_…
            Map.entry("neon", "neon"), Map.entry("asimd", "neon"), Map.entry("advsimd", "neon"),
            Map.entry("pf_arm_neon_instructions_available", "neon"),
            Map.entry("asimddp", "dotprod"), Map.entry("dotprod", "dotprod"), Map.entry("feat_dotprod", "dotprod"),
            Map.entry("pf_arm_v82_dp_instructions_available", "dotprod"),
            Map.entry("asimdhp", "fp16"), Map.entry("fphp", "fp16"), Map.entry("feat_fp16", "fp16"),
            Map.entry("neon_fp16", "fp16"), Map.entry("neon_hpfp", "fp16"),
            Map.entry("i8mm", "i8mm"), Map.entry("feat_i8mm", "i8mm"),
            Map.entry("pf_arm_sve_i8mm_instructions_available", "i8mm"),
            Map.entry("bf16", "bf16"), Map.entry("feat_bf16", "bf16"),
            Map.entry("pf_arm_sve_bf16_instructions_available", "bf16"),
            Map.entry("sve", "sve"), Map.entry("feat_sve", "sve"), Map.entry("pf_arm_sve_instructions_available", "sve"),
            Map.entry("sve2", "sve2"), Map.entry("feat_sve2", "sve2"),
            Map.entry("pf_arm_sve2_instructions_available", "sve2"),
            Map.entry("sme", "sme"), Map.entry("feat_sme", "sme"));

    private CpuFeatureNames() {
    }

    /**
     * The canonical features named anywhere in the text: each entry may be one name or a whole line
     * ("flags : fpu vme … avx2"), split on white space and punctuation.
     *
     * @return sorted, distinct, lower-case canonical names; empty when none is recognised
     */
    static List<String> canonical(Collection<String> texts) {
        TreeSet<String> out = new TreeSet<>();
        if (texts == null) {
            return List.of();
        }
        for (String text : texts) {
            if (text == null) {
                continue;
            }
            for (String token : SEPARATORS.split(text.toLowerCase(Locale.ROOT))) {
                String name = CANONICAL.get(token);
                if (name != null) {
                    out.add(name);
                }
            }
        }
        return List.copyOf(out);
    }
}
