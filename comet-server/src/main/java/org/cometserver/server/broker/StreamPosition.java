package org.cometserver.server.broker;

/**
 * Where a channel's history stands: {@code epoch} names one unbroken history (it changes when the history is lost or
 * deleted, so offsets of an old epoch mean nothing), {@code offset} is the number of the publication, 1 for the first
 * of an epoch and contiguous after it.
 */
public record StreamPosition(long offset, String epoch) {
    public StreamPosition {
        if (offset < 0 || epoch == null || epoch.isEmpty()) {
            throw new IllegalArgumentException("bad stream position " + offset + "/" + epoch);
        }
    }
}
