package org.cometserver.server.wiring;

import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.store.GuestPass;
import org.cometserver.server.store.GuestStore;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Redeems guest passes for browsers: the first browser presenting a pass's token gets the guest's user id, a fresh
 * SIP password (valid in the directory until the pass expires) and what {@code sys_sipCall} gives an invitee to dial
 * the room (docs/GUESTS.md). Later presentations of the token are refused. Blocks on the store: run it on
 * an executor.
 */
public final class GuestJoins {
    private static final Pattern PROFILE = Pattern.compile("[0-9A-Za-z_-]{1,64}");

    /** Why a token was refused. */
    public enum Refusal {
        /** Bad request: the token or profile is malformed. */
        INVALID,
        /** No such pass, already used, or expired. */
        NOT_USABLE,
        /** No FreeSWITCH node is configured: nothing to join. */
        NO_FREESWITCH
    }

    /** A refused redemption; the message is for the page. */
    public static final class RefusedException extends RuntimeException {
        private final Refusal refusal;

        RefusedException(Refusal refusal, String message) {
            super(message, null, false, false);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    private final GuestStore store;
    private final SipSection sip;
    private final Clock clock;

    public GuestJoins(GuestStore store, SipSection sip, Clock clock) {
        this.store = store;
        this.sip = sip;
        this.clock = clock;
    }

    /**
     * Redeems {@code token} and answers the page's join data: {@code devId}, {@code userId} (the guest id),
     * {@code sipUser}, {@code sipPassword}, {@code displayName}, {@code expires}, and as in {@code sys_sipCall}
     * {@code callPipe}, {@code conference}, {@code conference_name}, {@code mode}, {@code serverName},
     * {@code serverPort}, {@code sipNumber}.
     *
     * @param profile the FreeSWITCH conference profile to dial ({@code default} when null or empty)
     * @throws RefusedException when the token cannot be used
     */
    public Map<String, Object> redeem(String token, String profile) {
        String mode = profile == null || profile.isEmpty() ? "default" : profile;
        if (token == null || token.isEmpty() || token.length() > 64) {
            throw new RefusedException(Refusal.INVALID, "The guest token is missing or too long");
        }
        if (!PROFILE.matcher(mode).matches()) {
            throw new RefusedException(Refusal.INVALID, "The profile must be 1-64 characters of A-Za-z0-9_-");
        }
        if (sip.freeswitch().isEmpty()) {
            throw new RefusedException(Refusal.NO_FREESWITCH, "No FreeSWITCH node is configured");
        }
        Optional<GuestPass> redeemed = store.redeem(token, StoreGuestBackend.secret(),
                clock.instant().getEpochSecond());
        if (redeemed.isEmpty()) {
            throw new RefusedException(Refusal.NOT_USABLE, "The guest pass is unknown, used or expired");
        }
        GuestPass pass = redeemed.get();
        long guestId = GuestIds.ofSeq(pass.seq());
        FreeswitchNode node = sip.freeswitch().get(FreeswitchConferenceBackend.nodeIndex(pass.devId(), pass.name(),
                sip.freeswitch().size()));
        Map<String, Object> join = new LinkedHashMap<>();
        join.put("devId", pass.devId());
        join.put("userId", guestId);
        join.put("sipUser", FreeswitchRooms.directoryUser(pass.devId(), guestId));
        join.put("sipPassword", pass.sipPassword());
        join.put("displayName", pass.displayName());
        join.put("expires", pass.expires());
        join.putAll(CallPipe.joinFields(pass.devId(), pass.name(), mode, node, sip.pipesalt()));
        return join;
    }
}
