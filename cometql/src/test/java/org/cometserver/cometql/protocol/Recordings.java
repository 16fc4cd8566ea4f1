package org.cometserver.cometql.protocol;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The wire recordings of the real CppComet 4.09 in {@code <repo>/testdata/cppcomet/cometql-wire-*} (see
 * {@code testdata/README.md}; kept in the repository so that a clone tests on its own): per connection, the raw bytes
 * each side sent and the MySQL packets the recorder cut them into.
 */
public final class Recordings {
    /** The test runs in the module dir ({@code <repo>/cometql}), so the repository root is its parent. */
    public static final Path CPPCOMET = Path.of("..", "testdata", "cppcomet");
    private static final Pattern LINE = Pattern.compile(
            "\\{\"dir\": \"(C->S|S->C)\", \"kind\": \"(raw|mysql_packet)\"(?:, \"seq\": (\\d+), \"len\": \\d+)?, \"hex\": \"([0-9a-f]*)\"");

    private Recordings() {
    }

    /** One recorded packet: direction, sequence id and payload. */
    public record Packet(boolean fromClient, int sequenceId, byte[] payload) {
    }

    /** One connection's recording. */
    public record Connection(Path file, List<byte[]> clientChunks, List<Packet> packets) {
        public List<Packet> clientPackets() {
            return packets.stream().filter(Packet::fromClient).toList();
        }

        public List<Packet> serverPackets() {
            return packets.stream().filter(p -> !p.fromClient()).toList();
        }

        public byte[] clientBytes() {
            int length = clientChunks.stream().mapToInt(c -> c.length).sum();
            byte[] all = new byte[length];
            int offset = 0;
            for (byte[] chunk : clientChunks) {
                System.arraycopy(chunk, 0, all, offset, chunk.length);
                offset += chunk.length;
            }
            return all;
        }
    }

    /** Every {@code conn-*.jsonl} under {@code cometql-wire-auth} and {@code cometql-wire-session}; some in each. */
    public static List<Connection> all() {
        List<Connection> connections = new ArrayList<>();
        for (String folder : List.of("cometql-wire-auth", "cometql-wire-session")) {
            Path dir = CPPCOMET.resolve(folder).toAbsolutePath().normalize();
            int before = connections.size();
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> f.toString().endsWith(".jsonl")).sorted().forEach(f -> connections.add(read(f)));
            } catch (IOException e) {
                throw new UncheckedIOException("recordings not found at " + dir, e);
            }
            if (connections.size() == before) {
                throw new IllegalStateException("no *.jsonl in " + dir);
            }
        }
        return connections;
    }

    public static Connection read(Path file) {
        List<byte[]> chunks = new ArrayList<>();
        List<Packet> packets = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                Matcher m = LINE.matcher(line);
                if (!m.find()) {
                    continue;
                }
                boolean fromClient = m.group(1).equals("C->S");
                byte[] bytes = Hex.bytes(m.group(4));
                if (m.group(2).equals("raw")) {
                    if (fromClient) {
                        chunks.add(bytes);
                    }
                } else {
                    packets.add(new Packet(fromClient, Integer.parseInt(m.group(3)), bytes));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Connection(file, chunks, packets);
    }
}
