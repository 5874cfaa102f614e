package dev.fleetbench.coordinator.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.stream.Collectors;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/** DuckDB: bulk inserts by Appender, {@code quantile_cont}/{@code quantile_disc} with a list, lists for raw values. */
final class DuckDbDialect implements SqlDialect {

    static final DuckDbDialect INSTANCE = new DuckDbDialect();

    private DuckDbDialect() {
    }

    @Override
    public String name() {
        return "duckdb";
    }

    @Override
    public String migrationsFolder() {
        return "db";
    }

    @Override
    public String ownSchema() {
        return "table_schema = 'main'";
    }

    @Override
    public boolean singleProcess() {
        return true;
    }

    /** Appenders fill columns by position ({@link Writes#checkColumns} pins the order); skipExisting is not possible. */
    @Override
    public long insert(Connection c, String table, boolean temporary, List<String> columns, boolean skipExisting,
                       Rows rows) throws SQLException {
        long[] n = {0};
        Jdbc.appendAll((DuckDBConnection) c, temporary ? "temp" : null, "main", table, a -> rows.each(values -> {
            if (values.length != columns.size()) {
                throw new SQLException(table + ": " + values.length + " values for " + columns.size() + " columns");
            }
            a.beginRow();
            for (Object v : values) {
                append(a, v);
            }
            a.endRow();
            n[0]++;
        }));
        return n[0];
    }

    private static void append(DuckDBAppender a, Object v) throws SQLException {
        if (v == null) {
            a.appendNull();
        } else if (v instanceof String s) {
            a.append(s);
        } else if (v instanceof Integer i) {
            a.append(i.intValue());
        } else if (v instanceof Long l) {
            a.append(l.longValue());
        } else if (v instanceof Double d) {
            a.append(d.doubleValue());
        } else if (v instanceof Boolean b) {
            a.append(b.booleanValue());
        } else if (v instanceof Instant t) {
            a.append(LocalDateTime.ofInstant(t, ZoneOffset.UTC));
        } else {
            throw new SQLException("cannot append a " + v.getClass().getName());
        }
    }

    @Override
    public String percentilesCont(String column, List<Double> fractions, String filter) {
        return "quantile_cont(" + column + ", " + list(fractions) + ") FILTER (WHERE " + filter + ")";
    }

    @Override
    public String percentilesDisc(String column, List<Double> fractions, String filter) {
        return "quantile_disc(" + column + ", " + list(fractions) + ") FILTER (WHERE " + filter + ")";
    }

    @Override
    public String sortedValues(String expression, String filter) {
        return "list_sort(list(" + expression + ") FILTER (WHERE " + filter + "))";
    }

    @Override
    public String sortedDistinctText(String expression) {
        return "list_sort(list(DISTINCT " + expression + "))";
    }

    @Override
    public String jsonText(String column, String... path) {
        return "json_extract_string(" + column + ", '$." + String.join(".", path) + "')";
    }

    private static String list(List<Double> fractions) {
        return fractions.stream().map(d -> Double.toString(d)).collect(Collectors.joining(", ", "[", "]"));
    }
}
