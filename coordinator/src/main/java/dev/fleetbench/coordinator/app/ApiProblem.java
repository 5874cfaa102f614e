package dev.fleetbench.coordinator.app;

/**
 * A request the coordinator cannot serve, with the HTTP-like kind of problem. The REST layer maps it to a status in
 * one place; the message names what is wrong.
 */
public class ApiProblem extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What kind of problem. */
    public enum Kind { NOT_FOUND, CONFLICT, UNAVAILABLE }

    private final Kind kind;

    public ApiProblem(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
