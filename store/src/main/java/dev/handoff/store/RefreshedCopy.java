package dev.handoff.store;

import java.util.Set;

/**
 * What {@link TrackedSession#refresh} changed, for the container to follow.
 *
 * @param stale entries whose stored bytes changed or went away: decoded values to drop
 * @param loginChanged the stored login differs: the container's login is to be made again from the record
 * @param limitChanged the inactivity limit differs
 */
public record RefreshedCopy(Set<String> stale, boolean loginChanged, boolean limitChanged) {
}
