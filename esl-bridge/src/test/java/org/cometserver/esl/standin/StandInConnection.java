package org.cometserver.esl.standin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One inbound event-socket connection of the stand-in, answering as mod_event_socket does (recordings 01, 01b, 02, 04,
 * 13b, 13c, 13d): greeting, {@code auth}, {@code api}, {@code bgapi}, {@code event}/{@code nixevent}/{@code noevents},
 * {@code exit}. Commands run one at a time; while an {@code api} runs (e.g. {@code msleep}), this connection's events
 * wait, as FreeSWITCH's do. Confined to the channel's event loop.
 */
final class StandInConnection extends SimpleChannelInboundHandler<ClientCommand> {

    private static final Logger log = LoggerFactory.getLogger(StandInConnection.class);

    static final String DISCONNECT_NOTICE = "Content-Type: text/disconnect-notice\nContent-Length: 67\n\n"
            + "Disconnected, goodbye.\nSee you at ClueCon! http://www.cluecon.com/\n";
    /** Event names mod_event_socket accepts in {@code event}; the others count as unknown keywords. */
    private static final Set<String> KNOWN_EVENTS = Set.of("ALL", "CUSTOM", "BACKGROUND_JOB", "HEARTBEAT", "API", "LOG",
            "CHANNEL_CREATE", "CHANNEL_DESTROY", "CHANNEL_STATE", "CHANNEL_CALLSTATE", "CHANNEL_ANSWER", "CHANNEL_HANGUP",
            "CHANNEL_HANGUP_COMPLETE", "CHANNEL_EXECUTE", "CHANNEL_EXECUTE_COMPLETE", "CHANNEL_HOLD", "CHANNEL_UNHOLD",
            "CHANNEL_BRIDGE", "CHANNEL_UNBRIDGE", "CHANNEL_PROGRESS", "CHANNEL_PROGRESS_MEDIA", "CHANNEL_OUTGOING",
            "CHANNEL_PARK", "CHANNEL_UNPARK", "CHANNEL_ORIGINATE", "CHANNEL_UUID", "CHANNEL_DATA", "DTMF", "PLAYBACK_START",
            "PLAYBACK_STOP", "RECORD_START", "RECORD_STOP", "PRESENCE_IN", "MESSAGE", "RE_SCHEDULE", "SHUTDOWN", "STARTUP");
    private static final Pattern MSLEEP = Pattern.compile("msleep ([0-9]+)");

    private final FreeSwitchStandIn standIn;
    private final ArrayDeque<ClientCommand> queue = new ArrayDeque<>();
    private final ArrayDeque<StandInEvent> heldEvents = new ArrayDeque<>();
    private final Set<String> eventNames = new HashSet<>();
    private final Set<String> subclasses = new HashSet<>();
    private Channel channel;
    private boolean authenticated;
    private boolean busy;
    private boolean json;
    private boolean listening;

    StandInConnection(FreeSwitchStandIn standIn) {
        this.standIn = standIn;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        write("Content-Type: auth/request\n\n");
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ClientCommand command) {
        standIn.recordCommand(command);
        if (!standIn.isAnswering()) {
            return;
        }
        queue.add(command);
        runNext();
    }

    /** Called by the stand-in from any thread for every fired event. */
    void deliver(StandInEvent event) {
        channel.eventLoop().execute(() -> {
            if (!authenticated || !wants(event)) {
                return;
            }
            if (busy) {
                heldEvents.add(event);
            } else {
                writeEvent(event);
            }
        });
    }

    private boolean wants(StandInEvent event) {
        if (!listening) {
            return false;
        }
        if (eventNames.contains("ALL")) {
            return true;
        }
        if ("CUSTOM".equals(event.name)) {
            return eventNames.contains("CUSTOM") && (subclasses.isEmpty() || subclasses.contains(event.subclass));
        }
        return eventNames.contains(event.name);
    }

    private void runNext() {
        while (!busy && !queue.isEmpty() && channel.isActive()) {
            execute(queue.poll());
        }
    }

    private void execute(ClientCommand command) {
        String line = command.line();
        String verb = line.split(" ", 2)[0];
        String rest = line.length() > verb.length() ? line.substring(verb.length() + 1).trim() : "";
        if (!authenticated) {
            if (verb.equals("auth")) {
                if (rest.equals(standIn.password())) {
                    authenticated = true;
                    reply("+OK accepted");
                } else {
                    reply("-ERR invalid");
                    write(DISCONNECT_NOTICE).addListener(ChannelFutureListener.CLOSE);
                }
            } else {
                reply("-ERR command not found");
            }
            return;
        }
        switch (verb) {
            case "api" -> api(rest);
            case "bgapi" -> bgapi(rest, command.headers().get("Job-UUID"));
            case "event" -> event(rest);
            case "nixevent" -> nixevent(rest);
            case "noevents" -> {
                reply(listening ? "+OK no longer listening for events" : "-ERR not listening for events");
                listening = false;
                eventNames.clear();
                subclasses.clear();
            }
            case "exit" -> {
                reply("+OK bye");
                write(DISCONNECT_NOTICE).addListener(ChannelFutureListener.CLOSE);
            }
            default -> reply("-ERR command not found");
        }
    }

    private void api(String command) {
        if (command.isEmpty()) {
            reply("-ERR command not found");
            return;
        }
        Matcher sleep = MSLEEP.matcher(command);
        if (sleep.matches()) {
            busy = true;
            channel.eventLoop().schedule(() -> {
                apiResponse("+OK");
                busy = false;
                releaseHeldEvents();
                runNext();
            }, Long.parseLong(sleep.group(1)), TimeUnit.MILLISECONDS);
            return;
        }
        busy = true;
        java.util.concurrent.CompletableFuture<String> reply = standIn.emulator().apiAsync(command);
        if (reply.isDone()) {
            apiResponse(reply.join());
            busy = false;
            // Events fired by the command itself were queued on this loop behind us, so they follow the response.
            releaseHeldEvents();
            return;
        }
        // An originate that rings: like FreeSWITCH, this connection answers nothing else until it is decided.
        reply.thenAccept(body -> channel.eventLoop().execute(() -> {
            apiResponse(body);
            busy = false;
            releaseHeldEvents();
            runNext();
        }));
    }

    private void bgapi(String command, String requestedJobUuid) {
        String jobUuid = requestedJobUuid != null ? requestedJobUuid : UUID.randomUUID().toString();
        write("Content-Type: command/reply\nReply-Text: +OK Job-UUID: " + jobUuid + "\nJob-UUID: " + jobUuid + "\n\n");
        String[] parts = command.split(" ", 2);
        String arg = parts.length > 1 ? parts[1] : null;
        Matcher sleep = MSLEEP.matcher(command);
        long delay = sleep.matches() ? Long.parseLong(sleep.group(1)) : 0;
        channel.eventLoop().schedule(() -> {
            var result = sleep.matches() ? java.util.concurrent.CompletableFuture.completedFuture("+OK")
                    : standIn.emulator().apiAsync(command);
            result.thenAccept(body -> standIn.fire(standIn.emulator().backgroundJob(jobUuid, parts[0], arg, body)));
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void event(String args) {
        List<String> words = List.of(args.split(" +"));
        int first = 0;
        if (!words.isEmpty() && Set.of("plain", "json", "xml").contains(words.get(0))) {
            json = words.get(0).equals("json");
            first = 1;
        }
        boolean any = false;
        boolean custom = false;
        for (String word : words.subList(first, words.size())) {
            if (custom) {
                subclasses.add(word);
            } else if (KNOWN_EVENTS.contains(word)) {
                eventNames.add(word);
                custom = word.equals("CUSTOM");
                any = true;
            }
        }
        if (!any) {
            reply("-ERR no keywords supplied");
            return;
        }
        listening = true;
        reply("+OK event listener enabled " + (json ? "json" : "plain"));
    }

    private void nixevent(String args) {
        boolean any = false;
        for (String word : args.split(" +")) {
            if (KNOWN_EVENTS.contains(word)) {
                eventNames.remove(word);
                any = true;
            }
        }
        reply(any ? "+OK events nixed" : "-ERR no keywords supplied");
    }

    private void releaseHeldEvents() {
        StandInEvent held;
        while ((held = heldEvents.poll()) != null) {
            writeEvent(held);
        }
    }

    private void reply(String text) {
        write("Content-Type: command/reply\nReply-Text: " + text + "\n\n");
    }

    private void apiResponse(String body) {
        write("Content-Type: api/response\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\n\n" + body);
    }

    private void writeEvent(StandInEvent event) {
        String body = json ? event.jsonBody() : event.plainBody();
        write("Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\nContent-Type: text/event-"
                + (json ? "json" : "plain") + "\n\n" + body);
    }

    private io.netty.channel.ChannelFuture write(String text) {
        ByteBuf buf = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        return channel.writeAndFlush(buf);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        standIn.connectionClosed(this);
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.warn("stand-in connection failed; closing it", cause);
        ctx.close();
    }

    void close() {
        channel.close();
    }
}
