package dev.fleetbench.common.quality;

import java.util.List;

/**
 * One kind of requirement on an answer, written in JSON as one key of an {@code expect} object (see
 * {@link CheckJson}). Implementations are immutable records, so checks compare by value.
 */
public interface Check {

    /** The JSON key of this kind, e.g. {@code "words"} or {@code "python"}. */
    String key();

    /** The JSON value under {@link #key()}: a String, Number, Boolean, List or Map of those. Never null. */
    Object json();

    /**
     * Checks the final part of an answer (see {@link Answers#finalPart}).
     *
     * @param answer never null, thinking already removed, no trailing white space
     * @return how many of this check's requirements the answer meets, with what is missing
     */
    Tally check(String answer);

    /**
     * Requirements met of those asked, and a note per requirement (what was found, or what is missing).
     *
     * @param met    requirements met, 0..total
     * @param total  requirements asked, at least 1
     * @param missed notes on the requirements not met; empty when all are met
     * @param found  notes on the requirements met
     */
    record Tally(int met, int total, List<String> missed, List<String> found) {

        public Tally {
            if (total < 1 || met < 0 || met > total) {
                throw new IllegalArgumentException(met + " of " + total + " requirements");
            }
            missed = List.copyOf(missed);
            found = List.copyOf(found);
        }

        /** One requirement, met or not, with its note. */
        public static Tally one(boolean ok, String note) {
            return ok ? new Tally(1, 1, List.of(), List.of(note)) : new Tally(0, 1, List.of(note), List.of());
        }
    }
}
