/**
 * The worker's hardware probe. {@link dev.fleetbench.worker.hardware.HardwareProbe} is the I/O edge: it reads OSHI
 * into plain data, runs OS commands through an injectable {@link dev.fleetbench.worker.hardware.CommandRunner} and
 * reads {@code /proc}, {@code /sys} and {@code /etc} below an injectable root; small static parsers, one per source
 * of text, turn what it captured into the records of {@code dev.fleetbench.common.model}, and are tested on captured
 * fixture output of Windows, Linux and macOS. {@link dev.fleetbench.worker.hardware.HardwareReport} renders a
 * profile for the terminal.
 */
package dev.fleetbench.worker.hardware;
