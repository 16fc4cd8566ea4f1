package org.cometserver.bench;

import java.io.IOException;
import java.util.Arrays;

/**
 * The parts of a server's Protocol::HandshakeV10 this client needs: capability flags and the 20-byte auth seed.
 *
 * @see <a href="https://dev.mysql.com/doc/dev/mysql-server/latest/page_protocol_connection_phase_packets_protocol_handshake_v10.html">
 *      Protocol::HandshakeV10</a>
 */
record Greeting(int capabilities, byte[] seed) {
    private static final int PROTOCOL_VERSION = 10;
    private static final int SEED_PART1_LENGTH = 8;

    static Greeting parse(byte[] payload) throws IOException {
        if (payload.length == 0 || payload[0] != PROTOCOL_VERSION) {
            throw new IOException("not a HandshakeV10 greeting");
        }
        int pos = 1;
        while (pos < payload.length && payload[pos] != 0) { // server version, NUL-terminated
            pos++;
        }
        pos += 1 + 4; // NUL, connection id
        // part 1 (8) + filler (1) + capabilities low (2) + charset (1) + status (2) + capabilities high (2)
        // + auth data length (1) + reserved (10), then at least 12 bytes of part 2.
        int part2 = pos + SEED_PART1_LENGTH + 19;
        if (part2 + NativePassword.SEED_LENGTH - SEED_PART1_LENGTH > payload.length) {
            throw new IOException("greeting too short: " + payload.length + " bytes");
        }
        byte[] seed = new byte[NativePassword.SEED_LENGTH];
        System.arraycopy(payload, pos, seed, 0, SEED_PART1_LENGTH);
        int capsAt = pos + SEED_PART1_LENGTH + 1;
        int capabilities = (payload[capsAt] & 0xFF) | (payload[capsAt + 1] & 0xFF) << 8
                | (payload[capsAt + 5] & 0xFF) << 16 | (payload[capsAt + 6] & 0xFF) << 24;
        // CppComet's seed may contain 0x00, so part 2 is taken by length, never up to a NUL.
        System.arraycopy(payload, part2, seed, SEED_PART1_LENGTH, NativePassword.SEED_LENGTH - SEED_PART1_LENGTH);
        return new Greeting(capabilities, seed);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Greeting g && g.capabilities == capabilities && Arrays.equals(g.seed, seed);
    }

    @Override
    public int hashCode() {
        return 31 * capabilities + Arrays.hashCode(seed);
    }

    @Override
    public String toString() {
        return "Greeting[capabilities=0x" + Integer.toHexString(capabilities) + "]";
    }
}
