package dev.fleetbench.coordinator.domain.leader;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.coordinator.domain.leader.Election.Member;
import java.util.List;
import org.junit.jupiter.api.Test;

class ElectionTest {

    private static final Member WORKER_1 = new Member("w1", true);
    private static final Member WORKER_2 = new Member("w2", true);
    private static final Member OLD = new Member("c-old", false);
    private static final Member NEW = new Member("c-new", false);

    @Test
    void theOldestFullMemberIsTheCandidateWhateverWorkersJoinedBefore() {
        List<Member> members = List.of(WORKER_1, OLD, WORKER_2, NEW);
        assertThat(Election.candidate(members)).contains("c-old");
        assertThat(Election.isCandidate(members, "c-old")).isTrue();
        assertThat(Election.isCandidate(members, "c-new")).isFalse();
        assertThat(Election.isCandidate(members, "w1")).as("a worker is never a candidate").isFalse();
    }

    @Test
    void whenTheCandidateLeavesTheNextOldestIsTheCandidate() {
        assertThat(Election.candidate(List.of(WORKER_1, WORKER_2, NEW))).contains("c-new");
        assertThat(Election.isCandidate(List.of(NEW), "c-new")).isTrue();
    }

    @Test
    void aClusterOfWorkersHasNoCandidate() {
        assertThat(Election.candidate(List.of(WORKER_1, WORKER_2))).isEmpty();
        assertThat(Election.candidate(List.of())).isEmpty();
        assertThat(Election.Role.STANDBY.wire()).isEqualTo("standby");
    }
}
