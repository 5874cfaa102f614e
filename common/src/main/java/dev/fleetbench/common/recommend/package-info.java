/** Pure recommendation rules over measured statistics: service levels, candidates, and why each alternative lost. */
package dev.fleetbench.common.recommend;
