package dev.fleetbench.worker.hardware;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link CommandRunner} that answers known commands with fixture text and every other command as a program that
 * does not exist, the way a real runner reports one. Records what was asked.
 */
final class FakeRunner implements CommandRunner {

    private final Map<String, CommandResult> answers = new HashMap<>();
    private final Map<String, java.util.Deque<CommandResult>> sequences = new HashMap<>();
    final List<List<String>> calls = new ArrayList<>();

    /** Answers the command whose arguments start with {@code prefix} (joined by spaces) with this fixture's text. */
    FakeRunner answer(String prefix, String fixture) {
        answers.put(prefix, CommandResult.exited(List.of(prefix), 0, HardwareFixtures.text(fixture)));
        return this;
    }

    FakeRunner answer(String prefix, CommandResult result) {
        answers.put(prefix, result);
        return this;
    }

    /** Answers successive runs of the command with these results in turn (the last one repeats). */
    FakeRunner answerInTurn(String prefix, CommandResult... results) {
        sequences.put(prefix, new java.util.ArrayDeque<>(List.of(results)));
        return this;
    }

    @Override
    public synchronized CommandResult run(List<String> command, Duration timeout) {
        calls.add(command);
        String joined = String.join(" ", command);
        for (Map.Entry<String, java.util.Deque<CommandResult>> e : sequences.entrySet()) {
            if (joined.startsWith(e.getKey())) {
                return e.getValue().size() > 1 ? e.getValue().poll() : e.getValue().peek();
            }
        }
        return answers.entrySet().stream()
                .filter(e -> joined.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(CommandResult.failed(command, "cannot start: " + command.get(0) + " not found"));
    }

    boolean ran(String prefix) {
        return calls.stream().anyMatch(c -> String.join(" ", c).startsWith(prefix));
    }
}
