package org.cometserver.server.broker.redis;

import org.cometserver.server.broker.ClientInfo;
import org.cometserver.server.broker.Control;
import org.cometserver.server.broker.Publication;
import org.cometserver.server.broker.StreamPosition;
import org.cometserver.server.broker.UserMessage;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The compact binary form of what travels through Redis: pub/sub messages between nodes, history entries and
 * presence entries. Strings are a length and UTF-8 bytes (length -1 for null), so every field round-trips exactly.
 * <p>
 * A pub/sub message starts with its kind: {@code P} a publication without history, {@code F} a frame, {@code U} a
 * private message, {@code C} a control — each followed by the sending node (so it skips its own echo) — and
 * {@code K} a kept publication, written by the publish script as {@code K<offset>:<epoch>:<body>} and delivered to
 * every node, the publisher included. A history entry is {@code <offset>:<body>}; its epoch is the channel's.
 */
final class Wire {
    static final byte PUBLICATION = 'P';
    static final byte KEPT = 'K';
    static final byte FRAME = 'F';
    static final byte USER = 'U';
    static final byte CONTROL = 'C';
    private static final byte DISCONNECT_USER = 'D';
    private static final byte SETTINGS_CHANGED = 'S';
    private static final byte QUEUE_CHANGED = 'Q';
    private static final byte PHONE_IN_ROOM = 'H';
    private static final byte CALL_SESSION = 'c';
    private static final byte CALL_SIGNAL = 's';
    private static final byte CALL_DISCONNECTED = 'd';
    private static final byte CALL_FRAME = 'f';
    private static final byte CALL_USER_FRAME = 'u';
    private static final byte NODE_LOST = 'n';
    private static final byte CALL_QUERY = 'q';
    private static final byte CALL_ANSWER = 'a';
    private static final byte CALL_SCAN = 'g';
    private static final byte CALL_REJECT = 'r';
    private static final byte CALL_VERDICT = 'v';

    private Wire() {
    }

    /** A publication's fields but its position: the body of {@code P} and {@code K} messages and history entries. */
    static byte[] body(int devId, Publication p) {
        return write(out -> writeBody(out, devId, p));
    }

    static byte[] publication(String node, int devId, Publication p) {
        return write(out -> {
            out.writeByte(PUBLICATION);
            writeString(out, node);
            writeBody(out, devId, p);
        });
    }

    static byte[] frame(String node, int devId, String channel, byte[] frame) {
        return write(out -> {
            out.writeByte(FRAME);
            writeString(out, node);
            out.writeInt(devId);
            writeString(out, channel);
            writeBytes(out, frame);
        });
    }

    static byte[] user(String node, int devId, UserMessage m) {
        return write(out -> {
            out.writeByte(USER);
            writeString(out, node);
            out.writeInt(devId);
            out.writeLong(m.userId());
            writeBytes(out, m.frame());
            writeString(out, m.event());
            writeString(out, m.queuedText());
        });
    }

    static byte[] control(String node, Control control) {
        return write(out -> {
            out.writeByte(CONTROL);
            writeString(out, node);
            out.writeInt(control.devId());
            if (control instanceof Control.DisconnectUser d) {
                out.writeByte(DISCONNECT_USER);
                out.writeLong(d.userId());
                out.writeInt(d.code());
                writeString(out, d.reason());
            } else if (control instanceof Control.QueueChanged q) {
                out.writeByte(QUEUE_CHANGED);
                out.writeLong(q.userId());
            } else if (control instanceof Control.PipeSettingsChanged s) {
                out.writeByte(SETTINGS_CHANGED);
                out.writeInt(s.channels().size());
                for (String channel : s.channels()) {
                    writeString(out, channel);
                }
            } else if (control instanceof Control.PhoneInRoom p) {
                out.writeByte(PHONE_IN_ROOM);
                writeString(out, p.uuid());
                out.writeLong(p.userId());
                writeString(out, p.number());
            } else if (control instanceof Control.Call call) {
                writeCall(out, call);
            }
        });
    }

    private static void writeCall(DataOutputStream out, Control.Call call) throws IOException {
        if (call instanceof Control.CallSession c) {
            out.writeByte(CALL_SESSION);
            writeStrings(out, c.sessionId(), c.owner());
            out.writeBoolean(c.live());
        } else if (call instanceof Control.CallSignal c) {
            out.writeByte(CALL_SIGNAL);
            writeStrings(out, c.toNode(), c.fromNode(), c.connectionId());
            out.writeLong(c.userId());
            writeString(out, c.signal());
        } else if (call instanceof Control.CallDisconnected c) {
            out.writeByte(CALL_DISCONNECTED);
            writeStrings(out, c.toNode(), c.fromNode(), c.connectionId());
        } else if (call instanceof Control.CallFrame c) {
            out.writeByte(CALL_FRAME);
            writeStrings(out, c.toNode(), c.connectionId(), c.frame());
        } else if (call instanceof Control.CallUserFrame c) {
            out.writeByte(CALL_USER_FRAME);
            out.writeLong(c.userId());
            writeStrings(out, c.exceptNode(), c.exceptConnection(), c.frame());
        } else if (call instanceof Control.NodeLost c) {
            out.writeByte(NODE_LOST);
            writeString(out, c.node());
        } else if (call instanceof Control.CallQuery c) {
            out.writeByte(CALL_QUERY);
            writeStrings(out, c.toNode(), c.fromNode());
            out.writeLong(c.requestId());
            writeString(out, c.sessionId());
            out.writeBoolean(c.hangUp());
            writeLongs(out, c.userIds());
        } else if (call instanceof Control.CallScan c) {
            out.writeByte(CALL_SCAN);
            writeStrings(out, c.toNode(), c.fromNode());
            out.writeLong(c.requestId());
            writeLongs(out, c.userIds());
            out.writeInt(c.limit());
        } else if (call instanceof Control.CallReject c) {
            out.writeByte(CALL_REJECT);
            writeStrings(out, c.toNode(), c.fromNode());
            out.writeLong(c.requestId());
            out.writeLong(c.userId());
            writeString(out, c.signal());
        } else if (call instanceof Control.CallVerdict c) {
            out.writeByte(CALL_VERDICT);
            writeString(out, c.toNode());
            out.writeLong(c.requestId());
            writeStrings(out, c.refusal(), c.text());
        } else if (call instanceof Control.CallAnswer c) {
            out.writeByte(CALL_ANSWER);
            writeString(out, c.toNode());
            out.writeLong(c.requestId());
            writeString(out, c.rows());
            out.writeInt(c.ended());
        }
    }

    private static Control readCall(byte type, int devId, DataInputStream in) throws IOException {
        return switch (type) {
            case CALL_SESSION -> new Control.CallSession(devId, readString(in), readString(in), in.readBoolean());
            case CALL_SIGNAL -> new Control.CallSignal(devId, readString(in), readString(in), readString(in),
                    in.readLong(), readString(in));
            case CALL_DISCONNECTED -> new Control.CallDisconnected(devId, readString(in), readString(in),
                    readString(in));
            case CALL_FRAME -> new Control.CallFrame(devId, readString(in), readString(in), readString(in));
            case CALL_USER_FRAME -> new Control.CallUserFrame(devId, in.readLong(), readString(in), readString(in),
                    readString(in));
            case NODE_LOST -> new Control.NodeLost(devId, readString(in));
            case CALL_QUERY -> new Control.CallQuery(devId, readString(in), readString(in), in.readLong(),
                    readString(in), in.readBoolean(), readLongs(in));
            case CALL_ANSWER -> new Control.CallAnswer(devId, readString(in), in.readLong(), readString(in),
                    in.readInt());
            case CALL_SCAN -> new Control.CallScan(devId, readString(in), readString(in), in.readLong(),
                    readLongs(in), in.readInt());
            case CALL_REJECT -> new Control.CallReject(devId, readString(in), readString(in), in.readLong(),
                    in.readLong(), readString(in));
            case CALL_VERDICT -> new Control.CallVerdict(devId, readString(in), in.readLong(), readString(in),
                    readString(in));
            default -> throw new IllegalArgumentException("unknown control " + type);
        };
    }

    /** A count and that many longs; -1 for null. */
    private static void writeLongs(DataOutputStream out, List<Long> longs) throws IOException {
        out.writeInt(longs == null ? -1 : longs.size());
        for (long value : longs == null ? List.<Long>of() : longs) {
            out.writeLong(value);
        }
    }

    /** What {@link #writeLongs} wrote. */
    private static List<Long> readLongs(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        List<Long> longs = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            longs.add(in.readLong());
        }
        return longs;
    }

    private static void writeStrings(DataOutputStream out, String... strings) throws IOException {
        for (String s : strings) {
            writeString(out, s);
        }
    }

    static byte[] client(ClientInfo c) {
        return write(out -> {
            writeString(out, c.node());
            writeString(out, c.connectionId());
            out.writeLong(c.userId());
            writeString(out, c.uuid());
            writeString(out, c.userAgent());
            writeString(out, c.ip());
            writeString(out, c.origin());
            writeString(out, c.language());
        });
    }

    static ClientInfo readClient(byte[] bytes) {
        return read(bytes, 0, in -> new ClientInfo(readString(in), readString(in), in.readLong(), readString(in),
                readString(in), readString(in), readString(in), readString(in)));
    }

    /** A decoded pub/sub message: its kind, the sending node (null for {@code K}), dev_id and content. */
    record Message(byte kind, String node, int devId, String channel, Object content) {
    }

    static Message readMessage(byte[] bytes) {
        byte kind = bytes[0];
        if (kind == KEPT) {
            int offsetEnd = indexOf(bytes, 1);
            int epochEnd = indexOf(bytes, offsetEnd + 1);
            long offset = Long.parseLong(ascii(bytes, 1, offsetEnd));
            String epoch = ascii(bytes, offsetEnd + 1, epochEnd);
            Bodied b = readBody(bytes, epochEnd + 1);
            return new Message(kind, null, b.devId, b.publication.channel(),
                    b.publication.withPosition(new StreamPosition(offset, epoch)));
        }
        return read(bytes, 1, in -> {
            String node = readString(in);
            int devId = in.readInt();
            switch (kind) {
                case PUBLICATION -> {
                    Publication p = readPublication(in);
                    return new Message(kind, node, devId, p.channel(), p);
                }
                case FRAME -> {
                    String channel = readString(in);
                    return new Message(kind, node, devId, channel, readBytes(in));
                }
                case USER -> {
                    long userId = in.readLong();
                    UserMessage m = new UserMessage(userId, readBytes(in), readString(in), readString(in));
                    return new Message(kind, node, devId, null, m);
                }
                case CONTROL -> {
                    byte type = in.readByte();
                    if (type == DISCONNECT_USER) {
                        return new Message(kind, node, devId, null,
                                new Control.DisconnectUser(devId, in.readLong(), in.readInt(), readString(in)));
                    }
                    if (type == QUEUE_CHANGED) {
                        return new Message(kind, node, devId, null, new Control.QueueChanged(devId, in.readLong()));
                    }
                    if (type == PHONE_IN_ROOM) {
                        return new Message(kind, node, devId, null, new Control.PhoneInRoom(devId, readString(in),
                                in.readLong(), readString(in)));
                    }
                    if (type != SETTINGS_CHANGED) {
                        return new Message(kind, node, devId, null, readCall(type, devId, in));
                    }
                    int n = in.readInt();
                    List<String> channels = new ArrayList<>(n);
                    for (int i = 0; i < n; i++) {
                        channels.add(readString(in));
                    }
                    return new Message(kind, node, devId, null, new Control.PipeSettingsChanged(devId, channels));
                }
                default -> throw new IllegalArgumentException("unknown message kind " + kind);
            }
        });
    }

    /** A history entry {@code <offset>:<body>} with the channel's epoch. */
    static Publication readEntry(byte[] entry, String epoch) {
        int offsetEnd = indexOf(entry, 0);
        long offset = Long.parseLong(ascii(entry, 0, offsetEnd));
        return readBody(entry, offsetEnd + 1).publication.withPosition(new StreamPosition(offset, epoch));
    }

    private record Bodied(int devId, Publication publication) {
    }

    private static Bodied readBody(byte[] bytes, int from) {
        return read(bytes, from, in -> {
            int devId = in.readInt();
            return new Bodied(devId, readPublication(in));
        });
    }

    private static void writeBody(DataOutputStream out, int devId, Publication p) throws IOException {
        out.writeInt(devId);
        writeString(out, p.id());
        writeString(out, p.channel());
        writeString(out, p.event());
        writeString(out, p.data());
        out.writeLong(p.time());
        out.writeLong(p.senderId());
    }

    private static Publication readPublication(DataInputStream in) throws IOException {
        return new Publication(readString(in), readString(in), readString(in), readString(in), in.readLong(),
                in.readLong(), null);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] bytes, int from, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(
                new java.io.ByteArrayInputStream(bytes, from, bytes.length - from))) {
            return reader.read(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated message", e);
        }
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        writeBytes(out, s == null ? null : s.getBytes(StandardCharsets.UTF_8));
    }

    private static String readString(DataInputStream in) throws IOException {
        byte[] b = readBytes(in);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    private static void writeBytes(DataOutputStream out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
            return;
        }
        out.writeInt(b.length);
        out.write(b);
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == ':') {
                return i;
            }
        }
        throw new IllegalArgumentException("malformed kept publication");
    }

    private static String ascii(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.US_ASCII);
    }
}
