package org.cometserver.server.broker;

import java.util.List;

/**
 * An answer of {@link Broker#history}.
 *
 * @param publications oldest first, each with its position
 * @param top          the channel's current position (offset 0 and a fresh epoch when nothing was ever kept)
 * @param recovered    for a read from a position: true when every publication after it is in {@code publications}
 *                     (same epoch, none trimmed away); for a read without a position, always true
 */
public record HistoryPage(List<Publication> publications, StreamPosition top, boolean recovered) {
}
