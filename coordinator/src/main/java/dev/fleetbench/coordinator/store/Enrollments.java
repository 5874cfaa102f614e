package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.coordinator.domain.fleet.Enrollment;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code enrollments} table (migration V6): one row per worker, replaced on every decision. */
final class Enrollments {

    private Enrollments() {
    }

    /** Inserts or replaces rows by worker id; the last of an id wins. */
    static void upsert(Connection c, List<Enrollment> enrollments) throws SQLException {
        Map<String, Enrollment> byId = new LinkedHashMap<>();
        enrollments.forEach(e -> byId.put(e.workerId(), e));
        try (PreparedStatement u = c.prepareStatement("UPDATE enrollments SET machine_id = ?, state = ?, reason = ?,"
                + " profile_json = ?, decided_at = ? WHERE worker_id = ?");
             PreparedStatement i = c.prepareStatement("INSERT INTO enrollments (machine_id, state, reason,"
                     + " profile_json, decided_at, worker_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (Enrollment e : byId.values()) {
                values(u, e);
                if (u.executeUpdate() == 0) {
                    values(i, e);
                    i.executeUpdate();
                }
            }
        }
    }

    private static void values(PreparedStatement p, Enrollment e) throws SQLException {
        Jdbc.setString(p, 1, e.machineId());
        p.setString(2, e.state().wire());
        Jdbc.setString(p, 3, e.reason());
        Jdbc.setString(p, 4, e.approvedProfile() == null ? null : Json.write(e.approvedProfile()));
        Jdbc.setInstant(p, 5, e.decidedAt());
        p.setString(6, e.workerId());
    }

    static List<Enrollment> all(Connection c) throws SQLException {
        return Reads.list(c, "SELECT worker_id, machine_id, state, reason, profile_json, decided_at FROM enrollments"
                + " ORDER BY worker_id", List.of(), r -> {
                    String profile = r.getString("profile_json");
                    return new Enrollment(r.getString("worker_id"), r.getString("machine_id"),
                            Enrollment.State.of(r.getString("state")), r.getString("reason"),
                            profile == null ? null : Json.read(profile, HardwareProfile.class),
                            Jdbc.getInstant(r, "decided_at"));
                });
    }
}
