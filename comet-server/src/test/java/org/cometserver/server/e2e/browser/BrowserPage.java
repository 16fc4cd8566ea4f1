package org.cometserver.server.e2e.browser;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * One open page of {@link Chromium}: runs JavaScript in it and collects what its {@code rec(tag)} callbacks were
 * given, in arrival order.
 */
final class BrowserPage implements AutoCloseable {
    /** Generous: two shared cores, and the JS client may wait for a reconnect backoff. */
    static final Duration EVENT_TIMEOUT = Duration.ofSeconds(20);

    /** One callback invocation: the tag given to {@code rec(tag)} and the callback's argument (null when none). */
    record Event(String tag, JsonNode value) {
        /** {@code value.data}, the message as the JS API parsed it. */
        JsonNode data() {
            return value.path("data");
        }

        /** {@code value.server_info.<field>}: pipe, event, user_id, history, marker. */
        JsonNode serverInfo(String field) {
            return value.path("server_info").path(field);
        }

        @Override
        public String toString() {
            return tag + " " + value;
        }
    }

    private final Chromium browser;
    private final String name;
    private final List<Event> events = new ArrayList<>();
    private final List<String> logs = new ArrayList<>();
    private boolean closed;

    BrowserPage(Chromium browser, String name) {
        this.browser = browser;
        this.name = name;
    }

    /** Evaluates a JavaScript expression (or statements: the last one's value) and returns its JSON value. */
    JsonNode eval(String js) {
        return browser.call(Chromium.JSON.createObjectNode().put("op", "eval").put("page", name).put("js", js));
    }

    /** Cuts the page's network (Chromium's offline emulation) or restores it; open sockets are not touched. */
    void setOffline(boolean offline) {
        browser.call(Chromium.JSON.createObjectNode().put("op", "offline").put("page", name).put("offline", offline));
    }

    /** Waits for the first event with {@code tag} (already arrived or arriving) that matches. */
    Event await(String tag, Predicate<Event> match) {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        synchronized (events) {
            while (true) {
                for (Event event : events) {
                    if (event.tag().equals(tag) && match.test(event)) {
                        return event;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("page " + name + ": no matching '" + tag + "' event within "
                            + EVENT_TIMEOUT + "; events: " + events + "; log: " + logs);
                }
                waitNanos(left);
            }
        }
    }

    Event await(String tag) {
        return await(tag, event -> true);
    }

    /** Waits until {@code count} events with {@code tag} arrived and returns all of them (there may be more). */
    List<Event> awaitCount(String tag, int count) {
        long deadline = System.nanoTime() + EVENT_TIMEOUT.toNanos();
        synchronized (events) {
            while (true) {
                List<Event> tagged = events(tag);
                if (tagged.size() >= count) {
                    return tagged;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("page " + name + ": " + tagged.size() + " of " + count + " '" + tag
                            + "' events within " + EVENT_TIMEOUT + "; events: " + events + "; log: " + logs);
                }
                waitNanos(left);
            }
        }
    }

    /** The events with {@code tag} that arrived so far. */
    List<Event> events(String tag) {
        synchronized (events) {
            return events.stream().filter(event -> event.tag().equals(tag)).toList();
        }
    }

    List<String> logs() {
        synchronized (events) {
            return List.copyOf(logs);
        }
    }

    void addEvent(String tag, JsonNode value) {
        synchronized (events) {
            events.add(new Event(tag, value));
            events.notifyAll();
        }
    }

    void addLog(String line) {
        synchronized (events) {
            logs.add(line);
        }
    }

    @Override
    public String toString() {
        return "page " + name;
    }

    /** Closes the page's browser context, which closes its sockets as a closed tab does. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        browser.call(Chromium.JSON.createObjectNode().put("op", "close").put("page", name));
        browser.forget(name);
    }

    private void waitNanos(long nanos) {
        try {
            events.wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
