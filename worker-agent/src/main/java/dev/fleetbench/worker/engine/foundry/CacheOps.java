package dev.fleetbench.worker.engine.foundry;

import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.worker.engine.CachedModel;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.hardware.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The model cache: which variants are cached and the disk they use, the cache folder, and removal with
 * {@code foundry cache remove}. A variant's disk use is measured on its folder when one under the cache is named
 * after it (the on-disk layout is not documented: {@code <id>}, {@code <id with : as ->} or the id without its
 * version are tried, three levels deep), else the catalog's {@code fileSizeMb} is reported.
 */
final class CacheOps {

    private final ServiceSession session;
    private final FoundryCli cli;
    private final EventLog events;

    CacheOps(ServiceSession session, FoundryCli cli, EventLog events) {
        this.session = session;
        this.cli = cli;
        this.events = events;
    }

    List<CachedModel> cached(List<CatalogEntry> catalog) throws EngineException {
        List<String> ids = session.call(m -> m.cachedIds(catalog));
        String location = session.call(m -> Optional.ofNullable(m.cacheLocation())).orElse(null);
        List<CachedModel> out = new ArrayList<>();
        for (String listed : ids) {
            CatalogEntry e = match(catalog, listed);
            String id = e == null ? listed : e.id();
            Optional<Path> folder = folderOf(location, id);
            long bytes = folder.map(CacheOps::size).filter(b -> b > 0)
                    .orElse(e == null ? 0L : e.fileSizeMb() * 1_000_000L);
            out.add(new CachedModel(id, bytes, folder.map(Path::toString).orElse(location)));
        }
        return out;
    }

    CacheReport report(List<CatalogEntry> catalog) throws EngineException {
        List<CachedModel> models = cached(catalog);
        String location = session.call(m -> Optional.ofNullable(m.cacheLocation())).orElse(null);
        long used = -1;
        long free = -1;
        if (location != null && Files.isDirectory(Path.of(location))) {
            used = size(Path.of(location));
            try {
                free = Files.getFileStore(Path.of(location)).getUsableSpace();
            } catch (IOException e) {
                free = -1;
            }
        }
        return new CacheReport(location, used, free, models);
    }

    /** Removes a variant; not cached is not an error; still cached afterwards is ENGINE_ERROR. */
    void remove(String id) throws EngineException {
        if (cli == null) {
            throw new EngineException(FailureCode.ENGINE_UNAVAILABLE, "removing " + id + " needs the foundry CLI,"
                    + " which was not found");
        }
        List<CatalogEntry> none = List.of();
        if (session.call(m -> m.cachedIds(none)).stream().noneMatch(id::equalsIgnoreCase)
                && session.endpoint().generation() == Generation.G1) {
            return;
        }
        // "--yes" answers the confirmation prompt (flag from the CLI's --help, spec §1.1); retried without it when
        // this CLI does not know the flag
        CommandResult r = cli.run("cache", "remove", id, "--yes");
        if (!r.ok() && r.stdout().toLowerCase(Locale.ROOT).matches("(?s).*(unrecognized|unknown) (command or )?(argument|option).*")) {
            r = cli.run("cache", "remove", id);
        }
        List<CatalogEntry> catalog = session.endpoint().generation() == Generation.G1 ? none
                : session.call(Management::catalog);
        boolean still = session.call(m -> m.cachedIds(catalog)).stream().anyMatch(id::equalsIgnoreCase);
        if (still) {
            throw new EngineException(FailureCode.ENGINE_ERROR, "'foundry cache remove " + id + "' did not remove it ("
                    + r.problem() + "): " + CatalogJson.excerpt(r.stdout()));
        }
        events.add("removed " + id + " from the Foundry Local cache");
    }

    /** The catalog entry a listed id means: exact (case-insensitive), else {@code id + ":"} prefix (older builds). */
    static CatalogEntry match(List<CatalogEntry> catalog, String listed) {
        String key = listed.toLowerCase(Locale.ROOT);
        for (CatalogEntry e : catalog) {
            if (e.idLower().equals(key)) {
                return e;
            }
        }
        for (CatalogEntry e : catalog) {
            if (e.idLower().startsWith(key + ":")) {
                return e;
            }
        }
        return null;
    }

    static Optional<Path> folderOf(String location, String id) {
        if (location == null || !Files.isDirectory(Path.of(location))) {
            return Optional.empty();
        }
        String lower = id.toLowerCase(Locale.ROOT);
        Set<String> names = Set.of(lower, lower.replace(':', '-'),
                lower.contains(":") ? lower.substring(0, lower.lastIndexOf(':')) : lower);
        try (Stream<Path> s = Files.find(Path.of(location), 3, (p, a) -> a.isDirectory()
                && names.contains(p.getFileName().toString().toLowerCase(Locale.ROOT)))) {
            return s.findFirst();
        } catch (IOException | UncheckedIOException e) {
            return Optional.empty();
        }
    }

    static long size(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException | UncheckedIOException e) {
            return -1;
        }
    }
}
