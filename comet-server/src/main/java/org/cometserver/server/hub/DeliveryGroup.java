package org.cometserver.server.hub;

import java.util.List;

/**
 * Connections whose frames one thread writes (a Netty event loop). The hub hands a publication to each group once,
 * with the group's subscribers, instead of once per subscriber: with 10k subscribers on two event loops that is two
 * hand-overs, and the group can encode the frame once for all of them.
 */
public interface DeliveryGroup {

    /** Every transport on its own: {@link Transport#write} for each member. */
    DeliveryGroup DIRECT = (frame, members) -> {
        int written = 0;
        for (Transport member : members) {
            if (member.write(frame)) {
                written++;
            }
        }
        return written;
    };

    /**
     * Delivers {@code frame} to {@code members} (all of this group) without blocking. Returns how many members took
     * it: written, or handed to the thread that writes them.
     */
    int deliver(EncodedFrame frame, List<Transport> members);
}
