package dev.fleetbench.coordinator.domain.results;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GroupKeyTest {

    private static Map<Dimension, String> group(String cls, String model) {
        Map<Dimension, String> keys = new EnumMap<>(Dimension.class);
        keys.put(Dimension.HARDWARE_CLASS, cls);
        keys.put(Dimension.MODEL, model);
        return keys;
    }

    @Test
    void aCellFallsIntoTheGroupOfItsClassAndModelWhateverItsPromptAndWorker() {
        GroupKey cell = new GroupKey("desktop", "phi:1", "story", "w1");
        assertThat(cell.within(group("desktop", "phi:1"))).isTrue();
        assertThat(cell.within(group("desktop", "phi:2"))).isFalse();
        assertThat(cell.within(group("laptop", "phi:1"))).isFalse();
        Map<Dimension, String> byPrompt = group("desktop", "phi:1");
        byPrompt.put(Dimension.PROMPT, "other");
        assertThat(cell.within(byPrompt)).isFalse();
    }

    @Test
    void aPartLeftNullAndADimensionTheKeyDoesNotKnowDoNotDecide() {
        GroupKey lease = new GroupKey("desktop", "phi:1", null, "w1");
        Map<Dimension, String> byPrompt = group("desktop", "phi:1");
        byPrompt.put(Dimension.PROMPT, "story");
        byPrompt.put(Dimension.USE_CASE, "chat");
        assertThat(lease.within(byPrompt)).isTrue();
        assertThat(lease.get(Dimension.USE_CASE)).isNull();
        assertThat(lease.get(Dimension.WORKER)).isEqualTo("w1");
        assertThat(new GroupKey(null, null, null, null).within(group("any", "thing"))).isTrue();
    }
}
