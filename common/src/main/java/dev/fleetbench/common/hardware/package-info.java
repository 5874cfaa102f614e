/** Pure functions over hardware profiles: vendor normalisation, CPU families, hardware classes. */
package dev.fleetbench.common.hardware;
