package dev.fleetbench.common.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.fleetbench.common.model.Ids.Shape;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void anIdIsLettersDigitsUnderscoreAndDashUpTo64() {
        assertThat(Shape.ID.matches("w-1")).isTrue();
        assertThat(Shape.ID.matches("c_2024-01-01")).isTrue();
        assertThat(Shape.ID.matches("a".repeat(64))).isTrue();
        assertThat(Shape.ID.matches("a".repeat(65))).as("too long").isFalse();
        assertThat(Shape.ID.matches("")).isFalse();
        assertThat(Shape.ID.matches(null)).isFalse();
        assertThat(Shape.ID.matches("gsm8k.3")).as("no dot: an id is a path segment and a file name").isFalse();
        assertThat(Shape.ID.matches("../etc")).isFalse();
        assertThat(Shape.ID.matches("wörker")).as("ASCII only").isFalse();
        assertThat(Shape.ID.matches("w 1")).isFalse();
    }

    @Test
    void aNameAlsoTakesADot() {
        assertThat(Shape.NAME.matches("gsm8k.3")).isTrue();
        assertThat(Shape.NAME.matches("lab.north_2")).isTrue();
        assertThat(Shape.NAME.matches("a/b")).isFalse();
        assertThat(Shape.NAME.matches("x".repeat(65))).isFalse();
    }

    @Test
    void requireNamesTheFieldTheValueAndTheShape() {
        assertThat(Ids.require(Shape.ID, "worker_id", "w-1")).isEqualTo("w-1");
        assertThatThrownBy(() -> Ids.require(Shape.ID, "worker_id", "w/1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("worker_id 'w/1' is invalid: 1-64 letters, digits, '_' or '-'");
        assertThatThrownBy(() -> Ids.require(Shape.NAME, "site", null)).hasMessage(
                "site null is invalid: 1-64 letters, digits, '.', '_' or '-'");
        assertThatThrownBy(() -> Ids.require(Shape.ID, "id", "x".repeat(100)))
                .hasMessageContaining("'" + "x".repeat(80) + "…'");
    }
}
