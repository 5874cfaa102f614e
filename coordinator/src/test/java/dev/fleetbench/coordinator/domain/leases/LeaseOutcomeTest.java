package dev.fleetbench.coordinator.domain.leases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.json.Json;
import org.junit.jupiter.api.Test;

class LeaseOutcomeTest {

    @Test
    void theStoredAndJsonTextIsTheLowerCaseNameAsBefore() {
        assertThat(LeaseOutcome.values()).extracting(LeaseOutcome::wire).containsExactly("running", "finished",
                "expired", "cancelled", "failed", "returned", "abandoned");
        for (LeaseOutcome o : LeaseOutcome.values()) {
            assertThat(LeaseOutcome.parse(o.wire())).isEqualTo(o);
            assertThat(Json.write(o)).isEqualTo("\"" + o.wire() + "\"");
            assertThat(Json.read(Json.write(o), LeaseOutcome.class)).isEqualTo(o);
        }
    }

    @Test
    void anUnknownTextIsRefusedNamingTheKnownOutcomes() {
        assertThatThrownBy(() -> LeaseOutcome.parse("done")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown lease outcome 'done'").hasMessageContaining("abandoned");
    }
}
