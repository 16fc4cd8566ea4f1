package org.cometserver.cometql.spi;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Channels ("pipes"): publish, history, history settings and subscriber presence. */
public interface PipeBackend {

    /**
     * Whether a message published to {@code pipe} is stored in history ({@code pipes_settings.length > 0} or a
     * {@code trust_} channel). Non-blocking: answered from the host's settings cache.
     */
    boolean historyEnabled(int devId, String pipe);

    /**
     * Broadcasts to every subscriber of the channel (CppComet frame
     * {@code {"data":…,"event":…,"message_send_time":…,"pipe":…}}) and stores the message in history when
     * enabled. Non-blocking when {@link #historyEnabled} is false for this pipe; may block otherwise.
     *
     * @return the number of local subscribers it was handed to
     */
    int publish(int devId, String pipe, String event, String message);

    /** History of each pipe, oldest first, at most {@code limitPerPipe} entries each. */
    List<HistoryMessage> history(int devId, Collection<String> pipes, int limitPerPipe);

    List<HistoryMessage> allHistory(int devId, int limit);

    /** Deletes the whole history of these pipes; returns the number of messages removed. */
    int deleteHistory(int devId, Collection<String> pipes);

    /** Deletes single history messages by their uuid; returns the number removed. */
    int deleteHistoryMessages(int devId, Collection<String> messageIds);

    /** {@code pipes_settings}: history length, clamped by the caller to 0…{@code maxHistoryLength}. */
    void setHistoryLength(int devId, String pipe, int length);

    Map<String, Integer> historyLengths(int devId, Collection<String> pipes);

    Map<String, Integer> allHistoryLengths(int devId, int limit);

    /** Removes the settings and the stored history of these pipes; returns the number of settings removed. */
    int deleteSettings(int devId, Collection<String> pipes);

    /** Number of connections subscribed to each pipe (0 for pipes nobody listens to). Non-blocking. */
    Map<String, Integer> subscriberCounts(int devId, Collection<String> pipes);

    /** Every pipe that has at least one subscriber, with its count. Non-blocking. */
    Map<String, Integer> allSubscriberCounts(int devId, int limit);

    /** One entry per subscribed connection of these pipes. Non-blocking. */
    List<PipeSubscriber> subscribers(int devId, Collection<String> pipes);

    List<PipeSubscriber> allSubscribers(int devId, int limit);

    /** A stored history message ({@code pipes_messages} row). */
    record HistoryMessage(String id, long time, String pipe, String event, String message, long userId) {
    }

    /** A subscribed connection ({@code users_in_pipes} row). */
    record PipeSubscriber(String pipe, long userId, String uuid, String userAgent, String ip, String origin,
                          String language) {
    }
}
