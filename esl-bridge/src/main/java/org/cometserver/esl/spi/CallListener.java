package org.cometserver.esl.spi;

import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.call.CallEvent;

/**
 * What the bridge tells the server about calls (legs of browser users, see {@code org.cometserver.esl.call}); comet-server
 * implements it to push call status and keep the {@code calls} table. Calls come one at a time, in event order, on the
 * executor given to the bridge (never on a Netty event loop); keep them short.
 */
public interface CallListener {

    /** A tracked leg rang, was answered, held, unheld, bridged elsewhere, got a DTMF digit, or ended. */
    void callEvent(CallEvent event);

    /** A node changed state; its legs stay as they are until the resync after the reconnect reports them gone ({@code LOST}). */
    default void nodeHealthChanged(NodeHealth health) {
    }
}
