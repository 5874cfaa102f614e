package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.EngineException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Makes the variant that was asked for the one that runs, per generation (spec §0.1, read in the 2.x source):
 * G1 loads by id; G2 loads by id and, when the service answers 404, by alias; G3 loads by alias only
 * ({@code models_handlers.cc} looks the name up in the alias index) and so loads the alias's first cached variant
 * in best-first order ({@code Model::SelectDefaultVariant}). After every load the service's {@code loaded} list is
 * read: when the wanted id is not in it, the other variant is unloaded again and the load ends in
 * {@link FailureCode#WRONG_VARIANT} naming what did load, so nothing is ever measured under the wrong name.
 * A user's cached models are never deleted to get there. Stateless.
 */
final class VariantLoader {

    /** The ids cached right now, asked only when a load went wrong (it costs a CLI call on G2/G3). */
    interface CachedIds {
        List<String> get() throws EngineException;
    }

    private VariantLoader() {
    }

    /** Loads {@code wanted} and confirms it; {@code catalog} in the service's order, {@code cached} ids any case. */
    static void load(Management m, CatalogEntry wanted, String epOverride, List<CatalogEntry> catalog,
                     CachedIds cached) throws EngineException {
        Generation g = m.generation();
        boolean byAlias = false;
        if (g == Generation.G3) {
            byAlias = true;
            requireKnown(m.tryLoad(wanted.alias(), null), wanted);
        } else if (!m.tryLoad(wanted.id(), epOverride)) {
            if (g == Generation.G1) {
                throw new EngineException(FailureCode.MODEL_NOT_FOUND, "Foundry Local does not know " + wanted.id()
                        + " (HTTP 404)");
            }
            byAlias = true;
            requireKnown(m.tryLoad(wanted.alias(), null), wanted);
        }
        List<String> loaded = m.loadedIds();
        if (loaded.stream().anyMatch(wanted.id()::equalsIgnoreCase)) {
            return;
        }
        List<String> others = loaded.stream().filter(id -> sameAlias(catalog, id, wanted)).toList();
        if (byAlias) {
            m.tryUnload(wanted.alias());
        } else {
            for (String other : others) {
                m.tryUnload(other);
            }
        }
        List<String> ahead = ahead(catalog, cached.get(), wanted);
        String ran = others.isEmpty() ? "no variant of '" + wanted.alias() + "' (loaded now: " + loaded + ")"
                : String.join(", ", others);
        throw new EngineException(FailureCode.WRONG_VARIANT, "asked for " + wanted.id() + ", but Foundry Local "
                + g.words() + " loaded " + ran + (byAlias ? " when asked to load the alias '" + wanted.alias() + "'" : "")
                + (ahead.isEmpty() ? "" : "; it loads an alias's first cached variant in best-first order, and "
                + String.join(", ", ahead) + (ahead.size() == 1 ? " is" : " are") + " cached ahead of the wanted one"
                + " (remove " + (ahead.size() == 1 ? "it" : "them") + " from the Foundry Local cache to measure "
                + wanted.id() + "; FleetBench never deletes a cached model it did not download)")
                + "; nothing was measured under " + wanted.id());
    }

    /**
     * The cached variants of the wanted one's alias that the G3 service would select before it: those earlier in
     * the catalog's best-first order. Pure.
     */
    static List<String> ahead(List<CatalogEntry> catalog, List<String> cached, CatalogEntry wanted) {
        Set<String> isCached = cached.stream().map(id -> id.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        List<String> out = new java.util.ArrayList<>();
        for (CatalogEntry e : catalog) {
            if (e.idLower().equals(wanted.idLower())) {
                return out;
            }
            if (e.alias().equals(wanted.alias()) && isCached.contains(e.idLower())) {
                out.add(e.id());
            }
        }
        return out;
    }

    /** The alias to name when unloading {@code id} on a service that takes aliases; the id itself when unknown. */
    static String aliasOf(List<CatalogEntry> catalog, String id) {
        return catalog.stream().filter(e -> e.id().equalsIgnoreCase(id)).map(CatalogEntry::alias).findFirst().orElse(id);
    }

    private static boolean sameAlias(List<CatalogEntry> catalog, String id, CatalogEntry wanted) {
        return aliasOf(catalog, id).equals(wanted.alias());
    }

    private static void requireKnown(boolean known, CatalogEntry wanted) throws EngineException {
        if (!known) {
            throw new EngineException(FailureCode.MODEL_NOT_FOUND, "Foundry Local knows neither the id " + wanted.id()
                    + " nor the alias '" + wanted.alias() + "' (HTTP 404)");
        }
    }
}
