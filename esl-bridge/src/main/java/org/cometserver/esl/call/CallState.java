package org.cometserver.esl.call;

/**
 * The state of a tracked leg, as the {@code calls} table shows it (docs/CALLS.md; Flashphoner's call statuses, seed 004).
 * {@code CHANNEL_UNHOLD} brings a held leg back to {@link #ESTABLISHED}.
 */
public enum CallState {
    /** Created or progressing ({@code CHANNEL_CREATE}, {@code CHANNEL_PROGRESS[_MEDIA]}), not answered yet. */
    RING,
    /** Answered ({@code CHANNEL_ANSWER}) or bridged ({@code CHANNEL_BRIDGE}). */
    ESTABLISHED,
    /** {@code CHANNEL_HOLD} (after {@code uuid_hold} or a re-INVITE with {@code a=sendonly} from the phone). */
    HOLD,
    /**
     * Hung up after it was answered ({@code CHANNEL_HANGUP_COMPLETE} of an answered leg) and either connected to another
     * leg or ended normally ({@code NORMAL_CLEARING}, {@code CALL_REJECTED} from {@code uuid_kill}, ...).
     */
    FINISH,
    /**
     * Hung up without being answered (busy, not registered, no route, declined, no answer), or answered but never
     * connected and ended with an error (a click-to-call whose destination was busy: {@code USER_BUSY}).
     */
    FAILED;

    /** True for {@link #FINISH} and {@link #FAILED}: the leg is gone. */
    public boolean isFinal() {
        return this == FINISH || this == FAILED;
    }
}
