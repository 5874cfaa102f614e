package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of the store other than sample ingest, each run inside the caller's open transaction. Upserts are an
 * UPDATE by key followed by an INSERT when nothing was updated: a key lookup each, the same SQL on both databases, and
 * unlike DuckDB's {@code ON CONFLICT} (planned as a join) it does not scan the table. Bulk rows go through
 * {@link SqlDialect#insert}.
 */
final class Writes {

    static final List<String> CELL_COLUMNS = List.of("cell_id", "campaign_id", "ord", "worker_id", "model",
            "variant_id", "prompt_id", "planned", "status", "reason");
    static final List<String> UNIT_COLUMNS = List.of("unit_id", "campaign_id", "ord", "worker_id", "variant_id",
            "variant_json", "cells_json");
    private static final String CELL_UPDATES = "cell_updates";
    private static final String LEASE_UPDATES = "lease_updates";
    private static final String LEASE_COLUMNS = "lease_id, unit_id, campaign_id, worker_id, variant_id, attempt, issued_at,"
            + " ended_at, outcome, phases_json";

    private Writes() {
    }

    /** The temporary table of large cell updates (per connection). */
    static void createStaging(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + CELL_UPDATES
                    + " (cell_id TEXT, status TEXT, reason TEXT, planned INTEGER)");
            s.execute("CREATE TEMP TABLE IF NOT EXISTS " + LEASE_UPDATES + " (lease_id TEXT, unit_id TEXT,"
                    + " campaign_id TEXT, worker_id TEXT, variant_id TEXT, attempt INTEGER, issued_at TIMESTAMP,"
                    + " ended_at TIMESTAMP, outcome TEXT, phases_json TEXT)");
        }
    }

    /**
     * DuckDB's appenders fill columns by position: the tables bulk inserts write must have exactly the columns this
     * code expects, in this order (checked on both databases, so their schemas stay alike).
     */
    static void checkColumns(Connection c, SqlDialect dialect) throws SQLException {
        checkColumns(c, dialect, "samples", SampleColumns.NAMES);
        checkColumns(c, dialect, "cells", CELL_COLUMNS);
        checkColumns(c, dialect, "units", UNIT_COLUMNS);
    }

    static void checkColumns(Connection c, SqlDialect dialect, String table, List<String> expected) throws SQLException {
        List<String> actual = Reads.list(c, "SELECT column_name FROM information_schema.columns"
                + " WHERE table_name = ? AND " + dialect.ownSchema() + " ORDER BY ordinal_position", List.of(table),
                r -> r.getString(1));
        if (!actual.equals(expected)) {
            throw new StoreException("table " + table + " has columns " + actual + " but this coordinator appends "
                    + expected + "; the migrations and the code disagree", null);
        }
    }

    /**
     * Inserts or replaces workers by id (the last row of an id wins), with one UPDATE and one INSERT statement prepared
     * once for the whole list: a registration storm's rows are key lookups in one transaction.
     */
    static void upsertWorkers(Connection c, List<StoredWorker> workers) throws SQLException {
        Map<String, StoredWorker> byId = new LinkedHashMap<>();
        workers.forEach(w -> byId.put(w.registration().workerId(), w));
        try (PreparedStatement u = c.prepareStatement("UPDATE workers SET hostname = ?, agent_version = ?,"
                + " hardware_profile_hash = ?, registration_json = ?, last_seen = ? WHERE worker_id = ?");
             PreparedStatement i = c.prepareStatement("INSERT INTO workers (hostname, agent_version,"
                     + " hardware_profile_hash, registration_json, last_seen, worker_id) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (StoredWorker w : byId.values()) {
                workerValues(u, w);
                if (u.executeUpdate() == 0) {
                    workerValues(i, w);
                    i.executeUpdate();
                }
            }
        }
    }

    private static void workerValues(PreparedStatement p, StoredWorker w) throws SQLException {
        RegisterRequest reg = w.registration();
        Jdbc.setString(p, 1, reg.hardware() == null ? null : reg.hardware().hostname());
        Jdbc.setString(p, 2, reg.agentVersion());
        Jdbc.setString(p, 3, reg.hardware() == null ? null : reg.hardware().profileHash());
        p.setString(4, Json.write(reg));
        Jdbc.setInstant(p, 5, w.lastSeen());
        p.setString(6, reg.workerId());
    }

    static void insertCampaign(Connection c, SqlDialect dialect, CampaignRecord k, List<Cell> cells,
                               List<LeaseUnit> units) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO campaigns (campaign_id, name, spec_text, spec_yaml,"
                + " schedule_id, created_at, state, finished_at, notes_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, k.id());
            p.setString(2, k.name());
            p.setString(3, k.specText());
            p.setBoolean(4, k.yaml());
            Jdbc.setString(p, 5, k.scheduleId());
            Jdbc.setInstant(p, 6, k.createdAt());
            p.setString(7, k.state().wire());
            Jdbc.setInstant(p, 8, k.finishedAt());
            p.setString(9, Json.write(k.notes()));
            p.executeUpdate();
        }
        if (!cells.isEmpty()) {
            dialect.insert(c, "cells", false, CELL_COLUMNS, false, sink -> {
                int ord = 0;
                for (Cell cell : cells) {
                    sink.row(cell.id(), cell.campaignId(), ord++, cell.workerId(), cell.model(), cell.variantId(),
                            cell.promptId(), cell.planned(), cell.status().wire(), cell.reason());
                }
            });
        }
        if (!units.isEmpty()) {
            dialect.insert(c, "units", false, UNIT_COLUMNS, false, sink -> {
                int ord = 0;
                for (LeaseUnit u : units) {
                    sink.row(u.id(), u.campaignId(), ord++, u.workerId(), u.variant().id(), Json.write(u.variant()),
                            Json.write(u.cells()));
                }
            });
        }
    }

    static void updateCampaign(Connection c, CampaignRecord k) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE campaigns SET name = ?, spec_text = ?, spec_yaml = ?,"
                + " schedule_id = ?, created_at = ?, state = ?, finished_at = ?, notes_json = ? WHERE campaign_id = ?")) {
            p.setString(1, k.name());
            p.setString(2, k.specText());
            p.setBoolean(3, k.yaml());
            Jdbc.setString(p, 4, k.scheduleId());
            Jdbc.setInstant(p, 5, k.createdAt());
            p.setString(6, k.state().wire());
            Jdbc.setInstant(p, 7, k.finishedAt());
            p.setString(8, Json.write(k.notes()));
            p.setString(9, k.id());
            if (p.executeUpdate() == 0) {
                throw new StoreException("campaign " + k.id() + " is not stored", null);
            }
        }
    }

    /**
     * Writes status and reason. A few cells are updated by key; many (a cancelled campaign) go through a temporary
     * table and one UPDATE … FROM, since each keyed update costs a statement. Every cell must be stored.
     */
    static void updateCells(Connection c, SqlDialect dialect, List<Cell> cells) throws SQLException {
        Map<String, Cell> byId = new LinkedHashMap<>();
        cells.forEach(cell -> byId.put(cell.id(), cell));
        long updated = 0;
        if (byId.size() <= JdbcStore.ROW_UPDATE_LIMIT) {
            try (PreparedStatement p = c.prepareStatement(
                    "UPDATE cells SET status = ?, reason = ?, planned = ? WHERE cell_id = ?")) {
                for (Cell cell : byId.values()) {
                    p.setString(1, cell.status().wire());
                    Jdbc.setString(p, 2, cell.reason());
                    p.setInt(3, cell.planned());
                    p.setString(4, cell.id());
                    updated += p.executeUpdate();
                }
            }
        } else {
            try (Statement s = c.createStatement()) {
                s.execute("DELETE FROM " + CELL_UPDATES);
            }
            dialect.insert(c, CELL_UPDATES, true, List.of("cell_id", "status", "reason", "planned"), false, sink -> {
                for (Cell cell : byId.values()) {
                    sink.row(cell.id(), cell.status().wire(), cell.reason(), cell.planned());
                }
            });
            try (Statement s = c.createStatement()) {
                updated = s.executeUpdate("UPDATE cells SET status = u.status, reason = u.reason, planned = u.planned FROM " + CELL_UPDATES
                        + " u WHERE cells.cell_id = u.cell_id");
            }
        }
        if (updated != byId.size()) {
            List<String> ids = new ArrayList<>(byId.keySet());
            throw new StoreException((byId.size() - updated) + " of " + byId.size() + " cells are not stored (e.g. "
                    + unknownExample(c, ids) + "); nothing was updated", null);
        }
    }

    private static String unknownExample(Connection c, List<String> ids) throws SQLException {
        for (String id : ids) {
            if (Reads.list(c, "SELECT 1 FROM cells WHERE cell_id = ?", List.of(id), r -> 1).isEmpty()) {
                return id;
            }
        }
        return "?";
    }

    /**
     * Inserts or replaces lease records by lease id (the last record of an id wins). A few go by key with two
     * prepared statements; many (a tick's worth of a large fleet) go through a temporary table, one UPDATE … FROM
     * and one INSERT of the new ids, since each keyed statement costs as much as a whole staged pass.
     */
    static void upsertLeases(Connection c, SqlDialect dialect, List<LeaseRecord> leases) throws SQLException {
        Map<String, LeaseRecord> byId = new LinkedHashMap<>();
        leases.forEach(l -> byId.put(l.leaseId(), l));
        if (byId.size() <= JdbcStore.ROW_UPDATE_LIMIT) {
            try (PreparedStatement u = c.prepareStatement("UPDATE leases SET unit_id = ?, campaign_id = ?,"
                    + " worker_id = ?, variant_id = ?, attempt = ?, issued_at = ?, ended_at = ?, outcome = ?,"
                    + " phases_json = ? WHERE lease_id = ?");
                 PreparedStatement i = c.prepareStatement("INSERT INTO leases (unit_id, campaign_id, worker_id,"
                         + " variant_id, attempt, issued_at, ended_at, outcome, phases_json, lease_id)"
                         + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (LeaseRecord l : byId.values()) {
                    String phases = l.phases() == null ? null : Json.write(l.phases());
                    leaseValues(u, l, phases);
                    u.setString(10, l.leaseId());
                    if (u.executeUpdate() == 0) {
                        leaseValues(i, l, phases);
                        i.setString(10, l.leaseId());
                        i.executeUpdate();
                    }
                }
            }
            return;
        }
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM " + LEASE_UPDATES);
        }
        dialect.insert(c, LEASE_UPDATES, true, List.of(LEASE_COLUMNS.split(", ")), false, sink -> {
            for (LeaseRecord l : byId.values()) {
                sink.row(l.leaseId(), l.unitId(), l.campaignId(), l.workerId(), l.variantId(), l.attempt(),
                        l.issuedAt(), l.endedAt(), l.outcome().wire(), l.phases() == null ? null : Json.write(l.phases()));
            }
        });
        try (Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE leases SET unit_id = u.unit_id, campaign_id = u.campaign_id, worker_id = u.worker_id,"
                    + " variant_id = u.variant_id, attempt = u.attempt, issued_at = u.issued_at, ended_at = u.ended_at,"
                    + " outcome = u.outcome, phases_json = u.phases_json FROM " + LEASE_UPDATES
                    + " u WHERE leases.lease_id = u.lease_id");
            s.executeUpdate("INSERT INTO leases (" + LEASE_COLUMNS + ") SELECT " + LEASE_COLUMNS + " FROM "
                    + LEASE_UPDATES + " u WHERE NOT EXISTS (SELECT 1 FROM leases l WHERE l.lease_id = u.lease_id)");
        }
    }

    private static void leaseValues(PreparedStatement p, LeaseRecord l, String phases) throws SQLException {
        p.setString(1, l.unitId());
        p.setString(2, l.campaignId());
        p.setString(3, l.workerId());
        Jdbc.setString(p, 4, l.variantId());
        p.setInt(5, l.attempt());
        Jdbc.setInstant(p, 6, l.issuedAt());
        Jdbc.setInstant(p, 7, l.endedAt());
        p.setString(8, l.outcome().wire());
        Jdbc.setString(p, 9, phases);
    }

    static void upsertSchedule(Connection c, ScheduleRecord s) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE schedules SET name = ?, spec_text = ?, spec_yaml = ?,"
                + " cron = ?, created_at = ?, last_run_at = ?, enabled = ? WHERE schedule_id = ?")) {
            scheduleValues(u, s);
            if (u.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement i = c.prepareStatement("INSERT INTO schedules (name, spec_text, spec_yaml, cron,"
                + " created_at, last_run_at, enabled, schedule_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            scheduleValues(i, s);
            i.executeUpdate();
        }
    }

    private static void scheduleValues(PreparedStatement p, ScheduleRecord s) throws SQLException {
        p.setString(1, s.name());
        p.setString(2, s.specText());
        p.setBoolean(3, s.yaml());
        p.setString(4, s.cron());
        Jdbc.setInstant(p, 5, s.createdAt());
        Jdbc.setInstant(p, 6, s.lastRunAt());
        p.setBoolean(7, s.enabled());
        p.setString(8, s.id());
    }

    static void insertRating(Connection c, RatingRecord r) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO ratings (rating_id, campaign_id, prompt_id, use_case,"
                + " sample_a, sample_b, model_a, model_b, a_accuracy, a_clarity, a_completeness, b_accuracy, b_clarity,"
                + " b_completeness, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.id());
            p.setString(2, r.campaignId());
            p.setString(3, r.promptId());
            p.setString(4, r.useCase());
            p.setString(5, r.sampleA());
            p.setString(6, r.sampleB());
            p.setString(7, r.modelA());
            p.setString(8, r.modelB());
            p.setInt(9, r.a().accuracy());
            p.setInt(10, r.a().clarity());
            p.setInt(11, r.a().completeness());
            p.setInt(12, r.b().accuracy());
            p.setInt(13, r.b().clarity());
            p.setInt(14, r.b().completeness());
            Jdbc.setInstant(p, 15, r.createdAt());
            p.executeUpdate();
        }
    }
}
