package org.cometserver.server.transport.ws;

import org.cometserver.server.auth.LoginThrottle;
import org.cometserver.server.auth.UserAuthenticator;
import org.cometserver.server.broker.PresenceManager;
import org.cometserver.server.broker.local.LocalPresence;
import org.cometserver.server.calls.P2pCalls;
import org.cometserver.server.calls.ParticipantCalls;
import org.cometserver.server.calls.RoomMembers;
import org.cometserver.server.config.MainSection;
import org.cometserver.server.config.WsSection;
import org.cometserver.server.hub.Hub;
import org.cometserver.server.store.Store;
import org.cometserver.server.wiring.Publisher;
import org.cometserver.server.wiring.UserReads;

import java.time.Clock;
import java.util.concurrent.Executor;

/**
 * What browser connections use, built once by the server.
 *
 * @param users         online times and user data ({@code user_status}, {@code user_data})
 * @param loginThrottle failed browser logins per address (shared with CometQL); blocked addresses are refused
 * @param storeExecutor bounded executor for every blocking store call of a connection (logins, reads, history)
 * @param calls         P2P call signalling ({@code call_signal}); null refuses it
 * @param participants  phones called into conference rooms ({@code call_participant}); null refuses it
 * @param roomMembers   member lists of conference rooms ({@code conference_members}); null refuses it
 * @param presence      who is subscribed ({@code pipe_count}, {@code track_pipe_users}), on every node
 * @param publisher     the one publishing path ({@code web_pipe2}, {@code track_} events) and its broker (history
 *                      reads, {@code recover}); null refuses them
 */
public record WsServices(Hub hub, Store store, UserReads users, UserAuthenticator authenticator,
                         LoginThrottle loginThrottle, Clock clock, Executor storeExecutor, MainSection main,
                         WsSection ws, P2pCalls calls, ParticipantCalls participants, RoomMembers roomMembers,
                         PresenceManager presence, Publisher publisher) {

    /** Without conference calls. */
    public WsServices(Hub hub, Store store, UserReads users, UserAuthenticator authenticator,
                      LoginThrottle loginThrottle, Clock clock, Executor storeExecutor, MainSection main,
                      WsSection ws, P2pCalls calls) {
        this(hub, store, users, authenticator, loginThrottle, clock, storeExecutor, main, ws, calls, null, null,
                singleNode(hub), null);
    }

    /** Without P2P calls. */
    public WsServices(Hub hub, Store store, UserReads users, UserAuthenticator authenticator,
                      LoginThrottle loginThrottle, Clock clock, Executor storeExecutor, MainSection main,
                      WsSection ws) {
        this(hub, store, users, authenticator, loginThrottle, clock, storeExecutor, main, ws, null, null, null,
                singleNode(hub), null);
    }

    private static PresenceManager singleNode(Hub hub) {
        return hub == null ? null : new LocalPresence(LocalPresence.SINGLE_NODE, hub);
    }

    public long now() {
        return clock.instant().getEpochSecond();
    }
}
