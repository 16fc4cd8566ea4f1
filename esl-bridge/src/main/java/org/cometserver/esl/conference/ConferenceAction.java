package org.cometserver.esl.conference;

import java.time.Instant;

/**
 * A conference-level {@code conference::maintenance} event (no member): {@code conference-create},
 * {@code conference-destroy}, {@code start-recording}, {@code stop-recording}, {@code lock}, {@code unlock}.
 *
 * @param path     the recording's {@code Path}; null for other actions
 * @param fileSize {@code Record-File-Size} of a {@code stop-recording} (bytes); -1 when absent
 * @param error    FreeSWITCH's {@code Error} header ({@code File could not be opened for recording}); null without
 */
public record ConferenceAction(String node, String conference, String action, String path, long fileSize,
                               String error, Instant at) {
    public static final String CREATE = "conference-create";
    public static final String DESTROY = "conference-destroy";
    public static final String START_RECORDING = "start-recording";
    public static final String STOP_RECORDING = "stop-recording";
}
