package org.cometserver.server.wiring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Logs once per conference that its members are left out of {@code conference_members} and why. Without it a domain
 * mismatch looked like an empty table (issue #9). Remembers the last {@value #REMEMBERED} conferences (oldest forgotten
 * first), so a FreeSWITCH full of foreign conferences costs bounded memory and logs each at most once in a while, not
 * once per event. Called one notice at a time (the bridge's callback executor); synchronised all the same.
 */
final class IgnoredConferences {
    static final int REMEMBERED = 1024;
    private static final Logger log = LoggerFactory.getLogger(IgnoredConferences.class);

    private final Map<String, Boolean> logged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > REMEMBERED;
        }
    };

    /** @return true when this call logged (the first time for this conference, or after it was forgotten) */
    synchronized boolean ignored(String node, String conference, String reason) {
        if (logged.put(node + '\u0000' + conference, Boolean.TRUE) != null) {
            return false;
        }
        log.warn("FreeSWITCH node {}: conference '{}' ignored, its members are not in conference_members: {}",
                node, conference, reason);
        return true;
    }
}
