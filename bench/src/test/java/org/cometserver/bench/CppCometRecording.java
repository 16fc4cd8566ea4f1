package org.cometserver.bench;

import java.util.HexFormat;

/**
 * Bytes CppComet 4.09 and the mariadb CLI exchanged, copied from the recordings
 * {@code testdata/cppcomet/cometql-wire-auth/conn-001.jsonl} (login as root / CometQLPassword, then
 * {@code select @@version}) and {@code cometql-wire-session/conn-001.jsonl}.
 */
final class CppCometRecording {
    static final String PASSWORD = "CometQLPassword";
    /** The greeting payload (sequence 0); its seed holds a 0x00 byte in part 1. */
    static final byte[] GREETING = hex("0a437070436f6d657420636f6d6d756e69747920342e303920284147504c206c6963656e73652900"
            + "28000000c8b0d0f04dea534400ffff0802000fc01500000000000000000000a40669df2804d1a516421757006d7973716c5f6e617469"
            + "76655f70617373776f726400");
    static final byte[] SEED = hex("c8b0d0f04dea5344a40669df2804d1a516421757");
    static final int CAPABILITIES = 0xC00FFFFF;
    /** The 20 auth bytes the mariadb CLI answered with for {@link #PASSWORD}. */
    static final byte[] AUTH_RESPONSE = hex("d362317da22b10e6914cbe267cbf54f7ab7b4cfa");
    /** Login OK payload (sequence 2). */
    static final byte[] LOGIN_OK = hex("00000002000000");
    /** Framed answer to an INSERT INTO pipes_messages. */
    static final byte[] INSERT_OK_FRAMED = hex("080000010000000002000000");
    /** Framed ERR 17 "Channel name is too short". */
    static final byte[] ERR_FRAMED =
            hex("22000001ff11002348593030304368616e6e656c206e616d6520697320746f6f2073686f7274");
    /** Framed result set answering {@code select @@version}: count, one column, EOF, one row, EOF. */
    static final byte[] VERSION_RESULT_SET_FRAMED = hex("01000001011f0000020364656600000009404076657273696f6e000c21004d"
            + "000000fd01001f000005000003fe000002005300000452437070436f6d657420636f6d6d756e69747920342e303920284147504c20"
            + "6c6963656e73652928636f6d65742d7365727665722e636f6d2c20737570706f727440636f6d65742d7365727665722e636f6d2905"
            + "000005fe00000200");

    private CppCometRecording() {
    }

    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
