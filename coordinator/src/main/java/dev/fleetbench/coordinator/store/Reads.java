package dev.fleetbench.coordinator.store;

import dev.fleetbench.common.json.Json;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.coordinator.domain.leases.LeaseOutcome;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.domain.matrix.LeaseUnit;
import dev.fleetbench.coordinator.domain.matrix.UnitCell;
import dev.fleetbench.coordinator.domain.results.RatingRecord;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Queries and row mappers of the store; the SQL text of every read lives here. */
final class Reads {

    static final String CAMPAIGN = "SELECT campaign_id, name, spec_text, spec_yaml, schedule_id, created_at, state,"
            + " finished_at, notes_json FROM campaigns";
    static final String SCHEDULE = "SELECT schedule_id, name, spec_text, spec_yaml, cron, created_at, last_run_at,"
            + " enabled FROM schedules";
    static final String CELL = "SELECT cell_id, campaign_id, worker_id, model, variant_id, prompt_id, planned, status,"
            + " reason FROM cells";
    static final String UNIT = "SELECT unit_id, campaign_id, worker_id, variant_json, cells_json FROM units";
    static final String LEASE = "SELECT lease_id, unit_id, campaign_id, worker_id, variant_id, attempt, issued_at,"
            + " ended_at, outcome, phases_json FROM leases";

    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet r) throws SQLException;
    }

    private Reads() {
    }

    /** Runs a query with String, Integer or Long parameters and maps every row. */
    static <T> List<T> list(Connection c, String sql, List<?> params, RowMapper<T> mapper) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                Object v = params.get(i);
                if (v instanceof Integer n) {
                    p.setInt(i + 1, n);
                } else if (v instanceof Long n) {
                    p.setLong(i + 1, n);
                } else {
                    Jdbc.setString(p, i + 1, (String) v);
                }
            }
            List<T> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(mapper.map(r));
                }
            }
            return out;
        }
    }

    /** The highest sample sequence number stored, 0 when there is none. */
    static long lastSeq(Connection c) throws SQLException {
        return list(c, "SELECT coalesce(max(seq), 0) FROM samples", List.of(), r -> r.getLong(1)).get(0);
    }

    static CampaignRecord campaign(ResultSet r) throws SQLException {
        return new CampaignRecord(r.getString("campaign_id"), r.getString("name"), r.getString("spec_text"),
                r.getBoolean("spec_yaml"), r.getString("schedule_id"), Jdbc.getInstant(r, "created_at"),
                campaignState(r.getString("state")), Jdbc.getInstant(r, "finished_at"),
                List.of(Json.read(r.getString("notes_json"), String[].class)));
    }

    static ScheduleRecord schedule(ResultSet r) throws SQLException {
        return new ScheduleRecord(r.getString("schedule_id"), r.getString("name"), r.getString("spec_text"),
                r.getBoolean("spec_yaml"), r.getString("cron"), Jdbc.getInstant(r, "created_at"),
                Jdbc.getInstant(r, "last_run_at"), r.getBoolean("enabled"));
    }

    static Cell cell(ResultSet r) throws SQLException {
        return new Cell(r.getString("cell_id"), r.getString("campaign_id"), r.getString("worker_id"),
                r.getString("model"), r.getString("variant_id"), r.getString("prompt_id"), r.getInt("planned"),
                cellStatus(r.getString("status")), r.getString("reason"));
    }

    static Map<String, Map<CellStatus, Integer>> cellCounts(Connection c) throws SQLException {
        Map<String, Map<CellStatus, Integer>> out = new LinkedHashMap<>();
        for (Object[] row : list(c, "SELECT campaign_id, status, count(*) AS n FROM cells GROUP BY campaign_id, status"
                + " ORDER BY campaign_id, status", List.of(), r -> new Object[] {r.getString(1), r.getString(2), r.getInt(3)})) {
            out.computeIfAbsent((String) row[0], k -> new EnumMap<>(CellStatus.class)).put(cellStatus((String) row[1]),
                    (Integer) row[2]);
        }
        return out;
    }

    static LeaseUnit unit(ResultSet r) throws SQLException {
        return new LeaseUnit(r.getString("unit_id"), r.getString("campaign_id"), r.getString("worker_id"),
                Json.read(r.getString("variant_json"), ModelVariant.class),
                List.of(Json.read(r.getString("cells_json"), UnitCell[].class)));
    }

    static LeaseRecord lease(ResultSet r) throws SQLException {
        String phases = r.getString("phases_json");
        return new LeaseRecord(r.getString("lease_id"), r.getString("unit_id"), r.getString("campaign_id"),
                r.getString("worker_id"), r.getString("variant_id"), r.getInt("attempt"),
                Jdbc.getInstant(r, "issued_at"), Jdbc.getInstant(r, "ended_at"), LeaseOutcome.parse(r.getString("outcome")),
                phases == null ? null : Json.read(phases, ModelPhases.class));
    }

    static CampaignState campaignState(String wire) {
        for (CampaignState s : CampaignState.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalStateException("unknown campaign state '" + wire + "' in the store");
    }

    static CellStatus cellStatus(String wire) {
        for (CellStatus s : CellStatus.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalStateException("unknown cell status '" + wire + "' in the store");
    }

    static final String RATING = "SELECT rating_id, campaign_id, prompt_id, use_case, sample_a, sample_b, model_a,"
            + " model_b, a_accuracy, a_clarity, a_completeness, b_accuracy, b_clarity, b_completeness, created_at"
            + " FROM ratings";

    static RatingRecord rating(ResultSet r) throws SQLException {
        return new RatingRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                r.getString(6), r.getString(7), r.getString(8),
                new RatingRecord.Scores(r.getInt(9), r.getInt(10), r.getInt(11)),
                new RatingRecord.Scores(r.getInt(12), r.getInt(13), r.getInt(14)), Jdbc.getInstant(r, "created_at"));
    }
}
