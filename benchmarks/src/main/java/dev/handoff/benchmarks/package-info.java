/**
 * Load and micro benchmarks of Handoff, side by side with other session managers.
 */
package dev.handoff.benchmarks;
