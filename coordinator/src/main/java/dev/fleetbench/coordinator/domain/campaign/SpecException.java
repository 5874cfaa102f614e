package dev.fleetbench.coordinator.domain.campaign;

/** A campaign spec that cannot be accepted; {@link #field()} names the offending field ("prompts[2].max_tokens"). */
public class SpecException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public SpecException(String field, String message) {
        super(field == null ? message : field + ": " + message);
        this.field = field;
    }

    /** The field path, or null when the problem is the document as a whole. */
    public String field() {
        return field;
    }

    /** The message without the field prefix. */
    public String reason() {
        String m = getMessage();
        return field == null ? m : m.substring(field.length() + 2);
    }
}
