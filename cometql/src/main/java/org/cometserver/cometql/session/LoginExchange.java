package org.cometserver.cometql.session;

import org.cometserver.cometql.auth.CachingSha2Password;
import org.cometserver.cometql.auth.DevIdResolver;
import org.cometserver.cometql.auth.MysqlNativePassword;
import org.cometserver.cometql.auth.Scramble;
import org.cometserver.cometql.command.Response;
import org.cometserver.cometql.error.CometQlErrors;
import org.cometserver.cometql.error.CometQlException;
import org.cometserver.cometql.protocol.MysqlPacket;
import org.cometserver.cometql.protocol.PacketPayload;
import org.cometserver.cometql.protocol.constant.CapabilityFlags;
import org.cometserver.cometql.protocol.constant.CharacterSet;
import org.cometserver.cometql.protocol.constant.StatusFlags;
import org.cometserver.cometql.protocol.packet.AuthMoreData;
import org.cometserver.cometql.protocol.packet.AuthSwitchRequest;
import org.cometserver.cometql.protocol.packet.HandshakeResponse41;
import org.cometserver.cometql.protocol.packet.HandshakeV10;
import org.cometserver.cometql.protocol.packet.OkPacket;
import org.cometserver.cometql.spi.CometQlAccounts;
import org.cometserver.cometql.spi.LoginThrottle;
import org.cometserver.cometql.sql.SqlSession;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * The connection phase of one connection: greeting, handshake response, optional auth switch, OK. Every failure
 * is thrown as a {@link CometQlException} (code 16 or 15 as in CppComet §2.1; MySQL's 1129 for an address the
 * {@link LoginThrottle} blocks, 1130 for a non-loopback client while the default password is set); the caller
 * answers it with ERR and closes.
 */
final class LoginExchange {
    /** Health checks log in without password and may then only ping (CppComet §2.1). */
    private static final String HEALTH_CHECK_USER_PREFIX = "haproxy_check";
    private static final String WRONG_LENGTH = "Authentication failure, authDataLen!=20";
    /**
     * Connector/J reads the first number in the greeting's version as the MySQL version: "CppComet community 4.09"
     * reads as 4.9 and sends the pre-5.1 {@code SHOW VARIABLES} at connect. Like MariaDB's {@code 5.5.5-} prefix,
     * a version that does not start with 5 or later gets {@code 5.7.99-} in front (the greeting only;
     * {@code @@version} is unchanged).
     */
    private static final Pattern MYSQL_5_OR_LATER = Pattern.compile("^([5-9]|[1-9][0-9]+)\\.[0-9]+.*");
    static final String VERSION_PREFIX = "5.7.99-";

    private final MysqlSession session;
    private final CometQlAccounts accounts;
    private final LoginThrottle throttle;
    private final SocketAddress remoteAddress;
    /** The client's IP address; null for transports without one (embedded tests), which are treated as local. */
    private final InetAddress clientAddress;
    private byte[] scramble = Scramble.generate();
    private HandshakeResponse41 handshake;
    private boolean switchRequested;

    LoginExchange(MysqlSession session, CometQlAccounts accounts, LoginThrottle throttle,
                  SocketAddress remoteAddress) {
        this.session = session;
        this.accounts = accounts;
        this.throttle = throttle;
        this.remoteAddress = remoteAddress;
        this.clientAddress = remoteAddress instanceof InetSocketAddress inet ? inet.getAddress() : null;
    }

    HandshakeV10 greeting() {
        return new HandshakeV10(handshakeVersion(session.config().serverVersion()), session.connectionId(), scramble,
                CapabilityFlags.SERVER_CAPABILITIES, CharacterSet.UTF8_GENERAL_CI, StatusFlags.AUTOCOMMIT,
                MysqlNativePassword.PLUGIN_NAME);
    }

    static String handshakeVersion(String serverVersion) {
        return MYSQL_5_OR_LATER.matcher(serverVersion).matches() ? serverVersion : VERSION_PREFIX + serverVersion;
    }

    /** Handles the handshake response or the answer to an auth switch. */
    Response handle(MysqlPacket packet) {
        PacketPayload in = new PacketPayload(packet.content());
        if (handshake == null) {
            handshake = HandshakeResponse41.read(in, CapabilityFlags.SERVER_CAPABILITIES);
            String plugin = handshake.authPluginName();
            if (CachingSha2Password.PLUGIN_NAME.equals(plugin)) {
                return logIn(handshake.authResponse(), true);
            }
            if (plugin == null || plugin.isEmpty() || MysqlNativePassword.PLUGIN_NAME.equals(plugin)) {
                return logIn(handshake.authResponse(), false);
            }
            scramble = Scramble.generate();
            switchRequested = true;
            return Response.of(new AuthSwitchRequest(MysqlNativePassword.PLUGIN_NAME, scramble));
        }
        if (!switchRequested) {
            throw new CometQlException(CometQlErrors.ER_NET_PACKETS_OUT_OF_ORDER, "08S01",
                    "Got packets out of order", null);
        }
        switchRequested = false;
        return logIn(in.readBytesEof(), false);
    }

    private Response logIn(byte[] authResponse, boolean cachingSha2) {
        String user = handshake.user();
        int devId = DevIdResolver.devId(user, accounts.devIndexSize());
        checkAddress();
        boolean authenticated;
        try {
            authenticated = authenticate(user, devId, authResponse, cachingSha2);
        } catch (CometQlException e) {
            if (clientAddress != null) {
                throttle.failed(clientAddress, "cometql", user);
            }
            throw e;
        }
        if (authenticated && clientAddress != null) {
            throttle.succeeded(clientAddress);
        }
        SqlSession sqlSession = new SqlSession(session.connectionId(), user, devId, remoteAddress);
        String database = handshake.database();
        if (authenticated && database != null && !database.isEmpty()) {
            try {
                session.engine().useDatabase(sqlSession, database);
            } catch (RuntimeException e) {
                throw new CometQlException(CometQlErrors.NOT_EXISTS, "Select database failure");
            }
        }
        session.loggedIn(sqlSession, authenticated);
        boolean fastAuth = cachingSha2 && authResponse.length > 0;
        return out -> {
            if (fastAuth) {
                out.write(AuthMoreData.FAST_AUTH_SUCCESS);
            }
            out.write(OkPacket.LOGIN);
        };
    }

    /** Refuses remote clients in protected mode and addresses blocked after too many failed logins. */
    private void checkAddress() {
        if (clientAddress == null) {
            return;
        }
        String ip = clientAddress.getHostAddress();
        if (!clientAddress.isLoopbackAddress() && !accounts.acceptsRemoteClients()) {
            throw new CometQlException(CometQlErrors.ER_HOST_NOT_PRIVILEGED, "HY000", "Host '" + ip
                    + "' is not allowed to connect: set [main] password in comet.ini to accept non-loopback clients",
                    null);
        }
        Duration blocked = throttle.blockedFor(clientAddress);
        if (!blocked.isZero() && !blocked.isNegative()) {
            long seconds = Math.max(1, (blocked.toMillis() + 999) / 1000);
            throw new CometQlException(CometQlErrors.ER_HOST_IS_BLOCKED, "HY000", "Host '" + ip
                    + "' is blocked because of many connection errors; retry in " + seconds + " s", null);
        }
    }

    /** True when the password matched, false for a password-less health check; throws on failure. */
    private boolean authenticate(String user, int devId, byte[] authResponse, boolean cachingSha2) {
        String password = accounts.password(devId);
        if (password == null) {
            password = "";
        }
        if (authResponse.length == 0) {
            if (user.startsWith(HEALTH_CHECK_USER_PREFIX)) {
                return false;
            }
            if (password.isEmpty()) {
                return true;
            }
            throw new CometQlException(CometQlErrors.AUTH_FAILURE, WRONG_LENGTH);
        }
        boolean matches;
        if (cachingSha2) {
            matches = CachingSha2Password.verify(password, scramble, authResponse);
        } else if (authResponse.length != Scramble.LENGTH) {
            throw new CometQlException(CometQlErrors.AUTH_FAILURE, WRONG_LENGTH);
        } else {
            matches = MysqlNativePassword.verify(password, scramble, authResponse);
        }
        if (!matches) {
            throw new CometQlException(CometQlErrors.AUTH_FAILURE, "Authentication failure");
        }
        return true;
    }
}
