package dev.fleetbench.worker.gguf;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a readable GGUF model; the message names the file and what is wrong with it. */
public class GgufFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public GgufFormatException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
