package dev.fleetbench.coordinator.domain.leader;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which coordinator of the cluster may be active: the oldest full member (workers are lite members, coordinators full
 * ones). Every member sees the same member list in the same order (oldest first), so every member names the same
 * candidate without a vote; a member that dies leaves the list, and the next oldest is the candidate at once. Being
 * the candidate is necessary, not sufficient: the candidate becomes active only once it also holds the store's writer
 * lock (the fence), so two actives can never write, even while the cluster's view is split. Pure.
 */
public final class Election {

    /** What a coordinator is doing. */
    public enum Role {
        /** Joined, serving its health only, waiting to be the candidate and to win the writer lock. */
        STANDBY,
        /** Holds the writer lock; serves workers and the API. */
        ACTIVE;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** One cluster member as the election sees it. */
    public record Member(String id, boolean lite) {
        public Member {
            Objects.requireNonNull(id, "id");
        }
    }

    private Election() {
    }

    /** The candidate among members listed oldest first: the oldest full member; empty when there is none. */
    public static Optional<String> candidate(List<Member> oldestFirst) {
        return oldestFirst.stream().filter(m -> !m.lite()).map(Member::id).findFirst();
    }

    /** True when this member is the candidate. */
    public static boolean isCandidate(List<Member> oldestFirst, String self) {
        return candidate(oldestFirst).filter(self::equals).isPresent();
    }
}
