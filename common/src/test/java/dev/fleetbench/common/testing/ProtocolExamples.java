package dev.fleetbench.common.testing;

import dev.fleetbench.common.model.DeviceType;
import dev.fleetbench.common.model.ModelPhases;
import dev.fleetbench.common.model.ModelVariant;
import dev.fleetbench.common.model.PowerSource;
import dev.fleetbench.common.model.PromptSpec;
import dev.fleetbench.common.model.UseCase;
import dev.fleetbench.common.protocol.BatchAck;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Heartbeat;
import dev.fleetbench.common.protocol.HeartbeatReply;
import dev.fleetbench.common.protocol.Lease;
import dev.fleetbench.common.protocol.LeaseFinished;
import dev.fleetbench.common.protocol.LeaseFinishedAck;
import dev.fleetbench.common.protocol.LeasePrompt;
import dev.fleetbench.common.protocol.LeaseProgress;
import dev.fleetbench.common.protocol.LeaseReply;
import dev.fleetbench.common.protocol.LeaseRequest;
import dev.fleetbench.common.protocol.Message;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterProof;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.protocol.SampleBatch;
import dev.fleetbench.common.protocol.WorkerState;
import java.util.List;
import java.util.Map;

/** One filled-in example of every message record of the protocol, as pinned in {@code protocol-messages.json}. */
public final class ProtocolExamples {

    private static final int V = Protocol.VERSION;
    private static final ModelVariant VARIANT = new ModelVariant("stories260K", "stories260k", DeviceType.CPU,
            "llama.cpp-cpu", 1_185_376, 292_800, "F32");

    private ProtocolExamples() {
    }

    public static List<Message> all() {
        return List.of(
                new RegisterRequest(V, "w-3f2a", "0.1.0", Fixtures.intelDesktop(), new EngineDescriptor("embedded", "b4916"),
                        List.of(VARIANT), List.of("stories260K"), Map.of("room", "b12"))
                        .withProof(new RegisterProof(1_740_823_200_000L, "00112233445566778899aabbccddeeff",
                                "5d41402abc4b2a76b9719d911017c592ae1b0f7c8e3d2a1b9f6e5d4c3b2a1908"))
                        .withInstance("0f6c2b1e-8d4a-4c3b-9e2f-1a7b5c9d3e40"),
                new RegisterReply(V, true, null, "welcome", 1000, "5e55107e"),
                new Heartbeat(V, "w-3f2a", WorkerState.BUSY, "l-1", true, PowerSource.AC, 12, "5e55107e"),
                new HeartbeatReply(V, true, List.of("l-0")),
                new LeaseRequest(V, "w-3f2a", "5e55107e"),
                new LeaseReply(V, new Lease("l-1", "c-1", 1, VARIANT,
                        List.of(new LeasePrompt("cell-1", new PromptSpec("once", UseCase.CHAT, "Once upon a time", 32, null), 2, 3)),
                        1, "5c3f0e9a1d2b", 120, false), 0, null),
                new SampleBatch(V, "w-3f2a", "b-7", List.of(), "5e55107e"),
                new BatchAck(V, "b-7", 10, 2, 0),
                new LeaseProgress(V, "w-3f2a", "l-1", "download", "model.onnx 45 %", 45.0, "5e55107e"),
                new LeaseFinished(V, "w-3f2a", "l-1", new ModelPhases("stories260K", null, null, 120.0, 5.0, 30.0,
                        50_000_000L, 98.0, 98.0, null, null, List.of()), false, "5e55107e"),
                new LeaseFinishedAck(V, "l-1"));
    }
}
