package dev.fleetbench.worker.engine.foundry.testdouble;

import de.kherud.llama.LlamaModel;
import de.kherud.llama.ModelParameters;
import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.worker.engine.ChatMessage;
import dev.fleetbench.worker.engine.ChatRequest;
import dev.fleetbench.worker.engine.ChatResult;
import dev.fleetbench.worker.engine.EngineException;
import dev.fleetbench.worker.engine.StreamListener;
import dev.fleetbench.worker.engine.Timeouts;
import dev.fleetbench.worker.engine.embedded.EmbeddedConfig;
import dev.fleetbench.worker.engine.embedded.EmbeddedEngine;
import dev.fleetbench.worker.gguf.ModelStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * What answers behind the double: the embedded llama.cpp engine on the GGUF model a catalog entry maps to
 * (stories260K by default), one thread, so that the double streams real tokens; and that model's tokenizer for the
 * token-count route. One request at a time (the double serializes anyway).
 */
final class DoubleBackend implements AutoCloseable {

    private final ModelStore store;
    private final EmbeddedEngine engine;
    private LlamaModel tokenizer;

    DoubleBackend(Path dir) {
        this.store = new ModelStore(dir);
        this.engine = new EmbeddedEngine(EmbeddedConfig.of(store).withThreads(1).withContextSize(1024));
    }

    /**
     * Generates an answer, handing every token to {@code onToken} as it is produced.
     *
     * @param cancelled stops generation between tokens (the double's error and death switches)
     */
    synchronized ChatResult generate(String backing, List<ChatMessage> messages, int maxTokens, double temperature,
                                     long seed, BooleanSupplier cancelled, Consumer<String> onToken)
            throws EngineException {
        ModelVariant v = new ModelVariant(backing, backing, DeviceType.CPU, EmbeddedEngine.EXECUTION_PROVIDER, 0, 0, null);
        engine.load(v);
        ChatRequest r = new ChatRequest(backing, messages, maxTokens, temperature, seed,
                Timeouts.ofTotal(Duration.ofSeconds(60)), cancelled);
        return engine.chat(r, new StreamListener() {
            @Override
            public void onRequestSent() {
            }

            @Override
            public void onChunk(ChunkKind kind, String text) {
                onToken.accept(text);
            }
        });
    }

    /** Tokens of the messages' contents joined by a blank line (the plain format the backing model sees). */
    synchronized int countTokens(String backing, List<ChatMessage> messages) throws IOException {
        if (tokenizer == null) {
            Path file = store.find(backing).orElseThrow(() -> new IOException("no model " + backing));
            tokenizer = new LlamaModel(new ModelParameters().setModel(file.toString()).setThreads(1).setCtxSize(256)
                    .setParallel(1).setLogFile(Files.createTempFile("double-tokenizer", ".log").toString()));
        }
        StringBuilder text = new StringBuilder();
        for (ChatMessage m : messages) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(m.content());
        }
        return text.length() == 0 ? 0 : tokenizer.encode(text.toString()).length;
    }

    @Override
    public synchronized void close() {
        engine.close();
        if (tokenizer != null) {
            tokenizer.close();
            tokenizer = null;
        }
    }
}
