package dev.fleetbench.worker.app;

import dev.fleetbench.common.model.Ids;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * The worker's id, stable per agent data directory: two agents on one host (two data directories) are two workers,
 * and an agent restarted with the same directory is the same worker and gets its unfinished cells back.
 */
public final class WorkerIdentity {

    static final String FILE = "worker-id";

    private WorkerIdentity() {
    }

    /** Reads the id from the data directory, creating it on first use. */
    public static String load(Path dataDir) throws IOException {
        Path file = dataDir.resolve(FILE);
        if (Files.exists(file)) {
            String id = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (!Ids.Shape.ID.matches(id)) {
                throw new IOException(file + " does not hold a valid worker id; delete it to get a new identity");
            }
            return id;
        }
        Files.createDirectories(dataDir);
        String id = "w-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Path tmp = dataDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return id;
    }
}
