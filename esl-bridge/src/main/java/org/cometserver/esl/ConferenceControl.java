package org.cometserver.esl;

import org.cometserver.esl.conference.ConferenceCommand;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Commands on live conferences. Every future completes on the bridge's callback executor, never on a Netty event loop.
 * Failures: {@link EslCommandException} with FreeSWITCH's text when it refused ({@code -ERR Conference 3000 not found},
 * {@code -ERR Non-Existant ID 7}, {@code -ERR NO_ROUTE_DESTINATION}), {@link NodeDownException} when the node is not UP
 * or dropped before answering, {@link java.util.concurrent.TimeoutException} when it did not answer in time,
 * {@link IllegalArgumentException} for a name or dial string that cannot be sent safely (nothing is sent then).
 * Success means FreeSWITCH answered the command's exact success line.
 */
public interface ConferenceControl {

    /**
     * {@code conference <name> <verb> <member-id>} for one of the member commands of the {@link ConferenceCommand} table
     * (kick, hup, mute, unmute, deaf, undeaf, vmute, unvmute, hold, unhold, vid-floor); completes when FreeSWITCH
     * answered the verb's success line for this member.
     */
    default CompletableFuture<Void> conferenceCommand(String node, ConferenceCommand command, String conference,
                                                      int memberId) {
        if (memberId <= 0) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("member id: " + memberId));
        }
        return conferenceCommand(node, command, conference, Integer.toString(memberId)).thenApply(reply -> null);
    }

    /**
     * {@code conference <name> <verb> [<argument>]} for any command of the {@link ConferenceCommand} table (room
     * commands: lock, unlock, set max_members, recording start/stop, vid-layout, play, kick all; {@code argument} null
     * for those that take none). Completes with FreeSWITCH's reply once it is the command's success reply.
     */
    CompletableFuture<String> conferenceCommand(String node, ConferenceCommand command, String conference,
                                                String argument);

    /**
     * Calls {@code dialString} ({@code sofia/internal/1000@host}, {@code user/1000}, {@code sofia/gateway/gw/+4930...})
     * and puts the answered call into {@code conference}: {@code bgapi originate {origination_caller_id_number=..,
     * origination_caller_id_name=..}<dialString> &conference(<conference>@<profile>)}. Completes with the new channel's
     * uuid once the callee answered; {@code +OK} from originate means only that (the member event follows).
     */
    CompletableFuture<String> dial(String node, String conference, String profile, String dialString,
                                   String callerIdNumber, String callerIdName);

    /**
     * As {@link #dial(String, String, String, String, String, String)}, with {@code origination_uuid=<uuid>}: the
     * caller knows the new channel's uuid before FreeSWITCH's first event of it (not for {@code user/} dial strings
     * that ring several registrations: FreeSWITCH refuses all but the first leg with one uuid). Without an
     * implementation of its own, the uuid is not sent.
     */
    default CompletableFuture<String> dial(String node, String conference, String profile, String dialString,
                                           String callerIdNumber, String callerIdName, UUID originationUuid) {
        return dial(node, conference, profile, dialString, callerIdNumber, callerIdName);
    }
}
