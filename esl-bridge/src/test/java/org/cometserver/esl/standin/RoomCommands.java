package org.cometserver.esl.standin;

import org.cometserver.esl.codec.EslHeaders;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * mod_conference's room commands as FreeSWITCH 1.10.12 answers them (recordings 10, 11 and 15-conference-room-control):
 * {@code lock}/{@code unlock}, {@code get}/{@code set max_members}, {@code recording start|stop|check},
 * {@code vid-layout}, {@code vid-floor}, {@code floor} and {@code play}, with their {@code conference::maintenance}
 * events. Joins a locked or full room refuses are in {@link EmulatedConference#refusesJoin}. Called by
 * {@link ModConferenceEmulator} under its lock.
 */
final class RoomCommands {
    static final Set<String> VERBS = Set.of("lock", "unlock", "get", "set", "recording", "record", "norecord",
            "chkrecord", "vid-layout", "vid-floor", "floor", "play");
    /** mod_sndfile's formats; another extension cannot be opened (recording 11). */
    private static final Set<String> FORMATS = Set.of("wav", "au", "aiff", "flac", "ogg", "raw");
    /** A few of conference_layouts.conf.xml's layouts, and its groups. */
    private static final Set<String> LAYOUTS = Set.of("1x1", "2x1", "1x2", "2x2", "3x3", "4x4", "5x5", "1up_top_left+5",
            "1up_top_left+7", "2up_top+8", "presenter-dual-vertical");
    private static final Set<String> GROUPS = Set.of("grid", "grid-zoom");
    /** Recording 11: 8000 Hz mono wav, 64474 bytes for 4020 ms. */
    private static final int SAMPLE_RATE = 8000;

    /** What RoomCommands needs of the emulator: the domain, and firing a conference event with the next sequence. */
    interface Events {
        String domain();

        Instant now();

        void fire(String file, String function, int line, EslHeaders headers);

        void floorTo(EmulatedConference conf, EmulatedMember to, EmulatedMember previous);

        void releaseFloor(EmulatedConference conf, EmulatedMember holder);
    }

    private final Events events;
    private final Map<String, Instant> recordingStarts = new HashMap<>();

    RoomCommands(Events events) {
        this.events = events;
    }

    String run(EmulatedConference conf, String[] words) {
        String verb = words[1];
        String arg = words.length > 2 ? words[2] : null;
        return switch (verb) {
            case "lock" -> lock(conf, true);
            case "unlock" -> lock(conf, false);
            case "get" -> get(conf, arg);
            case "set" -> set(conf, arg, words.length > 3 ? words[3] : null);
            case "recording" -> recording(conf, arg, words.length > 3 ? words[3] : null);
            case "record" -> recording(conf, "start", arg);
            case "norecord" -> recording(conf, "stop", arg);
            case "chkrecord" -> recording(conf, "check", null);
            case "vid-layout" -> layout(conf, arg);
            case "vid-floor" -> videoFloor(conf, arg);
            case "floor" -> floor(conf, arg);
            case "play" -> play(arg);
            default -> throw new IllegalArgumentException(verb);
        };
    }

    private String lock(EmulatedConference conf, boolean lock) {
        conf.locked = lock;
        events.fire("conference_api.c", lock ? "conference_api_sub_lock" : "conference_api_sub_unlock",
                lock ? 3474 : 3496, MaintenanceHeaders.conference(conf, events.domain())
                        .add("Action", lock ? "lock" : "unlock").build());
        return "+OK " + conf.name + (lock ? " locked\n" : " unlocked\n");
    }

    /** Replies are the bare value, no line end (recording 10). */
    private String get(EmulatedConference conf, String key) {
        return switch (key == null ? "" : key) {
            case "max_members" -> Integer.toString(conf.maxMembers);
            case "count" -> Integer.toString(conf.members.size());
            default -> "-ERR Invalid input\n";
        };
    }

    /** Answers the previous value; a value that is not a number is read as 0, as atoi does (checked on 1.10.12). */
    private String set(EmulatedConference conf, String key, String value) {
        if (!"max_members".equals(key) || value == null) {
            return "-ERR Invalid input\n";
        }
        int old = conf.maxMembers;
        conf.maxMembers = value.matches("[0-9]{1,9}") ? Integer.parseInt(value) : 0;
        return Integer.toString(old);
    }

    private String recording(EmulatedConference conf, String action, String path) {
        if (action == null) {
            return "-ERR Invalid input\n";
        }
        return switch (action) {
            case "start" -> startRecording(conf, path);
            case "stop" -> stopRecording(conf, path);
            case "check" -> conf.recordings.isEmpty() ? "-ERR Conference is not being recorded.\n"
                    : "+OK Record file " + conf.recordings.get(0) + "\n";
            case "pause", "resume" -> pause(conf, action, path);
            default -> "-ERR Invalid input\n";
        };
    }

    private String startRecording(EmulatedConference conf, String path) {
        if (path == null) {
            return "-ERR Invalid input\n";
        }
        if (conf.recordings.contains(path)) {
            return "-ERR file [" + path + "] is already being used for recording.\n";
        }
        String extension = path.substring(path.lastIndexOf('.') + 1);
        if (!FORMATS.contains(extension)) {
            // accepted, then the recorder cannot open the file: an Error start and an empty stop (recording 11)
            events.fire("conference_record.c", "conference_record_thread_run", 280, MaintenanceHeaders
                    .conference(conf, events.domain()).add("Action", "start-recording").add("Path", path)
                    .add("Error", "File could not be opened for recording").build());
            events.fire("conference_record.c", "conference_record_thread_run", 427, MaintenanceHeaders
                    .conference(conf, events.domain()).add("Action", "stop-recording").add("Path", path)
                    .add("Other-Recordings", Boolean.toString(!conf.recordings.isEmpty())).add("Samples-Out", "0")
                    .add("Samplerate", Integer.toString(SAMPLE_RATE)).add("Milliseconds-Elapsed", "0").build());
            return "+OK Record file " + path + "\n";
        }
        conf.recordings.add(path);
        recordingStarts.put(conf.uuid + path, events.now());
        events.fire("conference_record.c", "conference_record_thread_run", 319, MaintenanceHeaders
                .conference(conf, events.domain()).add("Action", "start-recording").add("Path", eventPath(conf, path))
                .build());
        // a mux conference records the canvas too (recording 15)
        return "+OK Record file " + path + (conf.videoMux() ? " canvas 1" : "") + "\n";
    }

    private String stopRecording(EmulatedConference conf, String path) {
        StringBuilder reply = new StringBuilder();
        if ("all".equals(path)) {
            for (String running : new ArrayList<>(conf.recordings)) {
                reply.append(stopped(conf, running));
            }
        } else if (path != null && conf.recordings.contains(path)) {
            reply.append(stopped(conf, path));
        } else {
            reply.append("-ERR non-existant recording '").append(path).append("'\n");
        }
        // the count is taken before the recorder thread ended: always 0 (recording 11)
        return reply.append("+OK Stopped recording 0 files\n").toString();
    }

    private String stopped(EmulatedConference conf, String path) {
        conf.recordings.remove(path);
        Instant started = recordingStarts.remove(conf.uuid + path);
        long millis = started == null ? 0 : Math.max(0, Duration.between(started, events.now()).toMillis());
        long samples = millis * SAMPLE_RATE / 1000;
        events.fire("conference_record.c", "conference_record_thread_run", 427, MaintenanceHeaders
                .conference(conf, events.domain()).add("Action", "stop-recording").add("Path", eventPath(conf, path))
                .add("Other-Recordings", Boolean.toString(!conf.recordings.isEmpty()))
                .add("Samples-Out", Long.toString(samples)).add("Samplerate", Integer.toString(SAMPLE_RATE))
                .add("Milliseconds-Elapsed", Long.toString(millis))
                .add("Record-File-Size", Long.toString(44 + samples * 2)).build());
        return "Stopped recording file " + path + "\n";
    }

    private String pause(EmulatedConference conf, String action, String path) {
        if (path == null || !conf.recordings.contains(path)) {
            return "-ERR non-existant recording '" + path + "'\n";
        }
        events.fire("conference_api.c", "conference_api_sub_pauserec", 3860, MaintenanceHeaders
                .conference(conf, events.domain()).add("Action", action + "-recording").add("Path", eventPath(conf, path))
                .add("Other-Recordings", "true").build());
        return "+OK " + (action.equals("pause") ? "Pause" : "Resume") + " recording file " + path + "\n";
    }

    /** A mux conference's events carry the recorder's variables before the path (recording 15). */
    private static String eventPath(EmulatedConference conf, String path) {
        return conf.videoMux()
                ? "{video_time_audio=false,channels=2,samplerate=48000,vw=1920,vh=1080,fps=30.30}" + path : path;
    }

    private String layout(EmulatedConference conf, String name) {
        if (name == null) {
            return "-ERR Invalid input\n";
        }
        if (!conf.videoMux()) {
            return "-ERR Conference is not in mixing mode\n";
        }
        if (name.startsWith("group:")) {
            String group = name.substring("group:".length());
            return GROUPS.contains(group) ? "+OK Change to layout group [" + group + "]\n"
                    : "-ERR Invalid layout group [" + group + "]\n";
        }
        return LAYOUTS.contains(name) ? "+OK Change canvas 1 to layout [" + name + "]\n"
                : "-ERR Invalid layout [" + name + "]\n";
    }

    /**
     * Stand-in members are loopback legs without video: FreeSWITCH answers an empty body, which mod_event_socket
     * sends as {@code -ERR no reply} (checked on 1.10.12; it logs "does not have video capability!").
     */
    private String videoFloor(EmulatedConference conf, String id) {
        if (id == null || !id.matches("[0-9]+")) {
            return "-ERR Invalid input\n";
        }
        EmulatedMember m = conf.member(Integer.parseInt(id));
        if (m == null) {
            return "-ERR Non-Existant ID " + id + "\n";
        }
        return "-ERR no reply\n";
    }

    /**
     * Recording 10: the holder asking releases the floor ({@code +OK floor none}; the mixer hands it at once to the
     * newest member); another member asking while it is held: {@code -ERR floor is held by <id>}; nobody holding it:
     * the member takes it.
     */
    private String floor(EmulatedConference conf, String id) {
        if (id == null || !id.matches("[0-9]+")) {
            return "-ERR Invalid input\n";
        }
        EmulatedMember m = conf.member(Integer.parseInt(id));
        if (m == null) {
            return "-ERR Non-Existant ID " + id + "\n";
        }
        EmulatedMember holder = conf.floorHolder();
        if (holder == m) {
            events.releaseFloor(conf, m);
            events.floorTo(conf, conf.members.get(0), null);
            return "+OK floor none\n";
        }
        if (holder != null) {
            return "-ERR floor is held by " + holder.id + "\n";
        }
        events.floorTo(conf, m, null);
        return "+OK floor " + m.id + "\n";
    }

    /** Only tones play: the stand-in, like the recorded build, has no sound files. No play-file events are emulated. */
    private static String play(String file) {
        if (file == null) {
            return "-ERR Invalid input\n";
        }
        if (file.startsWith("tone_stream://")) {
            return "+OK (play) Playing file " + file + "\n";
        }
        return "-ERR (play) File: " + file + " not found.\n";
    }
}
