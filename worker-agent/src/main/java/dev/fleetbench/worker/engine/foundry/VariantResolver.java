package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.DeviceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Alias → variant exactly as the legacy SDKs resolve it (spec §5.2; same in Python, JS and C#), over the catalog in
 * the service's own order (already filtered to this machine's working execution providers and sorted best first):
 * <ol>
 *   <li>an exact id, case-insensitive;</li>
 *   <li>else ids starting with {@code <input>:} → the highest number after the last {@code :};</li>
 *   <li>else the alias (case-insensitive), on the requested device when one is given → the first in catalog
 *       order;</li>
 *   <li>on Windows, no device given: a {@code -generic-gpu:} pick without an EP override becomes the alias's first
 *       CPU variant.</li>
 * </ol>
 * EP override: when any entry runs on {@code CUDAExecutionProvider}, every {@code -generic-gpu:} entry is loaded with
 * {@code ep=cuda}. Pure; the hardware check is done by the caller.
 */
final class VariantResolver {

    /** A resolution without the hardware part. */
    record Match(CatalogEntry entry, VariantChoice.Rule rule, String epOverride) {
    }

    private VariantResolver() {
    }

    static Optional<Match> resolve(List<CatalogEntry> catalog, String input, DeviceType device, boolean windows) {
        boolean cuda = catalog.stream().anyMatch(e -> CatalogEntry.CUDA_EP.equals(e.executionProvider()));
        String key = input.toLowerCase(Locale.ROOT);
        for (CatalogEntry e : catalog) {
            if (e.idLower().equals(key)) {
                return Optional.of(new Match(e, VariantChoice.Rule.EXACT_ID, override(e, cuda)));
            }
        }
        CatalogEntry best = null;
        int bestVersion = -1;
        for (CatalogEntry e : catalog) {
            if (e.idLower().startsWith(key + ":")) {
                int v = ModelIds.version(e.id());
                if (v > bestVersion) {
                    bestVersion = v;
                    best = e;
                }
            }
        }
        if (best != null) {
            return Optional.of(new Match(best, VariantChoice.Rule.HIGHEST_VERSION, override(best, cuda)));
        }
        List<CatalogEntry> aliasMatches = new ArrayList<>();
        for (CatalogEntry e : catalog) {
            if (e.alias().toLowerCase(Locale.ROOT).equals(key) && (device == null || e.deviceType() == device)) {
                aliasMatches.add(e);
            }
        }
        if (aliasMatches.isEmpty()) {
            return Optional.empty();
        }
        CatalogEntry pick = aliasMatches.get(0);
        if (windows && device == null && pick.idLower().contains("-generic-gpu:") && override(pick, cuda) == null) {
            for (CatalogEntry e : aliasMatches) {
                if (e.deviceType() == DeviceType.CPU) {
                    return Optional.of(new Match(e, VariantChoice.Rule.WINDOWS_GENERIC_GPU_TO_CPU, override(e, cuda)));
                }
            }
        }
        return Optional.of(new Match(pick, VariantChoice.Rule.FIRST_ALIAS_MATCH, override(pick, cuda)));
    }

    /** {@code cuda} for a generic-GPU entry when the catalog has CUDA (the SDKs test {@code includes("generic-gpu")}). */
    static String override(CatalogEntry e, boolean catalogHasCuda) {
        return catalogHasCuda && e.idLower().contains("generic-gpu") ? "cuda" : null;
    }

    /** For messages: the devices an alias has here, e.g. "GPU, CPU"; empty when the alias is unknown. */
    static List<DeviceType> devicesOf(List<CatalogEntry> catalog, String alias) {
        String key = alias.toLowerCase(Locale.ROOT);
        return catalog.stream().filter(e -> e.alias().toLowerCase(Locale.ROOT).equals(key))
                .map(CatalogEntry::deviceType).distinct().toList();
    }
}
