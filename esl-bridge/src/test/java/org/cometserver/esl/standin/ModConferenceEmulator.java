package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of FreeSWITCH the stand-in emulates behind {@code api}: {@code status}, {@code version}, {@code originate}
 * into conferences over {@code loopback/} with the stock and comet dialplans (every other originate, and the
 * {@code uuid_*}/{@code show} commands, go to the {@link ChannelEmulator}), and mod_conference's list/json_list/xml_list and member
 * commands, with the {@code conference::maintenance} events they fire, headers in the recorded order (05, 10, 13).
 * Sounds are not emulated: no {@code play-file}/{@code play-file-done} events. A "talker" member talks once
 * ({@code start-talking}, takes the floor, {@code stop-talking}). Every method is synchronized: tests call it from
 * their thread, connections from event loops.
 */
final class ModConferenceEmulator {

    static final String MAINTENANCE = "conference::maintenance";
    private static final String LIST_FLAGS = "running|answered|enforce_min|dynamic|exit_sound|enter_sound|json_status";
    private static final Pattern COMET_ROUTE = Pattern.compile("([0-9]{1,9}\\*[0-9A-Za-z_-]+)\\*([0-9A-Za-z_-]+)");
    private static final Pattern CONFERENCE_APP = Pattern.compile("&conference\\(([^@)]+)(?:@([^)]+))?\\)");
    private static final String ORIGINATE_USAGE = "-USAGE: <call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]\n";

    private final Clock clock;
    private final Consumer<StandInEvent> events;
    private final Map<String, EmulatedConference> conferences = new LinkedHashMap<>();
    private final Map<String, String> refusedDials = new HashMap<>();
    private final ChannelEmulator channels;
    private StandInIdentity identity;
    private final RoomCommands roomCommands = new RoomCommands(new RoomEvents());
    private Instant startedAt;
    private int nextMemberId = 1;
    private long sequence = 1;
    private long sessions;

    ModConferenceEmulator(StandInIdentity identity, Clock clock, Consumer<StandInEvent> events) {
        this.identity = identity;
        this.clock = clock;
        this.events = events;
        this.channels = new ChannelEmulator(this, clock, this::fireChannelEvent);
        this.startedAt = clock.instant();
    }

    synchronized StandInIdentity identity() {
        return identity;
    }

    /** A FreeSWITCH restart: no conferences, member ids from 1, a new Core-UUID. */
    synchronized void restart() {
        conferences.clear();
        channels.restart();
        nextMemberId = 1;
        sessions = 0;
        startedAt = clock.instant();
        identity = new StandInIdentity(UUID.randomUUID().toString(), identity.hostname(), identity.ipv4(), identity.ipv6(), identity.domain());
    }

    /** Another {@code $${domain}} (vars.xml): names of conferences created from now on, {@code global_getvar domain}. */
    synchronized void setDomain(String domain) {
        identity = new StandInIdentity(identity.coreUuid(), identity.hostname(), identity.ipv4(), identity.ipv6(), domain);
    }

    synchronized void setNextMemberId(int id) {
        nextMemberId = id;
    }

    synchronized void refuseDial(String dialString, String cause) {
        refusedDials.put(dialString, cause);
    }

    synchronized StandInEvent backgroundJob(String jobUuid, String command, String arg, String result) {
        EslHeaders.Builder h = EslHeaders.builder().add("Job-UUID", jobUuid).add("Job-Command", command);
        if (arg != null) {
            h.add("Job-Command-Arg", arg);
        }
        return StandInEvent.create(identity, "BACKGROUND_JOB", null, "mod_event_socket.c", "api_exec", 1572, sequence++,
                clock.instant(), h.build(), result);
    }

    /**
     * A {@code HEARTBEAT} as switch_core.c sends it (not in the recordings: a subset of its headers, enough for a
     * client's liveness check).
     */
    synchronized StandInEvent heartbeat() {
        Duration up = Duration.between(startedAt, clock.instant());
        EslHeaders headers = EslHeaders.builder()
                .add("Event-Info", "System Ready")
                .add("FreeSWITCH-Version", "1.10.12-release~64bit")
                .add("Uptime-msec", Long.toString(up.toMillis()))
                .add("Session-Count", "0")
                .add("Max-Sessions", "1000")
                .build();
        return StandInEvent.create(identity, "HEARTBEAT", null, "switch_core.c", "send_heartbeat", 81, sequence++,
                clock.instant(), headers, null);
    }

    // ---- programmatic control -------------------------------------------------------------------------------------

    /** Returns the member id, or -1 when the room refused the join (locked or full). */
    synchronized int addMember(String conference, String profile, String callerIdNumber, String callerIdName,
                               String destination, boolean talker) {
        EmulatedMember m = join(conference, profile, "loopback/" + destination + "-b", callerIdName, callerIdNumber,
                destination, talker);
        return m == null ? -1 : m.id;
    }

    /**
     * A dial-in caller's channel {@code uuid} runs the comet conference extension {@code <dev>*<room>*<profile>} (the
     * transfer the comet server's dialplan answer asked for) and joins as {@code loopback/<dialled>-b}; its member id.
     */
    synchronized int joinByExtension(String uuid, String extension, String dialled, String callerIdNumber,
                                     String callerIdName) {
        Matcher comet = COMET_ROUTE.matcher(extension);
        if (!comet.matches()) {
            throw new IllegalArgumentException("not a comet conference extension: " + extension);
        }
        sessions++;
        return join(uuid, comet.group(1) + "-" + identity.domain(), comet.group(2), "loopback/" + dialled + "-b",
                callerIdName, callerIdNumber, dialled, false).id;
    }

    synchronized boolean hangUp(String conference, int memberId) {
        EmulatedConference conf = conferences.get(conference);
        EmulatedMember m = conf == null ? null : conf.member(memberId);
        if (m == null) {
            return false;
        }
        leave(conf, m, "hup-member", "conference_api_sub_hup", 871);
        return true;
    }

    synchronized boolean setTalking(String conference, int memberId, boolean talking) {
        EmulatedConference conf = conferences.get(conference);
        EmulatedMember m = conf == null ? null : conf.member(memberId);
        if (m == null || m.talking == talking) {
            return m != null;
        }
        m.talking = talking;
        m.lastTalking = clock.instant();
        if (talking) {
            fire(memberEvent(conf, m, "start-talking", "conference_loop.c", "conference_loop_input", 1154, 6563, EslHeaders.EMPTY));
        } else {
            fire(memberEvent(conf, m, "stop-talking", "conference_loop.c", "stop_talking_handler", 783, 0, MaintenanceHeaders.talkingStats()));
        }
        return true;
    }

    synchronized List<Integer> memberIds(String conference) {
        EmulatedConference conf = conferences.get(conference);
        return conf == null ? List.of() : conf.members.stream().map(m -> m.id).toList();
    }

    synchronized boolean isMuted(String conference, int memberId) {
        EmulatedConference conf = conferences.get(conference);
        EmulatedMember m = conf == null ? null : conf.member(memberId);
        return m != null && !m.speak;
    }

    // ---- api ------------------------------------------------------------------------------------------------------

    /** The body of the {@code api/response} for {@code command} (everything after {@code api }). */
    synchronized String api(String command) {
        String[] words = command.trim().split(" +", 2);
        String name = words[0];
        String args = words.length > 1 ? words[1] : "";
        return switch (name) {
            case "status" -> status();
            case "version" -> "FreeSWITCH Version 1.10.12-release~64bit ( 64bit)\n";
            case "conference" -> conference(args);
            case "originate" -> originate(args).getNow("+OK (ringing: use apiAsync)\n");
            case "global_getvar" -> globalVariable(args.trim());
            default -> {
                String reply = channels.api(name, args);
                yield reply != null ? reply : "-ERR " + name + " Command not found!\n";
            }
        };
    }

    /**
     * Like {@link #api}, but an {@code originate} completes only when FreeSWITCH would answer it: when the called leg
     * answered or failed (a {@link SipDevice#RING} device waits for the test).
     */
    synchronized CompletableFuture<String> apiAsync(String command) {
        String[] words = command.trim().split(" +", 2);
        if (words[0].equals("originate")) {
            return originate(words.length > 1 ? words[1] : "");
        }
        return CompletableFuture.completedFuture(api(command));
    }

    ChannelEmulator channels() {
        return channels;
    }

    /** Fires a channel event with the next sequence number; called by the channel emulator under this lock. */
    private synchronized void fireChannelEvent(String name, String file, String function, int line, EslHeaders headers) {
        fire(StandInEvent.create(identity, name, null, file, function, line, sequence++, clock.instant(), headers, null));
    }

    /**
     * mod_commands' global_getvar: the value as the whole body, no line break; an unset variable is an empty body. Only
     * {@code domain} is emulated (the stock vars.xml sets it to the local IPv4 address; ours defaults to 127.0.0.1 as in
     * recording 07d, whose {@code Conference-Domain} is 127.0.0.1).
     */
    private String globalVariable(String name) {
        return switch (name) {
            case "" -> "-USAGE: <var>\n";
            case "domain" -> identity.domain();
            default -> "";
        };
    }

    private String status() {
        Duration up = Duration.between(startedAt, clock.instant());
        long micros = up.toNanos() / 1000;
        return "UP 0 years, " + plural(up.toDays(), "day") + ", " + plural(up.toHoursPart(), "hour") + ", "
                + plural(up.toMinutesPart(), "minute") + ", " + plural(up.toSecondsPart(), "second") + ", "
                + plural(up.toMillisPart(), "millisecond") + ", " + plural(micros % 1000, "microsecond") + "\n"
                + "FreeSWITCH (Version 1.10.12-release  64bit) is ready\n"
                + sessions + " session(s) since startup\n"
                + "0 session(s) - peak 0, last 5min 0 \n"
                + "0 session(s) per Sec out of max 30, peak 0, last 5min 0 \n"
                + "1000 session(s) max\n"
                + "min idle cpu 0.00/100.00\n"
                + "Current Stack Size/Max 240K/8192K\n";
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    private String conference(String args) {
        String[] words = args.isEmpty() ? new String[0] : args.split(" +");
        if (words.length == 0) {
            return "-USAGE: conference syntax list not emulated\n";
        }
        switch (words[0]) {
            case "list" -> {
                return listAll(words);
            }
            case "json_list" -> {
                return CJsonPrinter.print(conferences.values().stream().map(c -> ConferenceListings.json(c, clock.instant())).toList(), !has(words, 1, "compact"));
            }
            case "xml_list" -> {
                return ConferenceListings.xml(new ArrayList<>(conferences.values()), clock.instant());
            }
            default -> {
            }
        }
        EmulatedConference conf = conferences.get(words[0]);
        if (conf == null) {
            return "-ERR Conference " + words[0] + " not found\n";
        }
        if (words.length == 1) {
            return "Conference command, not specified.\nTry 'help'\n";
        }
        String sub = words[1];
        return switch (sub) {
            case "list" -> {
                if (has(words, 2, "count")) {
                    yield Integer.toString(conf.members.size());
                }
                String delim = has(words, 2, "delim") && words.length > 3 ? words[3] : ";";
                yield ConferenceListings.listMembers(conf, delim);
            }
            case "count" -> conf.members.size() + "\n";
            case "json_list" -> CJsonPrinter.print(List.of(ConferenceListings.json(conf, clock.instant())), !has(words, 2, "compact"));
            case "xml_list" -> ConferenceListings.xml(List.of(conf), clock.instant());
            case "kick", "hup", "mute", "unmute", "deaf", "undeaf", "vmute", "unvmute", "tmute", "hold", "unhold" ->
                    memberCommand(conf, sub, words.length > 2 ? words[2] : null);
            default -> RoomCommands.VERBS.contains(sub) ? roomCommands.run(conf, words)
                    : "-ERR Conference command '" + sub + "' not found.\n";
        };
    }

    private static boolean has(String[] words, int index, String word) {
        return words.length > index && words[index].equals(word);
    }

    private String listAll(String[] words) {
        if (conferences.isEmpty()) {
            return "+OK No active conferences.\n";
        }
        StringBuilder sb = new StringBuilder();
        for (EmulatedConference conf : conferences.values()) {
            int n = conf.members.size();
            sb.append("+OK Conference ").append(conf.name).append(" (").append(n).append(" member").append(n == 1 ? "" : "s")
                    .append(" rate: 8000 flags: ").append(LIST_FLAGS).append(")\n");
            sb.append(ConferenceListings.listMembers(conf, ";"));
        }
        return sb.toString();
    }

    private String memberCommand(EmulatedConference conf, String verb, String target) {
        if (target == null || !(target.equals("all") || target.matches("[0-9]+"))) {
            return "mute".equals(verb) ? "mute <[member_id|all]|last|non_moderator> [<quiet>]" : "-ERR Invalid member ID\n";
        }
        List<EmulatedMember> targets = target.equals("all") ? new ArrayList<>(conf.members)
                : conf.member(Integer.parseInt(target)) == null ? List.of() : List.of(conf.member(Integer.parseInt(target)));
        if (targets.isEmpty()) {
            return target.equals("all") ? "" : "-ERR Non-Existant ID " + target + "\n";
        }
        StringBuilder reply = new StringBuilder();
        for (EmulatedMember m : targets) {
            reply.append(applyMemberCommand(conf, m, verb));
        }
        return reply.toString();
    }

    private String applyMemberCommand(EmulatedConference conf, EmulatedMember m, String verb) {
        switch (verb) {
            case "kick" -> {
                leave(conf, m, "kick-member", "conference_api_sub_kick", 902);
                return "+OK kicked " + m.id + "\n";
            }
            case "hup" -> {
                leave(conf, m, "hup-member", "conference_api_sub_hup", 871);
                return "+OK hup " + m.id + "\n";
            }
            case "tmute" -> {
                return applyMemberCommand(conf, m, m.speak ? "mute" : "unmute");
            }
            default -> {
                int line = switch (verb) {
                    case "mute" -> { m.speak = false; yield 339; }
                    case "unmute" -> { m.speak = true; yield 492; }
                    case "deaf" -> { m.hear = false; yield 797; }
                    case "undeaf" -> { m.hear = true; yield 839; }
                    case "vmute" -> { m.see = false; yield 617; }
                    case "unvmute" -> { m.see = true; yield 687; }
                    case "hold" -> { m.hold = true; yield 440; }
                    case "unhold" -> { m.hold = false; yield 389; }
                    default -> throw new IllegalStateException(verb);
                };
                fire(memberEvent(conf, m, verb + "-member", "conference_api.c", "conference_api_sub_" + verb, line, 0, EslHeaders.EMPTY));
                return "+OK " + verb + " " + m.id + "\n";
            }
        }
    }

    /**
     * {@code originate}: into a conference (the comet dialplan, {@code conf-<name>}, {@code &conference(...)}) here, every
     * other call through the {@link ChannelEmulator}; completes when FreeSWITCH would answer.
     */
    private CompletableFuture<String> originate(String args) {
        String[] words = splitRespectingQuotes(args);
        if (words.length < 2) {
            return CompletableFuture.completedFuture(ORIGINATE_USAGE);
        }
        String url = words[0];
        Map<String, String> vars = new HashMap<>();
        if (url.startsWith("{")) {
            int close = url.indexOf('}');
            if (close < 0) {
                return CompletableFuture.completedFuture("-ERR DESTINATION_OUT_OF_ORDER\n");
            }
            vars.putAll(parseVariables(url.substring(1, close)));
            url = url.substring(close + 1);
        }
        String refused = refusedDials.get(url);
        if (refused != null) {
            return CompletableFuture.completedFuture("-ERR " + refused + "\n");
        }
        String app = words[1];
        String cidName = vars.getOrDefault("origination_caller_id_name", "Outbound Call");
        String cidNumber = vars.getOrDefault("origination_caller_id_number", "default");
        String aLeg = vars.getOrDefault("origination_uuid", UUID.randomUUID().toString());
        Matcher confApp = CONFERENCE_APP.matcher(app);
        if (url.startsWith("loopback/")) {
            String[] parts = url.split("/");
            String dest = parts.length > 1 ? parts[1] : "";
            String context = parts.length > 2 ? parts[2] : "default";
            boolean talker = app.equals("talker");
            Matcher comet = COMET_ROUTE.matcher(dest);
            if (context.equals("default") && (dest.startsWith("conf-") || comet.matches() || confApp.matches())) {
                sessions++;
                if (dest.startsWith("conf-")) {
                    join(dest.substring(5), "default", "loopback/" + dest + "-b", cidName, cidNumber, dest, talker);
                } else if (comet.matches()) {
                    join(comet.group(1) + "-" + identity.domain(), comet.group(2), "loopback/" + dest + "-b", cidName, cidNumber, dest, talker);
                } else {
                    // The A-leg itself joins; it shows the callee's caller id, as recorded for loopback callees.
                    join(aLeg, confApp.group(1), confApp.group(2) == null ? "default" : confApp.group(2),
                            "loopback/" + dest + "-a", "Outbound Call", "default", dest, dest.startsWith("talker"));
                }
                return CompletableFuture.completedFuture("+OK " + aLeg + "\n");
            }
        }
        if ((url.startsWith("sofia/") || url.startsWith("user/") || url.startsWith("verto/")) && confApp.matches()) {
            sessions++;
            String user = url.substring(url.lastIndexOf('/') + 1).split("@")[0];
            // the originated channel itself runs &conference: the member's uuid is the one originate answers
            join(aLeg, confApp.group(1), confApp.group(2) == null ? "default" : confApp.group(2), url, "Outbound Call", user, user, false);
            return CompletableFuture.completedFuture("+OK " + aLeg + "\n");
        }
        if (url.startsWith("loopback/") || url.startsWith("sofia/") || url.startsWith("user/")) {
            sessions++;
            return channels.originate(vars, url, words);
        }
        return CompletableFuture.completedFuture("-ERR CHAN_NOT_IMPLEMENTED\n");
    }

    /** {@code a=1,b='x y'} as originate reads it: quotes removed. */
    static Map<String, String> parseVariables(String list) {
        Map<String, String> vars = new LinkedHashMap<>();
        for (String pair : list.split(",")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                vars.put(pair.substring(0, eq), pair.substring(eq + 1).replace("'", ""));
            }
        }
        return vars;
    }

    /** Splits at spaces except inside single quotes, as switch_separate_string does ({@code name='Foo Bar'}). */
    private static String[] splitRespectingQuotes(String args) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (char c : args.trim().toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (c == ' ' && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words.toArray(String[]::new);
    }

    // ---- membership and events ------------------------------------------------------------------------------------

    private EmulatedMember join(String name, String profile, String channelName, String cidName, String cidNumber,
                                String destination, boolean talker) {
        return join(UUID.randomUUID().toString(), name, profile, channelName, cidName, cidNumber, destination, talker);
    }

    private EmulatedMember join(String uuid, String name, String profile, String channelName, String cidName,
                                String cidNumber, String destination, boolean talker) {
        EmulatedConference conf = conferences.get(name);
        if (conf != null && conf.refusesJoin()) {
            // recording 10: the conference app returns, the leg hangs up NORMAL_CLEARING, no conference event
            return null;
        }
        if (conf == null) {
            conf = new EmulatedConference(name, profile, UUID.randomUUID().toString(), clock.instant());
            conferences.put(name, conf);
            fire(StandInEvent.create(identity, "CUSTOM", MAINTENANCE, "mod_conference.c", "conference_new", 3848, sequence++,
                    clock.instant(), MaintenanceHeaders.conference(conf, identity.domain()).add("Action", "conference-create").build(), null));
        }
        EmulatedMember m = new EmulatedMember(nextMemberId++, uuid, channelName, cidName, cidNumber,
                destination, clock.instant());
        if (conf.videoMux()) {
            m.energy = 200; // the video-mcu-stereo profile's energy-level (recording 20)
        }
        conf.members.add(0, m);
        fire(memberEvent(conf, m, "add-member", "conference_member.c", "conference_member_add", 962, 0, EslHeaders.EMPTY));
        if (conf.floorHolder() == null) {
            giveFloor(conf, m, null);
        }
        if (talker) {
            m.talking = true;
            m.lastTalking = clock.instant();
            fire(memberEvent(conf, m, "start-talking", "conference_loop.c", "conference_loop_input", 1154, 6563, EslHeaders.EMPTY));
            EmulatedMember holder = conf.floorHolder();
            if (holder != m) {
                giveFloor(conf, m, holder);
            }
            m.talking = false;
            m.lastTalking = clock.instant();
            fire(memberEvent(conf, m, "stop-talking", "conference_loop.c", "stop_talking_handler", 783, 0, MaintenanceHeaders.talkingStats()));
        }
        return m;
    }

    private void leave(EmulatedConference conf, EmulatedMember m, String action, String function, int line) {
        fire(memberEvent(conf, m, action, "conference_api.c", function, line, 0, EslHeaders.EMPTY));
        boolean hadFloor = m.floor;
        if (hadFloor) {
            m.floor = false;
            fire(StandInEvent.create(identity, "CUSTOM", MAINTENANCE, "conference_member.c", "conference_member_set_floor_holder",
                    1158, sequence++, clock.instant(),
                    MaintenanceHeaders.conference(conf, identity.domain()).add("Action", "floor-change").add("Old-ID", "none").add("New-ID", "none").build(), null));
        }
        conf.members.remove(m);
        fire(memberEvent(conf, m, "del-member", "conference_member.c", "conference_member_del", 1355, 0, EslHeaders.EMPTY));
        if (conf.members.isEmpty()) {
            conferences.remove(conf.name);
            fire(StandInEvent.create(identity, "CUSTOM", MAINTENANCE, "mod_conference.c", "conference_thread_run", 863,
                    sequence++, clock.instant(), MaintenanceHeaders.conference(conf, identity.domain()).add("Action", "conference-destroy").build(), null));
        } else if (hadFloor) {
            giveFloor(conf, conf.members.get(0), null);
        }
    }

    /** {@code previous} null is written {@code Old-ID: none}, as FreeSWITCH does after a release. */
    private void giveFloor(EmulatedConference conf, EmulatedMember to, EmulatedMember previous) {
        if (previous != null) {
            previous.floor = false;
        }
        to.floor = true;
        EslHeaders headers = MaintenanceHeaders.conference(conf, identity.domain()).add("Action", "floor-change")
                .add("Old-ID", previous == null ? "none" : Integer.toString(previous.id))
                .addAll(MaintenanceHeaders.conference(conf, identity.domain()).build())
                .addAll(MaintenanceHeaders.member(to, to.talking ? 6563 : 0))
                .add("New-ID", Integer.toString(to.id)).build();
        fire(StandInEvent.create(identity, "CUSTOM", MAINTENANCE, "conference_member.c", "conference_member_set_floor_holder",
                1158, sequence++, clock.instant(), headers, null));
    }

    private StandInEvent memberEvent(EmulatedConference conf, EmulatedMember m, String action, String file, String function,
                                     int line, int energy, EslHeaders extra) {
        EslHeaders headers = MaintenanceHeaders.conference(conf, identity.domain()).addAll(MaintenanceHeaders.member(m, energy)).addAll(extra).add("Action", action).build();
        return StandInEvent.create(identity, "CUSTOM", MAINTENANCE, file, function, line, sequence++, clock.instant(), headers, null);
    }

    private void fire(StandInEvent event) {
        events.accept(event);
    }

    /** {@link RoomCommands}' view of this emulator; called under its lock. */
    private final class RoomEvents implements RoomCommands.Events {
        @Override
        public String domain() {
            return identity.domain();
        }

        @Override
        public Instant now() {
            return clock.instant();
        }

        @Override
        public void fire(String file, String function, int line, EslHeaders headers) {
            ModConferenceEmulator.this.fire(StandInEvent.create(identity, "CUSTOM", MAINTENANCE, file, function, line,
                    sequence++, clock.instant(), headers, null));
        }

        @Override
        public void floorTo(EmulatedConference conf, EmulatedMember to, EmulatedMember previous) {
            giveFloor(conf, to, previous);
        }

        @Override
        public void releaseFloor(EmulatedConference conf, EmulatedMember holder) {
            holder.floor = false;
            fire("conference_member.c", "conference_member_set_floor_holder", 1158,
                    MaintenanceHeaders.conference(conf, identity.domain()).add("Action", "floor-change")
                            .add("Old-ID", Integer.toString(holder.id)).add("New-ID", "none").build());
        }
    }

}
