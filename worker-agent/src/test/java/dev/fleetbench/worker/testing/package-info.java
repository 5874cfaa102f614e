/** Test doubles shared by the worker's tests: a fake monotonic clock and a scripted engine. */
package dev.fleetbench.worker.testing;
