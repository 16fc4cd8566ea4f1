package org.cometserver.server.wiring;

import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.spi.ConferenceBackend;
import org.cometserver.server.config.FreeswitchNode;
import org.cometserver.server.config.SipSection;
import org.cometserver.server.hub.CometFrames;
import org.cometserver.server.hub.EncodedFrame;
import org.cometserver.server.store.ConferenceStore;
import org.cometserver.server.store.StoredInvitation;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code conference} invitations exactly as CppComet issues them (cppcomet-protocol.md §4.2), and
 * {@code conference_members}, which needs the FreeSWITCH event socket of a later issue: until then no member is
 * live and kicking is refused.
 */
public final class FreeswitchConferenceBackend implements ConferenceBackend {
    static final String NO_FREESWITCH = "field in ini file not set option `host` in section `sip`";
    static final String NO_EVENT_SOCKET = "cannot kick conference members: no FreeSWITCH event socket is connected";

    private final SipSection sip;
    private final ConferenceStore store;
    private final PrivateMessages privateMessages;
    private final TimeBasedUuid callKeys;
    private final Clock clock;

    FreeswitchConferenceBackend(SipSection sip, ConferenceStore store, PrivateMessages privateMessages, Clock clock) {
        this.sip = sip;
        this.store = store;
        this.privateMessages = privateMessages;
        this.callKeys = new TimeBasedUuid(clock);
        this.clock = clock;
    }

    @Override
    public Invitation invite(int devId, InvitationRequest request) {
        if (sip.freeswitch().isEmpty()) {
            throw new CometQlException(CometQlErrors.INTERNAL, NO_FREESWITCH);
        }
        String profile = request.profile() == null || request.profile().isEmpty() ? "default" : request.profile();
        String sipNumber = devId + "*" + request.name() + "*" + profile;
        FreeswitchNode node = sip.freeswitch().get(nodeIndex(devId, request.name(), sip.freeswitch().size()));
        String serverName = node.wsHost();
        int serverPort = node.wsPort();
        String callPipe = CallPipe.derive(sipNumber, serverName, serverPort, devId, sip.pipesalt());
        StoredInvitation stored = new StoredInvitation(devId, request.name(), request.userId(), request.callerId(),
                request.message(), profile, node.streamServer(), serverName + ":" + serverPort,
                clock.instant().getEpochSecond());
        store.put(stored);

        Map<String, Object> sys = new LinkedHashMap<>();
        sys.put("callKey", callKeys.next().toString());
        sys.put("callPipe", callPipe);
        sys.put("caller_id", request.callerId());
        sys.put("conference", "true"); // CppComet: a string, not a boolean
        sys.put("conference_name", request.name());
        sys.put("mode", profile);
        sys.put("serverName", serverName);
        sys.put("serverPort", serverPort);
        sys.put("sipNumber", sipNumber);
        sys.put("stream", streamNumber(request.stream()));
        Map<String, Object> data = Map.of("message", request.message(), "sys", sys);
        EncodedFrame frame = CometFrames.privateMessage("sys_sipCall", data);
        // a queued invitation carries the data object's JSON as its message text
        privateMessages.deliver(devId, request.userId(), "sys_sipCall", frame, CometFrames.sorted(data).text());
        return toInvitation(stored);
    }

    /**
     * CppComet's node choice (§4.2 step 3): {@code dev_id*1000000 + Σ byte(name[i])*10*i} modulo the node count.
     * Bytes are signed as C {@code char} is on x86; the sum is kept in a long and reduced with a non-negative
     * modulo, where CppComet's int could overflow.
     */
    static int nodeIndex(int devId, String name, int nodes) {
        long n = devId * 1_000_000L;
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            n += bytes[i] * 10L * i;
        }
        return (int) Math.floorMod(n, (long) nodes);
    }

    /** CppComet: {@code stream} is read as a number, 0 when absent or not numeric (§4.2). */
    private static long streamNumber(String stream) {
        if (stream == null || !stream.matches("-?\\d{1,18}")) {
            return 0;
        }
        return Long.parseLong(stream);
    }

    @Override
    public List<Invitation> invitations(int devId, Collection<String> names) {
        return store.get(devId, names).stream().map(FreeswitchConferenceBackend::toInvitation).toList();
    }

    @Override
    public List<Invitation> allInvitations(int devId, int limit) {
        return store.all(devId, limit).stream().map(FreeswitchConferenceBackend::toInvitation).toList();
    }

    @Override
    public int deleteInvitations(int devId, String name, Collection<Long> userIds) {
        // no member can be live before the event socket exists, so there is nobody to kick yet
        return store.delete(devId, name, userIds);
    }

    @Override
    public List<Member> members(int devId, Collection<String> names) {
        return List.of();
    }

    @Override
    public List<Member> allMembers(int devId, int limit) {
        return List.of();
    }

    @Override
    public int kickMembers(int devId, String name, Collection<Long> userIds) {
        throw new CometQlException(CometQlErrors.INTERNAL, NO_EVENT_SOCKET);
    }

    private static Invitation toInvitation(StoredInvitation i) {
        return new Invitation(i.name(), i.userId(), i.callerId(), i.message(), i.profile(), i.stream(), i.node(),
                i.time());
    }
}
