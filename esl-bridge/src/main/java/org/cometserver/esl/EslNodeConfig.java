package org.cometserver.esl;

import java.util.Objects;

/** One FreeSWITCH event socket to connect to ({@code event_socket.conf.xml}: listen-ip, listen-port, password). */
public record EslNodeConfig(String name, String host, int port, String password) {

    public EslNodeConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(password, "password");
        if (name.isBlank()) {
            throw new IllegalArgumentException("node name: empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1..65535)");
        }
        if (password.indexOf('\n') >= 0 || password.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("password: contains a line break");
        }
    }

    @Override
    public String toString() {
        return "EslNodeConfig[" + name + " " + host + ":" + port + "]";
    }
}
