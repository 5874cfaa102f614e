package dev.fleetbench.worker.engine.openai;

/** Whether a server has an optional feature ({@code stream_options}, {@code /tokenize}), as far as the engine found out. */
enum Support { UNKNOWN, YES, NO }
