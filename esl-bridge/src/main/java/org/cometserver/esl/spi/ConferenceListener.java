package org.cometserver.esl.spi;

import org.cometserver.esl.NodeHealth;
import org.cometserver.esl.conference.ConferenceAction;
import org.cometserver.esl.conference.Member;

/**
 * What the bridge tells the server about conferences; comet-server implements it to push notices. Calls come one at a
 * time, in event order, on the executor given to the bridge (never on a Netty event loop); still, keep them short: a slow
 * listener delays every later notice.
 */
public interface ConferenceListener {

    void memberJoined(Member member);

    void memberLeft(Member member);

    /** Mute, deaf, talking, video or floor changed; {@code before} and {@code after} are the same member id. */
    void memberChanged(Member before, Member after);

    /**
     * A conference-level event: created, destroyed, recording started or stopped, locked, unlocked. Comes in event
     * order with the member notices (a create before the first {@link #memberJoined}).
     */
    default void conferenceAction(ConferenceAction action) {
    }

    /** A node changed state; members of a node that went down stay listed until its resync says otherwise. */
    default void nodeHealthChanged(NodeHealth health) {
    }
}
