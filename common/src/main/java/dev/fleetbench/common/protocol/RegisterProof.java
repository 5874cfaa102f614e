package dev.fleetbench.common.protocol;

/**
 * A worker's proof that it knows the cluster secret, sent with its registration: an HMAC-SHA256 keyed with the
 * secret over the cluster name, the worker id, the time of issue and a random nonce. The coordinator checks the MAC,
 * the time (a window of minutes) and that it has not seen the nonce before, so a recorded registration cannot be
 * replayed for long, and the secret itself never travels.
 *
 * @param issuedAtMs epoch milliseconds on the worker's clock when the proof was made
 * @param nonce      random, unique per registration (hex)
 * @param mac        HMAC-SHA256, lower-case hex
 */
public record RegisterProof(long issuedAtMs, String nonce, String mac) {
}
