package org.cometserver.server.config;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * {@code [calls]}: P2P and SIP calls (beyond CppComet; docs/CALLS.md).
 *
 * @param answerTimeoutSeconds  {@code answer_timeout}: seconds an opponent may ring before the caller is told "not
 *                              answered" and the opponent's devices stop ringing (default 60); also how long
 *                              click-to-call rings the user's browsers (at most 55 s, within the originate's wait)
 * @param keepFinishedSeconds   {@code keep_finished}: seconds a finished leg stays in {@code calls} with its state,
 *                              duration and RTP figures (default 300)
 * @param maxSignalBytes        {@code max_signal_size}: largest {@code call_signal} frame a browser may send, in
 *                              bytes (default 65536: an SDP with video and many candidates is 10–20 KB)
 * @param signalsPerSecond      {@code signals_per_second}: signals one connection may send per second, averaged
 *                              over {@code signal_burst} (default 50)
 * @param signalBurst           {@code signal_burst}: signals a connection may send at once (default 200: a call
 *                              set-up trickles tens of ICE candidates)
 * @param maxParticipants       {@code max_participants}: users in one P2P session, caller included (default 4:
 *                              a mesh costs every browser one upload per other participant)
 * @param offlineHook           {@code offline_hook}: URL the server POSTs to when a callee has no connection, so the
 *                              backend can send a push notification; a 2xx answer keeps the callee ringing until
 *                              {@code answer_timeout}. Empty (default): such a callee is "not answered" at once
 * @param offlineHookTimeoutMs  {@code offline_hook_timeout}: milliseconds the hook may take (default 2000)
 */
public record CallsSection(int answerTimeoutSeconds, int keepFinishedSeconds, int maxSignalBytes,
                           int signalsPerSecond, int signalBurst, int maxParticipants, String offlineHook,
                           int offlineHookTimeoutMs) {

    static CallsSection read(IniSection s) {
        String hook = s.string("offline_hook", "").strip();
        if (!hook.isEmpty()) {
            try {
                URI uri = new URI(hook);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new URISyntaxException(hook, "not an http(s) URL");
                }
            } catch (URISyntaxException e) {
                throw new InvalidConfigException("[calls] offline_hook: " + e.getMessage());
            }
        }
        return new CallsSection(s.integer("answer_timeout", 60, 1, 3600), s.integer("keep_finished", 300, 0, 86_400),
                s.integer("max_signal_size", 65_536, 1024, 1 << 20), s.integer("signals_per_second", 50, 1, 10_000),
                s.integer("signal_burst", 200, 1, 100_000), s.integer("max_participants", 4, 2, 16), hook,
                s.integer("offline_hook_timeout", 2000, 100, 60_000));
    }
}
