package dev.fleetbench.coordinator.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void bothUrlFormsBecomeAJdbcUrlWithoutCredentials() {
        assertThat(PostgresUrl.parse("postgresql://db.lab:5433/fleet", null, null))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db.lab:5433/fleet", null, null));
        assertThat(PostgresUrl.parse("postgres://fb:p%40ss@db.lab/fleet?sslmode=require", null, null))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://db.lab/fleet?sslmode=require", "fb", "p@ss"));
        assertThat(PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/fleet?user=a&password=b&currentSchema=lab2",
                null, null)).isEqualTo(new PostgresUrl("jdbc:postgresql://127.0.0.1:5432/fleet?currentSchema=lab2",
                "a", "b"));
        assertThat(PostgresUrl.isPostgres("postgresql://h/d")).isTrue();
        assertThat(PostgresUrl.isPostgres("duckdb")).isFalse();
    }

    @Test
    void optionsAndEnvironmentWinOverTheUrl() {
        assertThat(PostgresUrl.parse("postgresql://u:p@h/d", "admin", "secret"))
                .isEqualTo(new PostgresUrl("jdbc:postgresql://h/d", "admin", "secret"));
        assertThat(PostgresUrl.parse("postgresql://u:p@h/d", "", "")).extracting(PostgresUrl::user,
                PostgresUrl::password).containsExactly("u", "p");
    }

    @Test
    void thePasswordIsNeverPrinted() {
        PostgresUrl url = PostgresUrl.parse("postgresql://fb:hunter2@h:5432/d?password=hunter2", null, null);
        assertThat(url.password()).isEqualTo("hunter2");
        assertThat(url.toString()).isEqualTo("jdbc:postgresql://h:5432/d (user fb)").doesNotContain("hunter2");
        assertThat(PostgresUrl.redact("postgresql://fb:hunter2@h/d?x=1&password=hunter2"))
                .isEqualTo("postgresql://fb:***@h/d?x=1&password=***");
    }

    @Test
    void aBadUrlIsRefusedWithWhatIsWrongAndNoPassword() {
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://fb:hunter2@h:5432", null, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("store URL 'postgresql://fb:***@h:5432' is not a PostgreSQL URL: expected"
                        + " postgresql://host[:port]/database or jdbc:postgresql://host[:port]/database");
        assertThatThrownBy(() -> PostgresUrl.parse("postgresql://h:99999/d", null, null))
                .hasMessageContaining("port 99999 is out of range 1..65535");
        assertThatThrownBy(() -> PostgresUrl.parse("mysql://h/d", null, null)).hasMessageContaining("not a PostgreSQL URL");
    }
}
