package dev.fleetbench.common.protocol;

import dev.fleetbench.common.model.HardwareProfile;
import dev.fleetbench.common.model.ModelVariant;
import java.util.List;
import java.util.Map;

/**
 * A worker joins the fleet (and rejoins after a restart or a coordinator restart).
 *
 * @param v            protocol version
 * @param workerId     stable per agent data directory
 * @param agentVersion FleetBench version of the agent
 * @param hardware     the machine
 * @param engine       the engine it drives
 * @param catalog      variants the engine can run here
 * @param cached       ids of the variants cached locally
 * @param labels       labels from the agent's config (room, owner, …)
 * @param proof        proof of the cluster secret; null when the worker has none (refused by a coordinator that
 *                     requires one)
 * @param instance     random per agent process (not per data directory): tells a restarted agent from a second,
 *                     live agent with the same worker id (a copied data directory); null when unknown
 */
public record RegisterRequest(int v, String workerId, String agentVersion, HardwareProfile hardware,
                              EngineDescriptor engine, List<ModelVariant> catalog, List<String> cached,
                              Map<String, String> labels, RegisterProof proof, String instance) implements Message {

    public static final String TYPE = "register";

    public RegisterRequest {
        catalog = catalog == null ? List.of() : List.copyOf(catalog);
        cached = cached == null ? List.of() : List.copyOf(cached);
        labels = labels == null ? Map.of() : Map.copyOf(labels);
    }

    /** A registration without a proof (a cluster without a secret). */
    public RegisterRequest(int v, String workerId, String agentVersion, HardwareProfile hardware,
                           EngineDescriptor engine, List<ModelVariant> catalog, List<String> cached,
                           Map<String, String> labels) {
        this(v, workerId, agentVersion, hardware, engine, catalog, cached, labels, null, null);
    }

    /** A registration without an instance id (stored registrations of version 2, imports). */
    public RegisterRequest(int v, String workerId, String agentVersion, HardwareProfile hardware,
                           EngineDescriptor engine, List<ModelVariant> catalog, List<String> cached,
                           Map<String, String> labels, RegisterProof proof) {
        this(v, workerId, agentVersion, hardware, engine, catalog, cached, labels, proof, null);
    }

    public RegisterRequest withProof(RegisterProof p) {
        return new RegisterRequest(v, workerId, agentVersion, hardware, engine, catalog, cached, labels, p, instance);
    }

    public RegisterRequest withInstance(String i) {
        return new RegisterRequest(v, workerId, agentVersion, hardware, engine, catalog, cached, labels, proof, i);
    }

    @Override
    public String type() {
        return TYPE;
    }
}
