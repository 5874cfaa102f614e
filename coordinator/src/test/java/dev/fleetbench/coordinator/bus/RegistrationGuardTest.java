package dev.fleetbench.coordinator.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fleetbench.common.bus.ClusterSecret;
import dev.fleetbench.common.bus.Secret;
import dev.fleetbench.common.model.FailureCode;
import dev.fleetbench.common.protocol.EngineDescriptor;
import dev.fleetbench.common.protocol.Protocol;
import dev.fleetbench.common.protocol.RegisterReply;
import dev.fleetbench.common.protocol.RegisterRequest;
import dev.fleetbench.common.testing.Fixtures;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistrationGuardTest {

    private static final ClusterSecret SECRET = new ClusterSecret(Secret.of("guard-test-secret-0123456789"));
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    private static RegisterRequest request(String workerId) {
        return new RegisterRequest(Protocol.VERSION, workerId, "0.1.0", Fixtures.intelDesktop(),
                new EngineDescriptor("simulated", "1"), List.of(), List.of(), Map.of());
    }

    private static RegistrationGuard guardAt(Instant now) {
        return new RegistrationGuard(SECRET, "lab", Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void withoutASecretEveryoneIsAdmitted() {
        assertThat(RegistrationGuard.open().refusal(request("w-1"))).isNull();
    }

    @Test
    void aGoodProofIsAdmittedOnceAndItsReplayIsRefused() {
        RegistrationGuard guard = guardAt(T0);
        RegisterRequest r = request("w-1").withProof(SECRET.prove("lab", "w-1", T0, NONCE));
        assertThat(guard.refusal(r)).isNull();
        RegisterReply replay = guard.refusal(r);
        assertThat(replay.accepted()).isFalse();
        assertThat(replay.failureCode()).isEqualTo(FailureCode.UNAUTHORIZED);
        assertThat(replay.message()).contains("used before");
        assertThat(guard.refusal(request("w-1").withProof(SECRET.prove("lab", "w-1", T0, NONCE.replace('0', '1')))))
                .as("a fresh nonce").isNull();
    }

    @Test
    void aProofForAnotherClusterNameOrWithoutProofIsRefused() {
        RegistrationGuard guard = guardAt(T0);
        assertThat(guard.refusal(request("w-1")).message()).contains("requires the cluster secret");
        assertThat(guard.refusal(request("w-1").withProof(SECRET.prove("other-lab", "w-1", T0, NONCE))).message())
                .contains("does not match");
    }

    @Test
    void anOldProofIsRefusedForItsAgeNotForItsNonce() {
        RegisterRequest r = request("w-1").withProof(SECRET.prove("lab", "w-1", T0, NONCE));
        RegistrationGuard guard = guardAt(T0.plus(ClusterSecret.WINDOW).plusSeconds(30));
        assertThat(guard.refusal(r).message()).contains("330 s old");
    }
}
