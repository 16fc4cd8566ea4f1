package org.cometserver.server.wiring;

import org.cometserver.cometql.spi.CometQlAccounts;
import org.cometserver.server.config.MainSection;

/** CometQL logins from {@code [main]}: CppComet has one password for every dev_id (§2.2). */
final class IniAccounts implements CometQlAccounts {
    private final MainSection main;

    IniAccounts(MainSection main) {
        this.main = main;
    }

    @Override
    public String password(int devId) {
        return main.password();
    }

    @Override
    public int devIndexSize() {
        return main.devIndexSize();
    }

    @Override
    public boolean acceptsRemoteClients() {
        return !main.protectedMode();
    }
}
