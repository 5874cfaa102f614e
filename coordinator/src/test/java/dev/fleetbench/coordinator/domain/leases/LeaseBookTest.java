package dev.fleetbench.coordinator.domain.leases;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.Sample;
import dev.fleetbench.common.model.SampleKind;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.testing.Samples;
import dev.fleetbench.coordinator.domain.matrix.Cell;
import dev.fleetbench.coordinator.domain.matrix.CellStatus;
import dev.fleetbench.coordinator.testing.Machines;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who may report which samples: the holder of a lease, for its cells and repetitions only. */
class LeaseBookTest {

    private static final PromptSpec PROMPT = new PromptSpec("a", UseCase.CHAT, "A", 8, null);
    private final Map<String, Cell> cells = Map.of(
            "cell-1", new Cell("cell-1", "c-1", "w-1", "m", "m", "a", 5, CellStatus.RUNNING, null),
            "cell-2", new Cell("cell-2", "c-1", "w-2", "m", "m", "a", 5, CellStatus.RUNNING, null));
    private final LeaseBook book = new LeaseBook();

    LeaseBookTest() {
        book.issued("w-1", new Lease("l-1", "c-1", 1, Machines.STORIES, List.of(new LeasePrompt("cell-1", PROMPT, 2, 3)),
                1, "v", 60, false));
    }

    private String refusal(String sender, SampleKind kind, int rep, String campaign, String cell, String lease) {
        Sample s = Samples.ok("m", "a", kind, 10, 2, 4).withPlacement(campaign, cell, lease, sender);
        Sample r = new Sample(s.id(), s.campaignId(), s.cellId(), s.leaseId(), s.workerId(), s.model(), s.promptId(), rep,
                s.kind(), s.status(), s.failureCode(), s.failureMessage(), s.startedAtMs(), s.ttftMs(), s.ttfcMs(),
                s.tpotMs(), s.e2eMs(), s.decodeTps(), s.prefillTps(), s.nIn(), s.nOut(), s.tokensApproximate(),
                s.itlGapsMs(), s.finishReason(), s.text(), s.engineTimings(), s.fingerprint(), s.quality(),
                s.deviceTruth(), s.energy());
        return book.refusal(sender, r, id -> Optional.ofNullable(cells.get(id)));
    }

    @Test
    void theHolderReportsItsCellsAndRepetitions() {
        assertThat(refusal("w-1", SampleKind.MEASURED, 2, "c-1", "cell-1", "l-1")).isNull();
        assertThat(refusal("w-1", SampleKind.MEASURED, 4, "c-1", "cell-1", "l-1")).isNull();
        assertThat(refusal("w-1", SampleKind.COLD, 0, "c-1", "cell-1", "l-1")).isNull();
        assertThat(refusal("w-1", SampleKind.WARMUP, 0, "c-1", "cell-1", "l-1")).isNull();
    }

    @Test
    void everythingElseIsRefusedWithTheReason() {
        assertThat(refusal("w-2", SampleKind.MEASURED, 2, "c-1", "cell-1", "l-1")).endsWith("lease l-1 is held by another worker");
        assertThat(refusal("w-1", SampleKind.MEASURED, 2, "c-1", "cell-1", "l-never")).endsWith("lease l-never was never issued by this coordinator");
        assertThat(refusal("w-1", SampleKind.MEASURED, 2, "c-nope", "cell-1", "l-1")).contains("belongs to campaign c-1");
        assertThat(refusal("w-1", SampleKind.MEASURED, 2, "c-1", "cell-2", "l-1")).contains("not a cell of lease l-1");
        assertThat(refusal("w-1", SampleKind.MEASURED, 2, "c-1", "cell-x", "l-1")).contains("not a cell of lease l-1");
        assertThat(refusal("w-1", SampleKind.MEASURED, 5, "c-1", "cell-1", "l-1")).contains("it asked for 2 to 4");
        assertThat(refusal("w-1", SampleKind.MEASURED, 1, "c-1", "cell-1", "l-1")).contains("did not ask for");
        assertThat(refusal("w-1", SampleKind.WARMUP, 1, "c-1", "cell-1", "l-1")).contains("did not ask for");
        assertThat(refusal("w-1", SampleKind.COLD, 1, "c-1", "cell-1", "l-1")).contains("did not ask for");
        assertThat(refusal("w-1", SampleKind.MEASURED, 2, null, null, null)).contains("names no campaign, cell or lease");
        assertThat(book.notHolder("w-2", "l-1")).isEqualTo("lease l-1 is held by another worker");
        assertThat(book.notHolder("w-1", "l-1")).isNull();
    }

    @Test
    void aRestoredLeaseTakesItsFormerHoldersSamplesForItsOwnCells() {
        book.restored("l-old", "w-1", "c-1");
        assertThat(refusal("w-1", SampleKind.MEASURED, 40, "c-1", "cell-1", "l-old")).isNull();
        assertThat(refusal("w-1", SampleKind.MEASURED, 0, "c-1", "cell-2", "l-old")).contains("not a cell of lease");
        assertThat(refusal("w-2", SampleKind.MEASURED, 0, "c-1", "cell-2", "l-old")).contains("held by another worker");
        book.restored("l-1", "w-2", "c-1");
        assertThat(book.notHolder("w-1", "l-1")).as("a restore never overrides a lease issued here").isNull();
    }
}
