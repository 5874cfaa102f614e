package dev.fleetbench.coordinator.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * PostgreSQL: bulk inserts as multi-row INSERT statements ({@code ON CONFLICT DO NOTHING} when asked), ordered-set
 * aggregates {@code percentile_cont}/{@code percentile_disc} with an array of fractions, {@code array_agg} for raw
 * values, and text sorted by code point ({@code COLLATE "C"}) like DuckDB's.
 */
final class PostgresDialect implements SqlDialect {

    static final PostgresDialect INSTANCE = new PostgresDialect();
    /** The protocol allows 65,535 parameters per statement; a few thousand keep statements small to parse. */
    private static final int MAX_PARAMETERS = 8_000;

    private PostgresDialect() {
    }

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public String migrationsFolder() {
        return "db/postgresql";
    }

    @Override
    public String ownSchema() {
        return "table_schema = current_schema()";
    }

    @Override
    public boolean singleProcess() {
        return false;
    }

    @Override
    public long insert(Connection c, String table, boolean temporary, List<String> columns, boolean skipExisting,
                       Rows rows) throws SQLException {
        int perStatement = Math.max(1, MAX_PARAMETERS / columns.size());
        List<Object[]> pending = new ArrayList<>(perStatement);
        long[] inserted = {0};
        rows.each(values -> {
            if (values.length != columns.size()) {
                throw new SQLException(table + ": " + values.length + " values for " + columns.size() + " columns");
            }
            pending.add(values);
            if (pending.size() == perStatement) {
                inserted[0] += flush(c, table, columns, skipExisting, pending);
            }
        });
        if (!pending.isEmpty()) {
            inserted[0] += flush(c, table, columns, skipExisting, pending);
        }
        return inserted[0];
    }

    private static long flush(Connection c, String table, List<String> columns, boolean skipExisting,
                              List<Object[]> rows) throws SQLException {
        String row = columns.stream().map(x -> "?").collect(Collectors.joining(", ", "(", ")"));
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table).append(" (")
                .append(String.join(", ", columns)).append(") VALUES ");
        for (int i = 0; i < rows.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append(row);
        }
        if (skipExisting) {
            sql.append(" ON CONFLICT DO NOTHING");
        }
        try (PreparedStatement p = c.prepareStatement(sql.toString())) {
            int i = 1;
            for (Object[] values : rows) {
                for (Object v : values) {
                    set(p, i++, v);
                }
            }
            long n = p.executeUpdate();
            rows.clear();
            return n;
        }
    }

    private static void set(PreparedStatement p, int i, Object v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.NULL); // untyped: the server takes the column's type
        } else if (v instanceof Instant t) {
            p.setObject(i, LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        } else {
            p.setObject(i, v);
        }
    }

    @Override
    public String percentilesCont(String column, List<Double> fractions, String filter) {
        return "percentile_cont(" + array(fractions) + ") WITHIN GROUP (ORDER BY " + column + ") FILTER (WHERE "
                + filter + ")";
    }

    @Override
    public String percentilesDisc(String column, List<Double> fractions, String filter) {
        return "percentile_disc(" + array(fractions) + ") WITHIN GROUP (ORDER BY " + column + ") FILTER (WHERE "
                + filter + ")";
    }

    /** Empty groups give an empty array, as DuckDB's list does. */
    @Override
    public String sortedValues(String expression, String filter) {
        return "coalesce(array_agg(" + expression + " ORDER BY " + expression + ") FILTER (WHERE " + filter
                + "), '{}')";
    }

    @Override
    public String sortedDistinctText(String expression) {
        String x = "(" + expression + ") COLLATE \"C\"";
        return "array_agg(DISTINCT " + x + " ORDER BY " + x + ")";
    }

    @Override
    public String jsonText(String column, String... path) {
        return "(" + column + "::json #>> '{" + String.join(",", path) + "}')";
    }

    private static String array(List<Double> fractions) {
        return fractions.stream().map(d -> Double.toString(d)).collect(Collectors.joining(", ", "ARRAY[", "]"));
    }
}
