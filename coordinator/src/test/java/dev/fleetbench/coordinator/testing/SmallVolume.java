package dev.fleetbench.coordinator.testing;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs volume mounted for one test, so that a disk can really fill up (root is needed; {@link #mount} says
 * why it could not). {@link #fill} leaves a given number of bytes free; {@link #free} gives the space back.
 */
public final class SmallVolume implements AutoCloseable {

    private final Path dir;
    private final Path filler;

    private SmallVolume(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve("filler");
    }

    /** Mounts a tmpfs of {@code megabytes} at {@code dir} (created); null and the reason in {@code why} if it cannot. */
    public static SmallVolume mount(Path dir, int megabytes, StringBuilder why) throws Exception {
        Files.createDirectories(dir);
        String problem = run("mount", "-t", "tmpfs", "-o", "size=" + megabytes + "m", "tmpfs", dir.toString());
        if (problem != null) {
            why.append("a full disk needs a small volume of its own, and mounting a tmpfs at ").append(dir)
                    .append(" failed (root is needed): ").append(problem);
            return null;
        }
        return new SmallVolume(dir);
    }

    public Path dir() {
        return dir;
    }

    /**
     * Fills the volume until {@code leaveBytes} are left, or fewer: a process writing there at the same moment may take
     * some of the space first (then the filler ends where the volume does).
     */
    public void fill(long leaveBytes) throws Exception {
        long usable = Files.getFileStore(dir).getUsableSpace();
        try {
            Files.write(filler, new byte[(int) Math.max(0, usable - leaveBytes)]);
        } catch (java.io.IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left on device")) {
                throw e;
            }
        }
    }

    /** Gives back what {@link #fill} took. */
    public void free() throws Exception {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() throws Exception {
        run("umount", "-l", dir.toString());
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            return out.isEmpty() ? "exit " + p.exitValue() : out;
        }
        return null;
    }
}
