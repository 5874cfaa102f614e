package dev.fleetbench.worker.engine.openai;

import java.util.ArrayList;
import java.util.List;

/**
 * Incremental parser of a {@code text/event-stream} body (the WHATWG "server-sent events" format): feed it text in
 * pieces of any size as it arrives, and it returns the events that each piece completed. Pure (no I/O).
 *
 * <p>Follows the format: lines end with {@code \r\n}, {@code \n} or {@code \r} (a {@code \r\n} split across two
 * pieces counts once); {@code :} starts a comment; a line {@code field: value} loses one space after the colon;
 * several {@code data} lines of one event are joined with {@code \n}; a blank line dispatches the event; a leading
 * byte-order mark is dropped. Two deliberate departures, both for foreign servers: a line whose field is none of
 * {@code data}, {@code event}, {@code id}, {@code retry} is reported as {@link Invalid} instead of being ignored
 * (a body that is not an event stream at all, e.g. plain JSON, must not pass as an empty stream), and
 * {@link #finish()} dispatches a last event that the server did not close with a blank line (some servers end with
 * {@code data: [DONE]\n}).
 *
 * <p>Not thread-safe: one parser per stream.
 */
public final class SseParser {

    /** Longest line accepted by default; far above any chunk, far below memory trouble. */
    public static final int DEFAULT_MAX_LINE_CHARS = 4 * 1024 * 1024;

    /** What a piece of input produced. */
    public sealed interface Item permits Event, Invalid {
    }

    /**
     * One dispatched event.
     *
     * @param type the {@code event} field, "message" when absent
     * @param data the {@code data} lines joined with {@code \n}, never null
     * @param id   the last event id seen on the stream, "" when none
     */
    public record Event(String type, String data, String id) implements Item {

        /** True for OpenAI's end-of-stream sentinel {@code data: [DONE]}. */
        public boolean isDone() {
            return "[DONE]".equals(data.strip());
        }
    }

    /**
     * A line that is not part of an event stream.
     *
     * @param line   the line (cut to 200 characters)
     * @param reason why it was rejected
     */
    public record Invalid(String line, String reason) implements Item {
    }

    private final int maxLineChars;
    private final StringBuilder line = new StringBuilder();
    private final StringBuilder data = new StringBuilder();
    private boolean hasData;
    private String eventType = "";
    private String lastEventId = "";
    private boolean skipNextLf;
    private boolean atStart = true;
    private boolean discardingLongLine;

    public SseParser() {
        this(DEFAULT_MAX_LINE_CHARS);
    }

    public SseParser(int maxLineChars) {
        if (maxLineChars < 16) {
            throw new IllegalArgumentException("maxLineChars must be at least 16, was " + maxLineChars);
        }
        this.maxLineChars = maxLineChars;
    }

    /** Consumes the next piece of the body and returns what it completed, in order (often nothing). */
    public List<Item> feed(CharSequence text) {
        List<Item> out = new ArrayList<>(2);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (skipNextLf) {
                skipNextLf = false;
                if (c == '\n') {
                    continue;
                }
            }
            if (c == '\r' || c == '\n') {
                skipNextLf = c == '\r';
                endOfLine(out);
            } else if (!discardingLongLine) {
                if (atStart) {
                    atStart = false;
                    if (c == '\uFEFF') {
                        continue;
                    }
                }
                line.append(c);
                if (line.length() > maxLineChars) {
                    out.add(new Invalid(Texts.excerpt(line), "line longer than " + maxLineChars + " characters"));
                    line.setLength(0);
                    discardingLongLine = true;
                }
            }
        }
        return out;
    }

    /** The body ended: processes an unterminated last line and dispatches a pending event. */
    public List<Item> finish() {
        List<Item> out = new ArrayList<>(1);
        if (line.length() > 0) {
            endOfLine(out);
        }
        dispatch(out);
        return out;
    }

    private void endOfLine(List<Item> out) {
        atStart = false;
        if (discardingLongLine) {
            discardingLongLine = false;
            return;
        }
        if (line.length() == 0) {
            dispatch(out);
            return;
        }
        String text = line.toString();
        line.setLength(0);
        if (text.charAt(0) == ':') {
            return;
        }
        int colon = text.indexOf(':');
        String field = colon < 0 ? text : text.substring(0, colon);
        String value = colon < 0 ? "" : text.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (field) {
            case "data" -> {
                data.append(value).append('\n');
                hasData = true;
            }
            case "event" -> eventType = value;
            case "id" -> {
                if (value.indexOf('\0') < 0) {
                    lastEventId = value;
                }
            }
            case "retry" -> {
                // reconnection delay: meaningless for a single request
            }
            default -> out.add(new Invalid(Texts.excerpt(text), "not a server-sent-event field: '" + Texts.excerpt(field) + "'"));
        }
    }

    private void dispatch(List<Item> out) {
        if (hasData) {
            data.setLength(data.length() - 1);
            out.add(new Event(eventType.isEmpty() ? "message" : eventType, data.toString(), lastEventId));
        }
        data.setLength(0);
        hasData = false;
        eventType = "";
    }
}
